"""The SAR as a PDF: its summary table read back column by column, its header cells clear of the
borders, the certification of its data, and how late its report was sent."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pypdfium2
from django.contrib.auth import get_user_model
from django.utils import timezone

from khamrap.agreements.models import Agreement
from khamrap.agreements.selectors import indicators_of
from khamrap.documents import pdf
from khamrap.documents.pdf import round_documents
from khamrap.documents.tests.pdf.demo_documents import sar_document
from khamrap.documents.tests.pdf.reading import (
    FOOTER_PT,
    HEADER_PT,
    body_text,
    character_error_rate,
    contains,
    distance,
    first_word,
    normalise,
    one_line,
    pages_of,
    pdftotext,
    words_of,
)
from khamrap.organizations.choices import Role
from khamrap.organizations.models import Membership
from khamrap.reporting.models import RoundReport, days_late
from khamrap.rules.thai import format_date

# --- the SAR: its summary table, certification and lateness ----------------------------------------


def summary_table_column(content: bytes, extractor: str) -> str:
    """The text of the SAR's summary table's indicator column only, page by page: from the
    heading "1. สรุปคะแนน" to the note under the table, between the column's two borders. Each
    header is centred in its cell, so the column's left border is twice the centre of "ที่" less
    the table's left edge (where the heading starts), and its right border twice the centre of
    "ตัวชี้วัด" less the left border."""
    words = words_of(content)
    heading = first_word(words, "สรุปคะแนน")
    number = first_word(words, "ที่", after=heading)
    column = first_word(words, "ตัวชี้วัด", after=heading)
    end = first_word(words, "=", after=heading)  # the note: คะแนนถ่วงน้ำหนัก = คะแนน × …
    table_left = first_word(words, "1.").x0
    left = (number.x0 + number.x1) - table_left
    right = (column.x0 + column.x1) - left
    document = pypdfium2.PdfDocument(content)
    try:
        texts = []
        for page in range(heading.page, end.page + 1):
            height = document[page - 1].get_size()[1]
            top = heading.y1 if page == heading.page else HEADER_PT
            bottom = end.y0 if page == end.page else height - FOOTER_PT
            if extractor == "pdfium":
                texts.append(
                    document[page - 1]
                    .get_textpage()
                    .get_text_bounded(
                        left=left, bottom=height - bottom, right=right, top=height - top
                    )
                )
            else:
                crop = ["-x", str(int(left)), "-y", str(int(top))]
                crop += ["-W", str(int(right - left)), "-H", str(int(bottom - top))]
                texts.append(pdftotext(content, "-f", str(page), "-l", str(page), *crop))
        return "\n".join(texts)
    finally:
        document.close()


def summary_table_errors(content: bytes, names: list[str], extractor: str) -> dict[str, int]:
    """{name: its distance} for the indicator names not read back exactly from the summary
    table's column (PDFium: letter for letter, as it drops some spaces)."""
    text = normalise(summary_table_column(content, extractor))
    errors = {}
    for name in names:
        if extractor == "pdfium":
            found = name.replace(" ", "") in text.replace(" ", "").replace("\n", "")
            error = 0 if found else distance(name.replace(" ", ""), text.replace(" ", ""))
        else:
            error = distance(" ".join(name.split()), text)
        if error:
            errors[name] = error
    return errors


def test_the_sar_summary_table_gives_back_every_indicator_name(demo):
    content, _references = sar_document(demo)
    names = [i.name for i in indicators_of(demo.doa)]
    names += [p.name for i in indicators_of(demo.doa) for p in i.parts.all()]
    for extractor in ("pdftotext", "pdfium"):
        assert summary_table_errors(content, names, extractor) == {}, extractor
    # The column holds the names and nothing of the next columns (weights, scores).
    column = summary_table_column(content, "pdftotext")
    assert "ตัวชี้วัด" in column
    assert not re.search(r"\d\.\d{4}|\(\d+\)", column)


