"""The performance agreement (คำรับรองการปฏิบัติราชการ) as a Word file, for offices that edit before signing.

Official Thai style (styles.py): Sarabun 16 pt, A4, margins 2.5 cm (left 3 cm), the page number
centred at the top as "- 2 -" from the second page on (ระเบียบงานสารบรรณ), none on the first.

The file's properties (title, subject, author, dates, status) describe the agreement, not the
python-docx template it starts from, whose thumbnail and application name are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from khamrap.agreements import selectors
from khamrap.agreements.choices import AgreementStatus, ScoringKind
from khamrap.agreements.models import Agreement, Indicator
from khamrap.rules import thai

from .styles import BIDI_LANGUAGE, LINE_HEIGHT, page_number_format, thai_run_properties
from .tables import cant_split, cell_margins, repeat_as_header, set_widths, shade_cell

PARAGRAPH_INDENT = Cm(2.5)
PARTY_INDENT = Cm(3.5)
DOTS = "……………………………………"
SHADE_HEADER = "D9D9D9"
SHADE_GROUP = "F2F2F2"
APPLICATION_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>khamrap</Application><Company>{company}</Company></Properties>"
)

# Column widths of the indicator table: 24.2 cm of text between the margins of landscape A4.
_NUMBER, _NAME, _WEIGHT, _UNIT, _TARGET = Cm(1.4), Cm(9.7), Cm(2.5), Cm(2.6), Cm(1.6)
_WIDTHS = (_NUMBER, _NAME, _WEIGHT, _UNIT) + (_TARGET,) * 5
_COLUMNS = len(_WIDTHS)
_FIRST_TARGET = 4


def render_agreement_docx(agreement: Agreement, *, thai_digits: bool = False) -> bytes:
    """The agreement as .docx bytes.

    Page 1 (portrait): title, parties, period, the promise, the two signatures and the signing
    date. Then, as the attachment the promise refers to (landscape): the indicators by framework
    group with weights, units and targets, and the total weight.
    """
    return _Writer(agreement, thai_digits).render()


def plain_number(value: Decimal | int | None) -> str:
    """A decimal without trailing zeros, with thousands separators (1000.50 → 1,000.5)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), ",f")


