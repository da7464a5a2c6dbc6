"""The agreement as a Word file: Sarabun for Thai on every run, the content, Thai digits, the view."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote

import fontpkg_sarabun
import pytest
from django.urls import include, path, reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from khamrap import urls as project_urls
from khamrap.agreements.selectors import indicators_of
from khamrap.documents.word import (
    LINE_HEIGHT,
    RUN_PROPERTY_ORDER,
    plain_number,
    render_agreement_docx,
)
from khamrap.documents.word_views import DOCX_CONTENT_TYPE

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "documents"
SARABUN = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")

# The project's URLs, plus this app's until khamrap/urls.py includes it.
_included = any(
    getattr(getattr(p, "urlconf_name", None), "__name__", "") == "khamrap.documents.word_urls"
    for p in project_urls.urlpatterns
)
urlpatterns = list(project_urls.urlpatterns)
if not _included:
    urlpatterns.append(path("documents/word/", include("khamrap.documents.word_urls")))
handler404 = project_urls.handler404


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def text_of(document) -> str:
    """Every paragraph of the body, tables included, one a line."""
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in document.element.body.iter(qn("w:p"))
    )


def assert_thai_font(rpr, where: str) -> None:
    assert rpr is not None, where
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts is not None, where
    assert {name: fonts.get(qn(name)) for name in SARABUN} == dict.fromkeys(SARABUN, "Sarabun"), (
        where
    )
    assert not any("theme" in key.lower() for key in fonts.attrib), where
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32", where
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32", where
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH", where
    # Word refuses a file whose run properties are out of the schema's order.
    order = [RUN_PROPERTY_ORDER.index(child.tag.split("}")[-1]) for child in rpr]
    assert order == sorted(order), where


def test_the_normal_style_and_every_run_use_sarabun_16_for_thai(doae):
    document = open_docx(render_agreement_docx(doae))
    assert_thai_font(document.styles["Normal"].element.rPr, "Normal style")
    runs = list(document.element.body.iter(qn("w:r")))
    assert len(runs) > 50
    for run in runs:
        assert_thai_font(run.find(qn("w:rPr")), "".join(t.text for t in run.iter(qn("w:t"))))
    bold = [r for r in runs if r.find(qn("w:rPr")).find(qn("w:b")) is not None]
    assert bold and all(r.find(qn("w:rPr")).find(qn("w:bCs")) is not None for r in bold)


def test_the_page_is_a4_with_official_margins(doae):
    section = open_docx(render_agreement_docx(doae)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == 3
    assert {round(m.cm, 2) for m in (section.top_margin, section.right_margin)} == {2.5}
    assert round(section.bottom_margin.cm, 2) == 2.5


def test_the_table_is_an_attachment_on_landscape_a4(doae):
    document = open_docx(render_agreement_docx(doae))
    assert len(document.sections) == 2
    attachment = document.sections[1]
    assert attachment.orientation == WD_ORIENT.LANDSCAPE
    assert (round(attachment.page_width.cm, 1), round(attachment.page_height.cm, 1)) == (29.7, 21)
    assert round(attachment.left_margin.cm, 2) == 3
    body = list(document.element.body)
    # The signatures table comes before the indicator table, on page 1.
    tables = [e for e in body if e.tag == qn("w:tbl")]
    assert len(tables) == 2 and "ลงชื่อ" in "".join(t.text for t in tables[0].iter(qn("w:t")))


def test_the_document_says_who_promises_what_and_when(doae):
    text = text_of(open_docx(render_agreement_docx(doae)))
    assert "คำรับรองการปฏิบัติราชการ" in text
    assert "กรมส่งเสริมการเกษตร" in text
    assert "ประจำปีงบประมาณ พ.ศ. 2569" in text
    assert doae.promisor_name and doae.promisor_name in text
    assert doae.promisee_name and doae.promisee_name in text
    assert doae.promisor_position in text and doae.promisee_position in text
    assert "1 ตุลาคม 2568" in text and "30 กันยายน 2569" in text
    assert "วันที่ 15 ตุลาคม 2568" in text  # signed on
    assert re.search(r"ลงชื่อ …+", text)


def test_the_table_has_every_indicator_with_its_weight_by_group(doae):
    document = open_docx(render_agreement_docx(doae))
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    by_name = {row[1]: row for row in rows}
    indicators = indicators_of(doae)
    assert len(indicators) >= 7  # with the sub-indicators of a composite
    for indicator in indicators:
        row = by_name[indicator.name]
        weight = plain_number(indicator.weight)
        assert row[0] == indicator.number
        assert row[2] == (weight if indicator.parent_id is None else f"({weight})")
        if indicator.kind == "numeric":
            assert row[4:] == [plain_number(t) for t in indicator.targets]
        if indicator.kind == "milestone":
            assert set(row[4:]) == {"ระดับขั้นของความสำเร็จ"}
    group_rows = [row for row in rows if row[0].startswith("มิติที่")]
    assert [row[0] for row in group_rows][:1] == ["มิติที่ 1 ด้านประสิทธิผลตามแผนปฏิบัติราชการ"]
    assert rows[-1][0] == "รวม" and rows[-1][2] == "100"
    numeric = next(i for i in indicators if i.kind == "numeric")
    assert by_name[numeric.name][4:] == ["70", "75", "80", "85", "90"]


def test_thai_digits_everywhere_when_chosen(doae):
    text = text_of(open_docx(render_agreement_docx(doae, thai_digits=True)))
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert "๑ ตุลาคม ๒๕๖๘" in text and "๓๐ กันยายน ๒๕๖๙" in text
    assert "๑๐๐" in text  # the total weight
    assert not re.search(r"[0-9]", text)


def test_an_unsigned_draft_leaves_dotted_lines_to_fill_in(world, agreement):
    text = text_of(open_docx(render_agreement_docx(agreement)))
    assert "วันที่ ………… เดือน …………………………… พ.ศ. …………" in text
    assert "(……………………………………)" in text
    assert "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม" in text
    assert "ผ่าน / ไม่ผ่าน" in text


@pytest.mark.urls(__name__)
def test_the_view_gives_the_file_to_the_coordinator_and_404_to_another_organization(client, doae):
    url = reverse("documents_word:agreement_docx", args=[doae.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(doae.organization.memberships.get(role="coordinator").user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('คำรับรอง-DOAE-2569.docx')}" in disposition
    assert "กรมส่งเสริมการเกษตร" in text_of(open_docx(response.content))
    thai = client.get(url, {"digits": "thai"})
    assert "พ.ศ. ๒๕๖๙" in text_of(open_docx(thai.content))

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator.doa"))
    assert client.get(url).status_code == 404


def field_text(paragraph) -> tuple[str, list[str]]:
    """A paragraph's text as shown, and the instructions of its fields."""
    element = paragraph._p
    shown = "".join(t.text or "" for t in element.iter(qn("w:t")))
    return shown, [i.text.strip() for i in element.iter(qn("w:instrText"))]


