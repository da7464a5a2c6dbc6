"""The documents of an agreement: its indicator sheets and the performance agreement itself.

- render_indicator_sheet: the indicator sheet of seed 000 (agreements.selectors.indicators_of,
  milestone_levels);
- render_agreement: the performance agreement (คำรับรองการปฏิบัติราชการ) with its parties, period,
  promise, signatures and the indicator table (indicators_of, grouped).

Each gathers its data through the same selectors as the page that shows it, so a PDF never says
something the pages do not.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from .formatting import DASH, date, document_meta, paragraphs, plain
from .typesetting import Unbroken, render_document

# --- the indicator sheet --------------------------------------------------------------------------

MILESTONE_CRITERIA = (
    "กำหนดเป็นระดับขั้นของความสำเร็จ (Milestone) แบ่งเกณฑ์การให้คะแนนเป็น {count} ระดับ "
    "พิจารณาจากความก้าวหน้าของขั้นตอนการดำเนินงานตามเป้าหมายแต่ละระดับ ดังนี้"
)
NUMERIC_CRITERIA = "กำหนดเกณฑ์การให้คะแนนเป็น 5 ระดับ พิจารณาจากผลการดำเนินงานเทียบกับค่าเป้าหมาย ดังนี้"
MIXED_CRITERIA = (
    "กำหนดเกณฑ์การให้คะแนนเป็น 5 ระดับ ระดับ 1 ถึง {steps} พิจารณาจากขั้นตอนการดำเนินงาน "
    "ระดับต่อจากนั้นพิจารณาจากผลการดำเนินงานเทียบกับค่าเป้าหมาย ดังนี้"
)
BETWEEN_TARGETS = "ผลการดำเนินงานที่อยู่ระหว่างค่าเป้าหมายสองระดับ คิดคะแนนตามสัดส่วนระหว่างสองระดับนั้น"
# Where score 5 starts, in the words of the indicator's direction (lower is better: "ไม่เกิน").
BEST_HIGHER = "ผลการดำเนินงานตั้งแต่ {best} (ค่าเป้าหมายระดับ 5) ขึ้นไป ได้ 5 คะแนน"
BEST_LOWER = "ยิ่งน้อยยิ่งดี: ผลการดำเนินงานไม่เกิน {best} (ค่าเป้าหมายระดับ 5) ได้ 5 คะแนน"
PASS_FAIL_CRITERIA = "พิจารณาจากผลการดำเนินงานว่าผ่านหรือไม่ผ่านตามเกณฑ์ที่กำหนด"
COMPOSITE_CRITERIA = "คะแนนคำนวณจากคะแนนของตัวชี้วัดย่อยตามน้ำหนักของแต่ละตัว"


def render_indicator_sheet(indicator, *, thai_digits: bool = False) -> bytes:
    """The indicator sheet of seed 000: group, number and name, people and phones, description,
    scoring criteria (the ✓ table of milestone levels, or the five targets), steps, notes,
    rationale and the closing note."""
    from khamrap.agreements import selectors

    agreement = indicator.agreement
    indicators = selectors.indicators_of(agreement)
    indicator = next(i for i in indicators if i.pk == indicator.pk)
    parent = next((i for i in indicators if i.pk == indicator.parent_id), None)
    with translation.override("th"):
        body = _sheet(indicator, parent, selectors.milestone_levels(indicator))
    title = f"ตัวชี้วัดที่ {indicator.number} {indicator.name}"
    meta = document_meta(
        agreement.organization.name_th, agreement.fiscal_year.year, title, thai_digits
    )
    return render_document("indicator_sheet.typ", meta, body)


def _people(users) -> list[dict]:
    return [{"name": Unbroken(u.display_name), "phone": u.phone} for u in users]


def _sheet(indicator, parent, levels) -> dict:
    kind = indicator.kind
    steps = list(indicator.steps.all())
    if indicator.criteria_text:
        criteria = paragraphs(indicator.criteria_text)
    elif kind == "milestone":
        criteria = [MILESTONE_CRITERIA.format(count=len(levels))]
    elif kind == "mixed":
        criteria = [MIXED_CRITERIA.format(steps=indicator.mixed_steps or 0)]
    elif kind == "numeric":
        criteria = [NUMERIC_CRITERIA]
    elif kind == "pass_fail":
        criteria = [PASS_FAIL_CRITERIA]
    else:
        criteria = [COMPOSITE_CRITERIA]
    targets = []
    if kind in ("numeric", "mixed"):
        for level, target in enumerate(indicator.targets, start=1):
            if target is not None:
                targets.append(plain(target))
            else:
                targets.append(f"ขั้นตอนที่ {level}" if kind == "mixed" else DASH)
    return {
        "group": indicator.group.name_th,
        "number": indicator.number,
        "name": indicator.name,
        "parent": f"{parent.number} {parent.name}" if parent else "",
        "weight": plain(indicator.weight),
        "unit": indicator.unit,
        "kind": kind,
        "direction": indicator.get_direction_display() if kind in ("numeric", "mixed") else "",
        "supervisors": _people(indicator.supervisors.all()),
        "collectors": _people(indicator.collectors.all()),
        "description": paragraphs(indicator.description),
        "formula": paragraphs(indicator.formula),
        "baseline": [
            {"year": str(year), "value": plain(Decimal(str(value)))}
            for year, value in sorted(indicator.baseline.items())
        ],
        "criteria": criteria,
        "levels": [
            {"level": str(level), "marks": list(marks)}
            for level, marks in (levels if kind in ("milestone", "mixed") else [])
        ],
        "step_count": len(levels[0][1]) if levels else 0,
        "targets": targets,
        "between_targets": _between_targets(indicator) if kind in ("numeric", "mixed") else "",
        "steps": [
            {"number": str(s.number), "description": s.description, "evidence": s.evidence}
            for s in steps
        ],
        "parts": [
            {
                "number": part.number,
                "name": part.name,
                "weight": plain(part.weight),
                "kind": part.get_kind_display(),
            }
            for part in indicator.parts.all()
        ],
        "data_source": paragraphs(indicator.data_source),
        "notes": paragraphs(indicator.notes),
        "rationale": paragraphs(indicator.rationale),
        "closing_note": paragraphs(indicator.closing_note),
    }


def _between_targets(indicator) -> str:
    best = (BEST_LOWER if indicator.direction == "lower" else BEST_HIGHER).format(
        best=plain(indicator.targets[-1])
    )
    return f"{BETWEEN_TARGETS} {best}"


# --- the performance agreement --------------------------------------------------------------------

DOTS = "……………………………………"


def render_agreement(agreement, *, thai_digits: bool = False) -> bytes:
    """The performance agreement: parties, period, the promise, the signature block, and the
    indicator table with weights, units and targets (on landscape pages)."""
    from khamrap.agreements import selectors

    groups = selectors.grouped(selectors.indicators_of(agreement))
    year = agreement.fiscal_year
    body = {
        "organization": agreement.organization.name_th,
        "year": str(year.year),
        "start": date(year.starts_on),
        "end": date(year.ends_on),
        "promisee": {
            "name": Unbroken(agreement.promisee_name or DOTS),
            "position": agreement.promisee_position or DOTS,
        },
        "promisor": {
            "name": Unbroken(agreement.promisor_name or DOTS),
            "position": agreement.promisor_position or DOTS,
        },
        "signed_on": date(agreement.signed_on),
        "framework": agreement.framework.name_th,
        "groups": [
            {
                "name": group.group.name_th,
                "weight": plain(group.weight),
                "rows": [
                    row
                    for indicator in group.indicators
                    for row in (
                        _agreement_row(indicator, part=False),
                        *(_agreement_row(p, part=True) for p in indicator.parts.all()),
                    )
                ],
            }
            for group in groups
        ],
        "total_weight": plain(sum((g.weight for g in groups), Decimal(0))),
        "has_parts": any(i.parts.all() for g in groups for i in g.indicators),
    }
    title = f"คำรับรองการปฏิบัติราชการ {agreement.organization.name_th} ประจำปีงบประมาณ พ.ศ. {year.year}"
    meta = document_meta(agreement.organization.name_th, year.year, title, thai_digits)
    return render_document("agreement.typ", meta, body)


def _agreement_row(indicator, *, part: bool) -> dict:
    kind = indicator.kind
    unit = indicator.unit or ("ระดับ" if kind == "milestone" else "")
    targets: list[str] = []
    span = ""
    if kind in ("numeric", "mixed"):
        steps = (indicator.mixed_steps or 0) if kind == "mixed" else 0
        targets = [
            f"ขั้นที่ {level}" if level <= steps else plain(target) or DASH
            for level, target in enumerate(indicator.targets, start=1)
        ]
    elif kind == "milestone":
        span = "ระดับขั้นของความสำเร็จ (Milestone)"
    elif kind == "pass_fail":
        span = "ผ่าน / ไม่ผ่าน"
    else:
        span = "ตามตัวชี้วัดย่อย"
    return {
        "number": indicator.number,
        "name": indicator.name,
        "weight": f"({plain(indicator.weight)})" if part else plain(indicator.weight),
        "unit": unit,
        "targets": targets,
        "span": span,
        "part": part,
    }
