"""The documents of a reporting round: an organization's self-assessment report and the
executive summary.

- render_sar: an organization's self-assessment report for a round (reporting.selectors.round_view,
  reporting.evidence.evidence_by_result);
- render_summary: the executive summary of a round over what a person may see
  (dashboards.selectors.rollup, and early_warning).

Each gathers its data through the same selectors as the page that shows it, so a PDF never says
something the pages do not.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from khamrap.lib.charts import band_colour
from khamrap.lib.charts.bands import chart_bands

from .formatting import DASH, date, document_meta, paragraphs, plain, score4
from .typesetting import Unbroken, Verbatim, render_document

# --- the self-assessment report (SAR) of a round --------------------------------------------------

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "suggestions", "explanation")
METHODS = {
    "trend": "เส้นตรงผ่านผลรอบ 6 และ 9 เดือน",
    "pace": "คงอัตราความก้าวหน้าของขั้นตอน",
    "hold": "คงผลล่าสุด",
}


def render_sar(agreement, reporting_round, *, thai_digits: bool = False) -> bytes:
    """The organization's self-assessment report for a round: every indicator with its result,
    score, weight and weighted score, narrative and evidence files; group subtotals and the total,
    self-assessed and verified."""
    from khamrap.reporting.evidence import evidence_by_result
    from khamrap.reporting.models import Result
    from khamrap.reporting.selectors import round_view

    view = round_view(agreement, reporting_round)
    card = view.card
    labels = {}
    with translation.override("th"):
        for name in NARRATIVE_FIELDS:
            labels[name] = str(Result._meta.get_field(name).verbose_name)
        status = (
            view.report.get_status_display()
            if view.report
            else str(dict(_report_statuses()).get("open"))
        )
        kinds = {row.indicator.pk: row.indicator.get_kind_display() for row in view.rows}
    subtotals = {group.pk: (weight, own, final) for group, weight, own, final in card.groups}
    groups: list[dict] = []
    details: list[dict] = []
    by_group: dict[int, dict] = {}
    group: dict = {}
    files = evidence_by_result(row.result for row in view.rows)
    for row in view.rows:
        indicator, result = row.indicator, row.result
        if row.depth == 0:  # a part follows its indicator, in the indicator's group
            if indicator.group_id not in by_group:
                weight, own, final = subtotals.get(indicator.group_id, (None, None, None))
                by_group[indicator.group_id] = {
                    "name": indicator.group.name_th,
                    "weight": plain(weight) if weight is not None else DASH,
                    "self": score4(own),
                    "final": score4(final),
                    "rows": [],
                }
                groups.append(by_group[indicator.group_id])
            group = by_group[indicator.group_id]
        line = {
            "number": indicator.number,
            "name": indicator.name,
            "weight": f"({plain(indicator.weight)})" if row.depth else plain(indicator.weight),
            "result": _result_text(indicator, result),
            "self": score4(row.self_score),
            "verified": score4(row.verified_score),
            "weighted": score4(row.weighted) if row.depth == 0 else "",
            "part": bool(row.depth),
        }
        group["rows"].append(line)
        evidence = files.get(result.pk, []) if result is not None else []
        details.append(
            {
                **line,
                "supervisors": _names(indicator.supervisors.all()),
                "collectors": _names(indicator.collectors.all()),
                "kind": kinds[indicator.pk],
                "unit": indicator.unit,
                "status": _result_status(row),
                "narrative": [
                    {"label": labels[name], "paragraphs": paragraphs(getattr(result, name))}
                    for name in NARRATIVE_FIELDS
                    if result is not None and getattr(result, name).strip()
                ],
                "verified_reason": paragraphs(result.verified_reason) if result else [],
                "evidence": [
                    {
                        "name": e.original_name,
                        "step": str(e.step_number) if e.step_number else "",
                    }
                    for e in evidence
                ],
            }
        )
    report = view.report
    late = report.days_late if report else 0
    body = {
        "organization": agreement.organization.name_th,
        "year": str(agreement.fiscal_year.year),
        "months": str(reporting_round.months),
        "cutoff": date(reporting_round.cutoff_date),
        "deadline": date(reporting_round.deadline),
        "status": status,
        "submitted_on": date(report.submitted_at) if report else "",
        "late": f"ส่งช้า {late} วัน" if late else "",
        "closed_on": date(report.closed_at) if report else "",
        "groups": groups,
        "has_totals": bool(card.groups),
        "total_self": score4(card.total_self) if card.groups else DASH,
        "total_final": score4(card.total_final) if card.groups else DASH,
        "total_label": "คะแนนสุดท้าย" if card.is_final else "คะแนนที่นับ",
        "standing": _standing(card.standing),
        "total_weight": plain(sum((w for _g, w, _s, _f in card.groups), Decimal(0))),
        "progress": {key: str(value) for key, value in view.progress.items()},
        "details": details,
        "reporter": _signatory(report.submitted_by if report else None, report),
        "certifier": _certifier(agreement, report),
    }
    title = (
        f"รายงานผลการประเมินตนเอง {agreement.organization.name_th} "
        f"รอบ {reporting_round.months} เดือน ปีงบประมาณ พ.ศ. {agreement.fiscal_year.year}"
    )
    meta = document_meta(
        agreement.organization.name_th, agreement.fiscal_year.year, title, thai_digits
    )
    return render_document("sar.typ", meta, body)


def _names(users) -> list:
    return [Unbroken(user.display_name) for user in users]


def _signatory(user, report) -> dict:
    """A signature block's name, position and date: a person's, or dotted lines to fill by hand."""
    sent = report is not None and report.submitted_at is not None
    return {
        "name": Unbroken(user.display_name) if user is not None else "",
        "position": user.position if user is not None else "",
        "date": date(report.submitted_at) if sent else "",
    }


def _certifier(agreement, report) -> dict:
    """Who certifies the report's data (ผู้รับรองข้อมูล): the head who made the agreement's promise
    (its promisor), else the organization's executive, else nobody (dotted lines)."""
    from khamrap.organizations.choices import Role
    from khamrap.organizations.selectors import organization_members

    if agreement.promisor_name:
        signatory = _signatory(None, report)
        signatory.update(
            name=Unbroken(agreement.promisor_name), position=agreement.promisor_position
        )
        return signatory
    executive = organization_members(agreement.organization).filter(role=Role.EXECUTIVE).first()
    return _signatory(executive.user if executive else None, report)