class _Writer:
    def __init__(self, agreement: Agreement, digits: bool) -> None:
        self.agreement = agreement
        self.digits = digits
        self.document = Document()

    # --- text ---------------------------------------------------------------------------------

    def text(self, value: object) -> str:
        """Every piece of text goes through here: Thai digits throughout when chosen."""
        text = str(value)
        return thai.thai_digits(text) if self.digits else text

    def date(self, day) -> str:
        return thai.format_date(day, digits=self.digits)

    def run(self, paragraph, value: object, *, bold: bool = False):
        run = paragraph.add_run(self.text(value))
        thai_run_properties(run._r.get_or_add_rPr(), bold=bold)
        return run

    def paragraph(
        self,
        value: object = "",
        *,
        bold: bool = False,
        align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
        indent: bool = False,
        space_before: int = 0,
        container=None,
    ):
        paragraph = (container or self.document).add_paragraph()
        paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = PARAGRAPH_INDENT
        if space_before:
            paragraph.paragraph_format.space_before = Pt(space_before)
        if value != "":
            self.run(paragraph, value, bold=bold)
        return paragraph

    # --- the document -------------------------------------------------------------------------

    def render(self) -> bytes:
        """Page 1 (portrait): the promise and the signatures; then the table on landscape pages."""
        self.indicators = selectors.indicators_of(self.agreement)
        self.setup()
        self.properties()
        self.page_numbers()
        self.title("คำรับรองการปฏิบัติราชการ")
        self.parties()
        self.period()
        self.paragraph(
            "3. รายละเอียดของคำรับรอง ได้แก่ กรอบการประเมินผล ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก "
            "และเกณฑ์การให้คะแนน ตามที่ปรากฏอยู่ในเอกสารประกอบท้ายคำรับรองนี้",
            indent=True,
        )
        self.closing()
        self.signatures()
        self.landscape()
        self.title("เอกสารประกอบท้ายคำรับรองการปฏิบัติราชการ")
        self.paragraph(
            "ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก และเกณฑ์การให้คะแนน",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_before=6,
        ).paragraph_format.space_after = Pt(6)
        self.indicator_table()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def title(self, first_line: str) -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph(first_line, bold=True, align=center)
        self.paragraph(self.agreement.organization.name_th, bold=True, align=center)
        self.paragraph(
            f"ประจำปีงบประมาณ พ.ศ. {self.agreement.fiscal_year.year}", bold=True, align=center
        )
        self.paragraph("――――――――――――", align=center)

    def landscape(self) -> None:
        """A new landscape A4 section with the same margins, for the wide indicator table."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        # Its first page is numbered; its header is the first section's (linked by default).
        section.different_first_page_header_footer = False

    def setup(self) -> None:
        document = self.document
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = section.right_margin = Cm(2.5)
        section.left_margin = Cm(3)
        section.header_distance = section.footer_distance = Cm(1.25)
        styles = document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is not None:
            thai_run_properties(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
        normal = document.styles["Normal"]
        thai_run_properties(normal.element.get_or_add_rPr())
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        # The table style and the header style set their own single spacing in the template.
        for name in ("Normal", "Table Grid", "Header"):
            paragraph_format = document.styles[name].paragraph_format
            paragraph_format.line_spacing = LINE_HEIGHT
            paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST

    def properties(self) -> None:
        """What Word's File > Info and a file manager show: which agreement, whose, and when."""
        a = self.agreement
        organization, year = a.organization.name_th, a.fiscal_year.year
        properties = self.document.core_properties
        properties.title = self.text(
            f"คำรับรองการปฏิบัติราชการ {organization} ประจำปีงบประมาณ พ.ศ. {year}"
        )
        if a.promisee_position and a.promisor_position:
            subject = (
                f"คำรับรองระหว่าง {a.promisee_position} ผู้รับคำรับรอง "
                f"กับ {a.promisor_position} ผู้ทำคำรับรอง"
            )
        else:
            subject = "ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก และเกณฑ์การให้คะแนน"
        properties.subject = self.text(subject)
        properties.author = properties.last_modified_by = organization
        properties.category = "คำรับรองการปฏิบัติราชการ"
        properties.keywords = self.text(f"คำรับรองการปฏิบัติราชการ, ตัวชี้วัด, {organization}, {year}")
        properties.comments = ""  # the template's comment is "generated by python-docx"
        properties.content_status = str(AgreementStatus(a.status).label)
        properties.revision = a.version
        properties.language = BIDI_LANGUAGE
        properties.created = _utc(a.created_at)
        properties.modified = _utc(max([a.updated_at, *(i.updated_at for i in self.indicators)]))
        package = self.document.part.package
        for rid, relationship in list(package.rels.items()):
            if relationship.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
                package.rels.pop(rid)  # the template's picture and "Microsoft Macintosh Word"
        application = Part(
            PackURI("/docProps/app.xml"),
            CT.OFC_EXTENDED_PROPERTIES,
            APPLICATION_PROPERTIES.format(company=escape(organization)).encode(),
            package,
        )
        package.relate_to(application, RT.EXTENDED_PROPERTIES)

    def page_numbers(self) -> None:
        """ "- 2 -" centred at the top of every page but the first, in Thai digits when chosen."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        if self.digits:
            page_number_format(section, "thaiNumbers")
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(paragraph, "- ")
        self.field(paragraph, "PAGE", "2")
        self.run(paragraph, " -")

    def field(self, paragraph, instruction: str, shown: str) -> None:
        """A field the word processor computes (a page number), showing `shown` until it does."""
        for part, value in (
            ("begin", None),
            ("instrText", f" {instruction} "),
            ("separate", None),
            ("text", shown),
            ("end", None),
        ):
            if part == "text":
                self.run(paragraph, value)
                continue
            run = paragraph.add_run()
            thai_run_properties(run._r.get_or_add_rPr())
            if part == "instrText":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = value
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), part)
            run._r.append(element)

    def parties(self) -> None:
        a = self.agreement
        self.paragraph("1. คำรับรองระหว่าง", indent=True, space_before=6)
        for name, position, role in (
            (a.promisee_name, a.promisee_position, "ผู้รับคำรับรอง"),
            (a.promisor_name, a.promisor_position, "ผู้ทำคำรับรอง"),
        ):
            prefix = "" if role == "ผู้รับคำรับรอง" else "กับ "
            party = self.paragraph(
                f"{prefix}{name or DOTS} {position or DOTS} {role}",
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
            party.paragraph_format.left_indent = PARTY_INDENT

    def period(self) -> None:
        year = self.agreement.fiscal_year
        self.paragraph(
            "2. คำรับรองนี้เป็นคำรับรองฝ่ายเดียว มิใช่สัญญา และใช้สำหรับระยะเวลา 1 ปี "
            f"เริ่มตั้งแต่วันที่ {self.date(year.starts_on)} ถึงวันที่ {self.date(year.ends_on)}",
            indent=True,
        )

    def closing(self) -> None:
        a = self.agreement
        self.paragraph(
            f"4. ข้าพเจ้า {a.promisee_name or DOTS} ในฐานะผู้รับคำรับรอง ได้พิจารณาและเห็นชอบกับ"
            "ตัวชี้วัดผลการปฏิบัติราชการ น้ำหนัก และเกณฑ์การให้คะแนนตามรายละเอียดของคำรับรองตามข้อ 3",
            indent=True,
        )
        self.paragraph(
            f"5. ข้าพเจ้า {a.promisor_name or DOTS} ในฐานะผู้ทำคำรับรอง ได้ทำความเข้าใจคำรับรองตามข้อ 3 "
            "แล้ว ขอให้คำรับรองกับผู้รับคำรับรองว่าจะมุ่งมั่นปฏิบัติราชการให้เกิดผลงานที่ดีตามเป้าหมาย"
            "ของตัวชี้วัดแต่ละตัวในระดับสูงสุด เพื่อให้เกิดประโยชน์สุขแก่ประชาชน",
            indent=True,
        )
        last = self.paragraph(
            "6. ผู้รับคำรับรองและผู้ทำคำรับรองได้เข้าใจคำรับรองการปฏิบัติราชการและเห็นพ้องกันแล้ว "
            "จึงได้ลงลายมือชื่อไว้เป็นสำคัญ",
            indent=True,
        )
        # A signature never stands on a page without text: the last clause goes where it goes.
        last.paragraph_format.keep_with_next = True
        last.paragraph_format.keep_together = True

    # --- the indicator table ------------------------------------------------------------------

    def indicator_table(self) -> None:
        groups = selectors.grouped(self.indicators)
        table = self.document.add_table(rows=2, cols=_COLUMNS)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # Below: room for the tails of ญ ฐ ฎ ฏ and the vowels under them, which reach past the
        # font's descent; the borders would cut through them.
        cell_margins(table, Cm(0.15), top=Cm(0.05), bottom=Cm(0.15))
        for column, width in zip(table.columns, _WIDTHS, strict=True):
            column.width = width
        self.header(table)
        has_parts = False
        for group in groups:
            self.group_row(table, group)
            for indicator in group.indicators:
                self.indicator_row(table, indicator)
                for part in indicator.parts.all():
                    has_parts = True
                    self.indicator_row(table, part, part_of=indicator)
        total = sum((g.weight for g in groups), Decimal(0))
        self.spanning_row(table, "รวม", plain_number(total), bold=True, shade=SHADE_HEADER)
        for row in table.rows:
            cant_split(row)
            set_widths(row, _WIDTHS)
        if has_parts:
            self.paragraph(
                "หมายเหตุ: น้ำหนักในวงเล็บเป็นน้ำหนักของตัวชี้วัดย่อย ซึ่งรวมกันเป็นร้อยละ 100 ในแต่ละตัวชี้วัดหลัก",
                align=WD_ALIGN_PARAGRAPH.LEFT,
                space_before=3,
            )

    def header(self, table) -> None:
        top, bottom = table.rows[0], table.rows[1]
        for row in (top, bottom):
            repeat_as_header(row)
        for index, title in (
            (0, "ที่"),
            (1, "ตัวชี้วัดผลการปฏิบัติราชการ"),
            (2, "น้ำหนัก (ร้อยละ)"),
            (3, "หน่วยวัด"),
        ):
            self.cell(top.cells[index].merge(bottom.cells[index]), title, bold=True, header=True)
        targets = top.cells[_FIRST_TARGET].merge(top.cells[_COLUMNS - 1])
        self.cell(targets, "เกณฑ์การให้คะแนน", bold=True, header=True)
        for level in range(1, 6):
            self.cell(bottom.cells[_FIRST_TARGET + level - 1], level, bold=True, header=True)

    def group_row(self, table, group) -> None:
        row = self.spanning_row(table, group.group.name_th, plain_number(group.weight), bold=True)
        for cell in row.cells:  # a group's heading never ends a page without its first indicator
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True

    def spanning_row(self, table, label, weight, *, bold: bool, shade: str = SHADE_GROUP):
        row = table.add_row()
        cells = row.cells
        self.cell(cells[0].merge(cells[1]), label, bold=bold, shade=shade, align="left")
        self.cell(cells[2], weight, bold=bold, shade=shade)
        self.cell(cells[3].merge(cells[_COLUMNS - 1]), "", shade=shade)
        return row

    def indicator_row(self, table, indicator: Indicator, *, part_of: Indicator | None = None):
        cells = table.add_row().cells
        weight = plain_number(indicator.weight)
        self.cell(cells[0], indicator.number)
        self.cell(cells[1], indicator.name, align="left")
        self.cell(cells[2], f"({weight})" if part_of is not None else weight)
        kind = indicator.kind
        unit = indicator.unit or ("ระดับ" if kind == ScoringKind.MILESTONE else "")
        self.cell(cells[3], unit)
        targets = cells[_FIRST_TARGET:]
        if kind in (ScoringKind.NUMERIC, ScoringKind.MIXED):
            steps = (indicator.mixed_steps or 0) if kind == ScoringKind.MIXED else 0
            for level, (cell, target) in enumerate(
                zip(targets, indicator.targets, strict=True), start=1
            ):
                self.cell(cell, f"ขั้นที่ {level}" if level <= steps else plain_number(target))
            return
        merged = targets[0].merge(targets[-1])
        if kind == ScoringKind.MILESTONE:
            self.cell(merged, "ระดับขั้นของความสำเร็จ")
        elif kind == ScoringKind.PASS_FAIL:
            self.cell(merged, "ผ่าน / ไม่ผ่าน")
        else:
            self.cell(merged, "ตามตัวชี้วัดย่อย")

    def cell(
        self, cell, value: object, *, bold=False, header=False, shade=None, align="center"
    ) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        )
        if value != "":
            self.run(paragraph, value, bold=bold)
        cell.vertical_alignment = (
            WD_CELL_VERTICAL_ALIGNMENT.CENTER if header else WD_CELL_VERTICAL_ALIGNMENT.TOP
        )
        if header:
            shade = SHADE_HEADER
        if shade:
            shade_cell(cell, shade)

    # --- signatures ---------------------------------------------------------------------------

    def signatures(self) -> None:
        """Two columns (who receives, who makes the promise), then the signing date; kept together."""
        a = self.agreement
        center = WD_ALIGN_PARAGRAPH.CENTER
        table = self.document.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        half = Cm(7.75)
        for column in table.columns:
            column.width = half
        for cell, (name, position, role) in zip(
            table.rows[0].cells,
            (
                (a.promisee_name, a.promisee_position, "ผู้รับคำรับรอง"),
                (a.promisor_name, a.promisor_position, "ผู้ทำคำรับรอง"),
            ),
            strict=True,
        ):
            cell.width = half
            first = cell.paragraphs[0]
            first.alignment = center
            first.paragraph_format.space_before = Pt(30)  # room for the signature
            self.run(first, f"ลงชื่อ {DOTS}")
            self.paragraph(f"({name or DOTS})", align=center, container=cell)
            self.paragraph(position or f"ตำแหน่ง {DOTS}", align=center, container=cell)
            self.paragraph(role, align=center, container=cell)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        if a.signed_on:
            line = f"วันที่ {self.date(a.signed_on)}"
        else:
            line = "วันที่ ………… เดือน …………………………… พ.ศ. …………"
        date = table.rows[1].cells[0].merge(table.rows[1].cells[1])
        date.width = half * 2
        paragraph = date.paragraphs[0]
        paragraph.alignment = center
        paragraph.paragraph_format.space_before = Pt(12)
        self.run(paragraph, line)
        for row in table.rows:
            cant_split(row)


def _utc(moment: dt.datetime) -> dt.datetime:
    """A document property's time: python-docx writes the clock time as UTC ("Z") unconverted."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
