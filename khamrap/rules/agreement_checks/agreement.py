"""The checks of the agreement as a whole, after every indicator's: the lowest score, the indicators'
weights adding up to 100, and each weighted group getting its weight."""

from __future__ import annotations

from khamrap.rules.scoring import TOTAL_WEIGHT, ZERO, PassFailCriteria, ScoringError

from .drafts import AgreementDraft, valid_weight
from .problems import Add
from .wording import plain_number, scoring_english, uncounted


def check_weights(draft: AgreementDraft, add: Add) -> None:
    """The lowest score is 0 or 1, there are indicators, and their weights add up to 100."""
    try:
        PassFailCriteria(draft.floor)
    except ScoringError as error:
        add(error.code, error.message, scoring_english(error.code))
    if not draft.indicators:
        add(
            "indicators_empty",
            "คำรับรองยังไม่มีตัวชี้วัด ให้เพิ่มตัวชี้วัด",
            "The agreement has no indicator yet: add indicators",
        )
    else:
        weights = [valid_weight(ind.weight) for ind in draft.indicators]
        total = sum((weight for weight in weights if weight is not None), ZERO)
        if total != TOTAL_WEIGHT:
            add(
                "weights_not_100",
                f"ผลรวมน้ำหนักของตัวชี้วัดเท่ากับ {plain_number(total)} ต้องเท่ากับ 100{uncounted(weights)}",
                f"The weights of the indicators add up to {plain_number(total)}; they must add up"
                f" to 100{uncounted(weights, english=True)}",
            )


def check_group_weights(draft: AgreementDraft, add: Add) -> None:
    """Each weighted group gets its indicators' weights; all group weights make 100."""
    groups = draft.groups
    for group in groups:
        if group.weight is None:
            continue
        expected = valid_weight(group.weight)
        members = [ind for ind in draft.indicators if ind.group == group.key]
        weights = [valid_weight(ind.weight) for ind in members]
        total = sum((weight for weight in weights if weight is not None), ZERO)
        if expected is None or total != expected:
            shown = plain_number(expected) if expected is not None else str(group.weight)
            numbers = ", ".join(ind.number.strip() or f"“{ind.name.strip()}”" for ind in members)
            listed = f" (ตัวชี้วัด {numbers})" if members else " (ยังไม่มีตัวชี้วัดในกลุ่มนี้)"
            listed_en = (
                f" (indicators {numbers})" if members else " (no indicator in this group yet)"
            )
            add(
                "group_weights_mismatch",
                f"{group.name}: ผลรวมน้ำหนักของตัวชี้วัดในกลุ่มนี้เท่ากับ {plain_number(total)}"
                f" ต้องเท่ากับน้ำหนักของกลุ่ม {shown}{listed}{uncounted(weights)}",
                f"{group.name}: the weights of the indicators in this group add up to"
                f" {plain_number(total)}; they must add up to the group's weight {shown}"
                f"{listed_en}{uncounted(weights, english=True)}",
            )
    weights = [valid_weight(group.weight) for group in groups]
    if groups and all(group.weight is not None for group in groups):
        total = sum((weight for weight in weights if weight is not None), ZERO)
        if total != TOTAL_WEIGHT:
            names = ", ".join(
                f"{group.name} = {plain_number(weight) if weight is not None else group.weight}"
                for group, weight in zip(groups, weights, strict=True)
            )
            add(
                "group_weights_not_100",
                f"ผลรวมน้ำหนักของกลุ่มตัวชี้วัดเท่ากับ {plain_number(total)} ต้องเท่ากับ 100 ({names})",
                f"The weights of the groups add up to {plain_number(total)}; they must add up to"
                f" 100 ({names})",
            )