def _standing(value) -> str:
    from khamrap.reporting.choices import STANDING_LABELS

    with translation.override("th"):
        return str(STANDING_LABELS[str(value)])


def _report_statuses():
    from khamrap.reporting.choices import ReportStatus

    return ReportStatus.choices


def _result_status(row) -> str:
    """The row's status as the round page shows it (a composite's follows its parts)."""
    if row.status is None:
        return "ยังไม่ได้บันทึกผล"
    with translation.override("th"):
        return str(row.status_label)


def _result_text(indicator, result) -> str:
    """What was achieved, as the result pages say it."""
    if result is None:
        return DASH
    if indicator.kind == "pass_fail":
        return {True: "ผ่าน", False: "ไม่ผ่าน"}.get(result.passed, DASH)
    parts = []
    if result.steps_done:
        parts.append("ขั้นตอนที่ทำแล้ว " + ", ".join(str(n) for n in result.steps_done))
    if result.value is not None:
        if indicator.unit == "ร้อยละ":  # Thai puts this unit first: ร้อยละ 82.5
            parts.append(f"ร้อยละ {plain(result.value)}")
        else:
            parts.append(f"{plain(result.value)} {indicator.unit}".strip())
    return "; ".join(parts) or DASH


# --- the executive summary of a round -------------------------------------------------------------


