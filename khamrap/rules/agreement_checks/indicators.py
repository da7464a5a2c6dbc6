"""The checks of one indicator apart from its criteria: its number and name, its kind and weight, its
group, its sub-indicators, its people and the reform issues it names."""

from __future__ import annotations

from khamrap.rules.scoring import TOTAL_WEIGHT, ZERO, Kind

from .drafts import GroupDraft, IndicatorDraft, valid_weight
from .issues import ReformIssues
from .problems import WARNING, Add
from .wording import KIND_NAMES, KIND_NAMES_EN, plain_number, uncounted


def check_identity(
    ind: IndicatorDraft, number: str, seen_numbers: dict[str, str], add: Add
) -> None:
    """Its number (present, not used before) and its name."""
    if not number:
        add("number_missing", "ยังไม่ได้กำหนดหมายเลขตัวชี้วัด", "has no number yet")
    elif number in seen_numbers:
        add(
            "number_duplicate",
            f"หมายเลขซ้ำกับตัวชี้วัด “{seen_numbers[number]}” ให้เปลี่ยนหมายเลขของตัวใดตัวหนึ่งไม่ให้ซ้ำกัน",
            f"has the same number as the indicator “{seen_numbers[number]}”;"
            " change the number of one of them",
        )
    else:
        seen_numbers[number] = ind.name.strip() or number
    if not ind.name.strip():
        add("name_missing", "ยังไม่ได้ระบุชื่อตัวชี้วัด", "has no name yet")


def check_kind(ind: IndicatorDraft, add: Add) -> Kind | None:
    """The scoring kind, or None (and an error) when it is not one the engine knows."""
    try:
        return Kind(ind.kind)
    except ValueError:
        choices = ", ".join(KIND_NAMES.values())
        choices_en = ", ".join(KIND_NAMES_EN.values())
        state = f"รูปแบบ “{ind.kind}” ไม่ถูกต้อง" if ind.kind.strip() else "ยังไม่ได้เลือก"
        state_en = (
            f"the scoring kind “{ind.kind}” is not one the system knows"
            if ind.kind.strip()
            else "no scoring kind is chosen yet"
        )
        add(
            "kind_unknown",
            f"{state} ให้เลือกรูปแบบเกณฑ์การให้คะแนนหนึ่งใน: {choices}",
            f"{state_en}; choose one of: {choices_en}",
        )
        return None


def check_weight(ind: IndicatorDraft, add: Add) -> None:
    """A weight given and greater than 0."""
    if ind.weight is None:
        add("weight_missing", "ยังไม่ได้กำหนดน้ำหนัก", "has no weight yet")
        return
    value = valid_weight(ind.weight)
    if value is None or value <= 0:
        shown = plain_number(value) if value is not None else str(ind.weight)
        add(
            "weight_not_positive",
            f"น้ำหนักต้องเป็นตัวเลขที่มากกว่า 0 แต่กำหนดไว้ {shown}",
            f"the weight must be a number greater than 0, but it is {shown}",
        )


def check_group(ind: IndicatorDraft, groups: tuple[GroupDraft, ...], add: Add) -> None:
    """A top-level indicator belongs to one of the framework's groups."""
    if groups and ind.group not in {group.key for group in groups}:
        names = ", ".join(group.name for group in groups)
        shown = f"“{ind.group}”" if ind.group else "(ว่าง)"
        shown_en = f"“{ind.group}”" if ind.group else "(none)"
        add(
            "group_unknown",
            f"อยู่ในกลุ่ม {shown} ซึ่งไม่มีในกรอบการประเมินของปีนี้ ให้เลือกกลุ่มใหม่ ({names})",
            f"is in the group {shown_en}, which this year's framework does not have;"
            f" choose a group again ({names})",
        )


def check_structure(ind: IndicatorDraft, kind: Kind, add: Add) -> None:
    """A composite has sub-indicators weighing 100; other kinds have none."""
    if kind is Kind.COMPOSITE:
        if not ind.parts:
            add(
                "composite_without_parts",
                "เลือกเกณฑ์แบบมีตัวชี้วัดย่อย แต่ยังไม่มีตัวชี้วัดย่อย ให้เพิ่มตัวชี้วัดย่อยหรือเปลี่ยนรูปแบบเกณฑ์",
                "is scored by sub-indicators but has none yet; add sub-indicators or change"
                " the kind",
            )
            return
        weights = [valid_weight(part.weight) for part in ind.parts]
        total = sum((weight for weight in weights if weight is not None), ZERO)
        if total != TOTAL_WEIGHT:
            add(
                "parts_weights_not_100",
                f"ผลรวมน้ำหนักของตัวชี้วัดย่อยเท่ากับ {plain_number(total)}"
                f" ต้องเท่ากับ 100{uncounted(weights)}",
                f"the weights of its sub-indicators add up to {plain_number(total)}; they must"
                f" add up to 100{uncounted(weights, english=True)}",
            )
    elif ind.parts:
        add(
            "parts_on_non_composite",
            f"มีตัวชี้วัดย่อย {len(ind.parts)} ตัว แต่เกณฑ์เป็นแบบ{KIND_NAMES[kind]}"
            " ตัวชี้วัดย่อยจะไม่ถูกนำมาคิดคะแนน ให้เปลี่ยนเป็นเกณฑ์แบบมีตัวชี้วัดย่อยหรือลบตัวชี้วัดย่อยออก",
            f"has {len(ind.parts)} sub-indicators but its criteria are"
            f" {KIND_NAMES_EN[kind]}: the sub-indicators will not be scored; choose criteria"
            " with sub-indicators or remove them",
        )


def check_people(ind: IndicatorDraft, parent: IndicatorDraft | None, add: Add) -> None:
    """A supervisor and a data collector, on the indicator or on its composite."""
    if ind.kind == Kind.COMPOSITE and ind.parts:
        return  # Checked on each sub-indicator, which may take the composite's people.
    hint = hint_en = ""
    if parent is not None:
        hint = f" (กำหนดที่ตัวชี้วัดย่อยนี้ หรือที่ตัวชี้วัด {parent.number.strip() or 'หลัก'} เพื่อใช้กับตัวชี้วัดย่อยทุกตัว)"
        hint_en = (
            " (name them on this sub-indicator, or on indicator"
            f" {parent.number.strip() or 'above it'} for all its sub-indicators)"
        )
    if ind.supervisors <= 0 and (parent is None or parent.supervisors <= 0):
        add(
            "supervisor_missing",
            f"ยังไม่มีผู้กำกับดูแลตัวชี้วัด{hint}",
            f"has no KPI supervisor yet{hint_en}",
        )
    if ind.collectors <= 0 and (parent is None or parent.collectors <= 0):
        add(
            "collector_missing",
            f"ยังไม่มีผู้จัดเก็บข้อมูล{hint}",
            f"has no data collector yet{hint_en}",
        )


def check_issues_known(ind: IndicatorDraft, reform_issues: ReformIssues, add: Add) -> None:
    """Every reform issue it names is in the list (a warning, not an error)."""
    known = {issue.code for issue in reform_issues.issues}
    for code in sorted(ind.issues - known):
        add(
            "issue_unknown",
            f"ระบุประเด็น “{code}” ซึ่งไม่อยู่ในรายการประเด็นการพัฒนาการปฏิบัติราชการ ให้เลือกประเด็นจากรายการใหม่",
            f"names the issue “{code}”, which is not in the list of reform issues;"
            " choose an issue from the list again",
            WARNING,
        )