def test_pages_after_the_first_are_numbered_at_the_top_in_the_thai_official_style(doae):
    document = open_docx(render_agreement_docx(doae))
    first, attachment = document.sections
    # The first page is unnumbered (ระเบียบงานสารบรรณ); the others read "- 2 -", "- 3 -", ...
    assert first.different_first_page_header_footer
    assert all(not p.text for p in first.first_page_header.paragraphs)
    (number,) = first.header.paragraphs
    assert field_text(number) == ("- 2 -", ["PAGE"])
    assert number.alignment == 1  # centred
    fields = [c.get(qn("w:fldCharType")) for c in number._p.iter(qn("w:fldChar"))]
    assert fields == ["begin", "separate", "end"]
    for run in number._p.iter(qn("w:r")):
        assert_thai_font(run.find(qn("w:rPr")), "header")
    # The attachment's first page is numbered too, with the same header.
    assert not attachment.different_first_page_header_footer
    assert attachment.header.is_linked_to_previous
    assert first._sectPr.find(qn("w:pgNumType")) is None  # Arabic digits by default


def test_page_numbers_are_thai_digits_when_chosen(doae):
    document = open_docx(render_agreement_docx(doae, thai_digits=True))
    for section in document.sections:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"


def test_the_file_properties_describe_the_agreement(doae):
    content = render_agreement_docx(doae)
    properties = open_docx(content).core_properties
    assert properties.title == ("คำรับรองการปฏิบัติราชการ กรมส่งเสริมการเกษตร ประจำปีงบประมาณ พ.ศ. 2569")
    assert properties.subject == (
        "คำรับรองระหว่าง ปลัดกระทรวงเกษตรและสหกรณ์ ผู้รับคำรับรอง กับ อธิบดีกรมส่งเสริมการเกษตร ผู้ทำคำรับรอง"
    )
    assert properties.author == properties.last_modified_by == "กรมส่งเสริมการเกษตร"
    assert properties.category == "คำรับรองการปฏิบัติราชการ"
    assert properties.content_status == "ประกาศให้ประชาชนทราบแล้ว"
    assert properties.language == "th-TH"
    assert properties.comments == ""  # not the template's "generated by python-docx"
    assert properties.revision == doae.version
    # The demo drafted it on 1 September 2025 at 10:00 in Bangkok and published it on 17 October.
    assert properties.created == dt.datetime(2025, 9, 1, 3, 0, tzinfo=dt.UTC)
    assert properties.modified == dt.datetime(2025, 10, 17, 3, 0, tzinfo=dt.UTC)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.namelist()
        application = package.read("docProps/app.xml").decode()
    assert not [name for name in names if "thumbnail" in name]  # the template's picture
    assert "<Application>khamrap</Application>" in application
    assert "<Company>กรมส่งเสริมการเกษตร</Company>" in application