def render_summary(fiscal_year, months: int, user, *, thai_digits: bool = False) -> bytes:
    """The executive summary of a round: totals, the ranking of the organizations, the indicators
    at risk by the early warning, and bar charts of both.

    Over the signed agreements `user` may see, ranked as the dashboard ranks them
    (dashboards.selectors.rollup, which asks Agreement.objects.for_user): the summary never
    speaks of an organization its reader could not open.
    """
    from khamrap.dashboards import selectors as dashboards

    reporting_round = fiscal_year.rounds.filter(months=months).first()
    totals = dashboards.rollup(user, fiscal_year, months)
    heading = _organizations_of_user(user)
    with translation.override("th"):
        ranking = [
            {
                "rank": str(t.rank) if t.rank is not None else DASH,
                "organization": t.agreement.organization.name_th,
                "self": score4(t.total_self),
                "final": score4(t.total_final),
                "reported": f"{t.reported}/{t.indicators}",
                "status": _standing(t.standing),
            }
            for t in totals
        ]
    risks = []
    warnings = dashboards.early_warnings([t.agreement for t in totals])
    for total in totals:
        for warning in warnings[total.agreement.pk]:
            if warning.at_risk:
                risks.append((total.agreement, warning))
    # Highest and lowest among official totals only (rules.counting): drafts are not compared.
    scored = [t.total_final for t in totals if t.official and t.total_final is not None]
    body = {
        "year": str(fiscal_year.year),
        "months": str(months),
        "cutoff": date(reporting_round.cutoff_date) if reporting_round else "",
        "count": str(len(totals)),
        "reported": str(len(scored)),
        "closed": str(sum(t.report_status == "closed" for t in totals)),
        "highest": score4(max(scored)) if scored else DASH,
        "lowest": score4(min(scored)) if scored else DASH,
        "ranking": ranking,
        "chart": _bar_chart(
            "คะแนนเฉลี่ยถ่วงน้ำหนักที่เป็นทางการ (ส่งรายงานหรือตรวจสอบแล้ว) ตามหน่วยงาน",
            [(t.agreement.organization.name_th, t.total_final) for t in totals if t.official],
        ),
        "risk_count": str(len(risks)),
        "risks": [
            {
                "organization": agreement.organization.name_th,
                "number": w.indicator.number,
                "name": w.indicator.name,
                "latest": score4(w.latest_score),
                "projected": score4(w.projected_score),
                "result": w.projected_result or DASH,
                "method": METHODS.get(w.method, w.method or DASH),
            }
            for agreement, w in risks
        ],
        "risk_chart": _bar_chart(
            "คะแนนที่คาดการณ์ ณ สิ้นปี ของตัวชี้วัดที่มีความเสี่ยง",
            [
                (
                    f"{agreement.organization.name_th} ตัวชี้วัดที่ {w.indicator.number}",
                    w.projected_score,
                )
                for agreement, w in risks
            ],
        ),
    }
    title = f"สรุปผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ รอบ {months} เดือน ปีงบประมาณ พ.ศ. {fiscal_year.year}"
    meta = document_meta(heading, fiscal_year.year, title, thai_digits)
    return render_document("summary.typ", meta, body)


def _organizations_of_user(user) -> str:
    """The organizations a person's summary speaks for: their memberships' highest organizations."""
    from khamrap.organizations.selectors import membership_list_for_user

    found = []
    for membership in membership_list_for_user(user):
        organization = membership.organization
        if not any(organization.path.startswith(o.path) for o in found):
            found = [o for o in found if not o.path.startswith(organization.path)]
            found.append(organization)
    return ", ".join(o.name_th for o in found) or "ทุกหน่วยงาน"


def _bar_chart(title: str, items: list[tuple[str, Decimal | None]], maximum: int = 5) -> dict:
    """A bar chart for the template to draw with typst (typst draws an SVG's Thai text wrongly:
    ำ is misplaced), coloured by the same score bands as the pages' charts (lib.charts)."""
    bands = chart_bands()
    return {
        "title": title,
        "ticks": [{"label": str(t), "pos": t / maximum} for t in range(0, maximum + 1)],
        "items": [
            {
                "label": label,
                "value": score4(value) if value is not None else "",
                "pos": float(min(max(value, Decimal(0)), Decimal(maximum)) / maximum)
                if value is not None
                else None,
                "colour": Verbatim(band_colour(value, bands) if value is not None else ""),
            }
            for label, value in items
        ],
        "missing": "ยังไม่มีผล",
    }