def test_a_garbled_name_in_the_summary_table_is_caught_though_intact_further_on(demo, monkeypatch):
    """A name drawn wrong in the table only (its text layer as typst wrote ทั้ง before the joiner:
    ทั้ทั้ง) is still found whole in the indicator's own section: the document's error rate
    misses it, the table's column does not."""
    indicator = indicators_of(demo.doa)[0]
    garbled = indicator.name[:4] + indicator.name[2:]  # two letters twice
    render = round_documents.render_document

    def garble_the_table(template, meta, body):
        if template == "sar.typ":
            for group in body["groups"]:
                for row in group["rows"]:
                    if row["name"] == indicator.name:
                        row["name"] = garbled
        return render(template, meta, body)

    monkeypatch.setattr(round_documents, "render_document", garble_the_table)
    content, references = sar_document(demo)
    assert character_error_rate(references, body_text(content, "pdftotext")) == 0
    errors = summary_table_errors(content, [indicator.name], "pdftotext")
    assert errors == {indicator.name: 2}
    assert indicator.name in summary_table_errors(content, [indicator.name], "pdfium")


def test_the_sar_header_cells_keep_their_words_off_the_borders(demo):
    """Every word of the summary table's header row stands at least 4 pt from the vertical
    borders on either side of it (the inset is 6 pt; "น้ำหนัก" and "ผู้ประเมิน" touched them)."""
    content, _references = sar_document(demo)
    words = words_of(content)
    heading = first_word(words, "สรุปคะแนน")
    first_group = first_word(words, "มิติที่", after=heading)
    header = [
        w for w in words if w.page == heading.page and heading.y1 < w.y0 and w.y1 <= first_group.y0
    ]
    assert {"ที่", "ตัวชี้วัด", "น้ำหนัก", "ผู้ประเมิน"} <= {w.text for w in header}
    document = pypdfium2.PdfDocument(content)
    try:
        page = document[heading.page - 1]
        height = page.get_size()[1]
        borders = []  # (x, top, bottom) of each vertical rule, from the top of the page
        for item in page.get_objects(max_depth=4):
            if item.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH:
                left, bottom, right, top = item.get_bounds()
                if right - left < 2 and top - bottom > 5:
                    borders.append(((left + right) / 2, height - top, height - bottom))
    finally:
        document.close()
    assert len(borders) >= 8
    for word in header:
        beside = [x for x, top, bottom in borders if top <= word.y0 and word.y1 <= bottom]
        room = min(min(abs(word.x0 - x), abs(x - word.x1)) for x in beside)
        assert room >= 4, f"{word.text}: {room:.1f} pt from a border"


def signature_columns(content: bytes) -> tuple[str, str]:
    """The lines under the certification, left and right of the body's middle (the two signature
    blocks side by side), each column's words in reading order, a line break between its lines."""
    words = words_of(content)
    sentence = first_word(words, "ขอรับรองว่าข้อมูลในรายงานฉบับนี้ถูกต้องตามความเป็นจริง")
    footer = first_word(words, "หน้า", after=sentence)
    middle = (85.04 + 595.28 - 56.69) / 2  # margins 3 cm and 2 cm on A4
    columns = []
    for side in (lambda w: w.x1 < middle, lambda w: w.x0 > middle):
        lines = {}
        for w in words:
            if w.page == sentence.page and sentence.y1 < w.y0 < footer.y0 and side(w):
                lines.setdefault(round(w.y0), []).append(w.text)
        columns.append("\n".join(" ".join(lines[y]) for y in sorted(lines)))
    return columns[0], columns[1]