def test_a_draft_says_so_in_its_properties_and_its_subject_needs_no_parties(world, agreement):
    properties = open_docx(render_agreement_docx(agreement)).core_properties
    assert properties.content_status == "ร่าง"
    assert properties.subject == "ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก และเกณฑ์การให้คะแนน"


def test_lines_are_far_enough_apart_for_thai_marks(doae):
    """Sarabun's tone marks reach 1.25 em up and its lower vowels 0.33 em down: 1.58 em apart."""
    document = open_docx(render_agreement_docx(doae))
    assert Pt(25.6) == LINE_HEIGHT  # 1.6 × 16 pt
    for name in ("Normal", "Table Grid", "Header"):
        paragraph_format = document.styles[name].paragraph_format
        assert paragraph_format.line_spacing_rule == WD_LINE_SPACING.AT_LEAST, name
        assert paragraph_format.line_spacing == LINE_HEIGHT, name
    # No paragraph sets a tighter spacing of its own.
    for paragraph in document.element.body.iter(qn("w:p")):
        assert paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}[@{qn('w:line')}]") is None
    # The tails of ญ ฐ ฎ ฏ keep clear of the table's borders.
    margins = document.tables[1]._tbl.tblPr.find(qn("w:tblCellMar"))
    assert int(margins.find(qn("w:bottom")).get(qn("w:w"))) >= 3 * 20  # 3 pt, in twips


def test_the_signatures_never_stand_on_a_page_without_the_last_clause(doae):
    document = open_docx(render_agreement_docx(doae))
    body = list(document.element.body)
    signatures = next(e for e in body if e.tag == qn("w:tbl"))
    clause = body[body.index(signatures) - 1]
    assert "".join(t.text for t in clause.iter(qn("w:t"))).startswith("6. ")
    properties = clause.find(qn("w:pPr"))
    assert properties.find(qn("w:keepNext")) is not None
    assert properties.find(qn("w:keepLines")) is not None


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_draws_the_document_in_sarabun(doae, tmp_path):
    """A look at pages 1 and 2 (artifacts/documents/agreement-docx*.png); LibreOffice is optional."""
    source = tmp_path / "agreement.docx"
    source.write_bytes(render_agreement_docx(doae))
    fonts = Path(fontpkg_sarabun.__file__).parent / "files"
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    env = {"FONTCONFIG_FILE": str(config), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=180,
    )
    pdf = tmp_path / "agreement.pdf"
    used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Sarabun" in used
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "กรมส่งเสริมการเกษตร" in text
    pages = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, text.count("\f") + 1)
    ]
    heads = [next(line.strip() for line in page.splitlines() if line.strip()) for page in pages]
    # LibreOffice computes the page field: no number on page 1, "- n -" at the top of the others.
    assert heads[0] == "คำรับรองการปฏิบัติราชการ"
    assert heads[1:] == [f"-{n}-" for n in range(2, len(pages) + 1)]
    # The last clause comes with the signatures; the attachment starts on a page of its own.
    signing = next(n for n, page in enumerate(pages, 1) if "ลงชื่อ" in page)
    assert "จึงได้ลงลายมือชื่อไว้เป็นสำคัญ" in pages[signing - 1]
    title = "เอกสารประกอบท้ายคำรับรองการปฏิบัติราชการ"
    lines = [[line.strip() for line in page.splitlines()] for page in pages]
    table = next(n for n, page in enumerate(lines, 1) if title in page)
    assert table == signing + 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for page, name in (
        (1, "agreement-docx"),
        (signing, "agreement-docx-signing"),
        (table, "agreement-docx-table"),
    ):
        page_range = ["-f", str(page), "-l", str(page)]
        target = str(ARTIFACTS / name)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", *page_range, "-singlefile", str(pdf), target],
            check=True,
        )
    assert (ARTIFACTS / "agreement-docx.png").stat().st_size > 10_000