def test_the_sar_ends_with_the_certification_of_its_data(demo):
    agreement = demo.doae
    report = RoundReport.objects.get(agreement=agreement, reporting_round=demo.six_months)
    content = pdf.render_sar(agreement, demo.six_months)
    last_page = " ".join(pages_of(content)[-1].split())
    assert "ขอรับรองว่าข้อมูลในรายงานฉบับนี้ถูกต้องตามความเป็นจริง" in last_page
    # Who certifies: the head who made the agreement's promise; who reported: who sent it; both
    # dated the day it was sent.
    reporter, certifier = signature_columns(content)
    sent_on = format_date(timezone.localtime(report.submitted_at).date())
    assert re.match(r"ลงชื่อ \.{8,} ผู้รับรองข้อมูล\n", certifier), certifier
    assert contains(certifier, f"ผู้รับรองข้อมูล ({agreement.promisor_name})")
    assert contains(certifier, f"ตำแหน่ง {agreement.promisor_position} วันที่ {sent_on}")
    assert certifier.endswith(f"วันที่ {sent_on}")
    assert contains(reporter, f"ผู้รายงาน ({report.submitted_by.display_name})")
    assert contains(reporter, f"ตำแหน่ง {report.submitted_by.position} วันที่ {sent_on}")
    assert reporter.endswith(f"วันที่ {sent_on}")
    # No promisor recorded: the organization's executive certifies; a report not yet sent
    # leaves the dates to be written by hand.
    head = get_user_model().objects.create_user(
        username="head.doa", first_name="นายสมชาย", last_name="ใจดี", position="อธิบดีกรมวิชาการเกษตร"
    )
    Membership.objects.create(user=head, organization=demo.doa.organization, role=Role.EXECUTIVE)
    Agreement.objects.filter(pk=demo.doa.pk).update(promisor_name="", promisor_position="")
    demo.doa.refresh_from_db()
    reporter, certifier = signature_columns(pdf.render_sar(demo.doa, demo.six_months))
    assert contains(certifier, f"ผู้รับรองข้อมูล ({head.display_name}) ตำแหน่ง อธิบดีกรมวิชาการเกษตร")
    for column in (reporter, certifier):
        assert re.search(r"\nวันที่ \.+ เดือน \.+ พ\.ศ\. \.+$", column), column
    assert re.search(r"ผู้รายงาน\n\(\.+\)\nตำแหน่ง \.+\n", reporter), reporter


def test_a_late_report_says_by_how_many_days_and_an_on_time_one_says_nothing(demo):
    six = demo.six_months
    report = RoundReport.objects.filter(agreement=demo.doae, reporting_round=six)
    bangkok = zoneinfo.ZoneInfo("Asia/Bangkok")
    late = dt.datetime.combine(six.deadline + dt.timedelta(days=3), dt.time(10), tzinfo=bangkok)
    report.update(submitted_at=late)
    text = pdftotext(pdf.render_sar(demo.doae, six))
    assert one_line(text, f"ส่งเมื่อ {format_date(late.date())} ส่งช้า 3 วัน")
    on_time = dt.datetime.combine(six.deadline, dt.time(16), tzinfo=bangkok)
    report.update(submitted_at=on_time)
    text = pdftotext(pdf.render_sar(demo.doae, six))
    assert one_line(text, f"ส่งเมื่อ {format_date(six.deadline)}")
    assert "ส่งช้า" not in text
    # Thai digits too: "ส่งช้า ๓ วัน".
    report.update(submitted_at=late)
    assert "ส่งช้า ๓ วัน" in pdftotext(pdf.render_sar(demo.doae, six, thai_digits=True))


def test_days_late_counts_bangkok_calendar_days_after_the_deadline():
    deadline = dt.date(2026, 4, 30)
    bangkok = zoneinfo.ZoneInfo("Asia/Bangkok")
    assert days_late(None, deadline) == 0
    assert days_late(dt.datetime(2026, 4, 29, 9, tzinfo=bangkok), deadline) == 0
    assert days_late(dt.datetime(2026, 4, 30, 23, 59, tzinfo=bangkok), deadline) == 0
    # 00:30 on 1 May in Bangkok is still 30 April in UTC: a day late all the same.
    assert days_late(dt.datetime(2026, 4, 30, 17, 30, tzinfo=dt.UTC), deadline) == 1
    assert days_late(dt.datetime(2026, 5, 12, 8, tzinfo=bangkok), deadline) == 12


def test_the_sar_keeps_the_deadline_with_its_date_and_names_each_indicator_s_people(demo):
    content, _references = sar_document(demo)
    text = pdftotext(content)
    assert one_line(text, f"กำหนดส่ง {format_date(demo.six_months.deadline)}")
    assert one_line(
        pdftotext(pdf.render_sar(demo.doa, demo.six_months, thai_digits=True)),
        "กำหนดส่ง ๓๐ เมษายน ๒๕๖๙",
    )
    flat = " ".join(text.split())
    for indicator in indicators_of(demo.doa):
        supervisors = ", ".join(u.display_name for u in indicator.supervisors.all())
        collectors = ", ".join(u.display_name for u in indicator.collectors.all())
        assert supervisors and collectors
        assert f"ผู้กำกับดูแลตัวชี้วัด : {supervisors}" in flat
        assert f"ผู้จัดเก็บข้อมูล : {collectors}" in flat
