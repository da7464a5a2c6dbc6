"""The agreement linter: every problem of a draft performance agreement, found before it is signed.

Values in, values out: no Django, no database. The page that shows an agreement turns its rows into
the frozen drafts below, calls `check_agreement` with the reform issues the agreements must cover
(`ReformIssues`: seed 001, which the agreements app keeps among its presets and passes in), and
lists the problems in the order they come:
indicator by indicator (each indicator followed by its sub-indicators), then the problems of the
agreement as a whole. Every message is a Thai sentence that names the indicator and says what to fix,
with the same sentence in English beside it (`Problem.message_en`) for pages read in English: the
rules stay free of Django, and the page picks the reader's language (`Problem.text`).

Decisions that the rules leave open:
- People on a composite: results of a composite are entered on its sub-indicators (the scoring
  engine refuses a result on the composite itself), so every sub-indicator must be reachable by a
  supervisor and a data collector. A sub-indicator without its own takes those of its composite;
  the error is reported on each sub-indicator that has neither. A composite without sub-indicators
  is checked on itself.
- Groups: a sub-indicator belongs to its composite's group, so only top-level indicators are checked
  against the framework's groups and counted in group weights. A draft with no groups at all (a
  framework without dimensions or components) skips the group checks.
- The top-level weight total is still checked when some weights are missing; the message says how
  many indicators it does not count yet.
- Sub-indicators of an indicator that is not composite are still checked one by one, besides the
  error on the indicator itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Literal, Protocol, TypeAlias, cast

from khamrap.rules.scoring import (
    TOTAL_WEIGHT,
    ZERO,
    Direction,
    Kind,
    MilestoneCriteria,
    MixedCriteria,
    NumericCriteria,
    PassFailCriteria,
    ScoringError,
)

Severity: TypeAlias = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

USUAL_MILESTONE_STEPS = 5
DEPARTMENT_GROUPS = (1, 2, 3)

_KIND_NAMES = {
    Kind.MILESTONE: "ระดับขั้นของความสำเร็จ (Milestone)",
    Kind.NUMERIC: "ค่าเป้าหมาย 5 ระดับ",
    Kind.MIXED: "แบบผสม (ขั้นตอนและค่าเป้าหมาย)",
    Kind.PASS_FAIL: "ผ่าน/ไม่ผ่าน",
    Kind.COMPOSITE: "มีตัวชี้วัดย่อย",
}
_KIND_NAMES_EN = {
    Kind.MILESTONE: "milestone levels of success",
    Kind.NUMERIC: "five-level targets",
    Kind.MIXED: "mixed (steps and targets)",
    Kind.PASS_FAIL: "pass/fail",
    Kind.COMPOSITE: "with sub-indicators",
}


class _Add(Protocol):
    """The per-indicator reporter: prefixes the indicator's label to the text, in both languages."""

    def __call__(self, code: str, text: str, english: str, severity: Severity = ERROR) -> None: ...


@dataclass(frozen=True)
class StepDraft:
    """One step of a milestone (or of the lower levels of a mixed indicator)."""

    description: str
    evidence: str


@dataclass(frozen=True)
class IndicatorDraft:
    """An indicator as drafted: number, name, group, weight, criteria, people, issues, parts."""

    number: str
    name: str
    group: str
    weight: Decimal | None
    kind: str
    direction: str = "higher"
    targets: tuple[Decimal | None, ...] = ()
    mixed_steps: int | None = None
    steps: tuple[StepDraft, ...] = ()
    supervisors: int = 0
    collectors: int = 0
    issues: frozenset[str] = frozenset()
    parts: tuple[IndicatorDraft, ...] = ()


@dataclass(frozen=True)
class GroupDraft:
    """A group of the year's framework (a dimension or component) and its weight, if it has one."""

    key: str
    name: str
    weight: Decimal | None


@dataclass(frozen=True)
class AgreementDraft:
    """A whole agreement: its indicators in order, the framework's groups, the department group."""

    indicators: tuple[IndicatorDraft, ...]
    groups: tuple[GroupDraft, ...]
    department_group: int | None
    floor: Decimal = ZERO


@dataclass(frozen=True)
class Problem:
    """One problem: a stable code, a Thai message, the indicator's number (None: agreement-wide),
    and the message in English."""

    code: str
    message: str
    indicator: str | None
    severity: Severity
    message_en: str = ""

    def text(self, language: str | None) -> str:
        """The message in the reader's language: English for "en…" when there is one, else Thai."""
        if language and language.startswith("en") and self.message_en:
            return self.message_en
        return self.message


@dataclass(frozen=True)
class ReformIssue:
    """One reform issue: its code, its number within its list (mandatory or optional), its names."""

    code: str
    number: int
    name_th: str
    name_en: str
    mandatory: bool


@dataclass(frozen=True)
class ReformIssues:
    """The reform issues agreements must cover (seed 001), in order, and how many of the optional
    ones an organization of department group 2 must cover."""

    issues: tuple[ReformIssue, ...]
    group_2_optional_minimum: int

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[str, int, str, str, bool]], *, group_2_optional_minimum: int
    ) -> ReformIssues:
        """From rows of (code, number, Thai name, English name, mandatory)."""
        return cls(tuple(ReformIssue(*row) for row in rows), group_2_optional_minimum)

    @property
    def mandatory(self) -> tuple[str, ...]:
        """The codes of the mandatory issues, in order."""
        return tuple(issue.code for issue in self.issues if issue.mandatory)

    @property
    def optional(self) -> tuple[str, ...]:
        """The codes of the optional issues, in order."""
        return tuple(issue.code for issue in self.issues if not issue.mandatory)

    def get(self, code: str) -> ReformIssue | None:
        """The issue with this code, or None when unknown."""
        return next((issue for issue in self.issues if issue.code == code), None)

    def name(self, code: str) -> str:
        """The Thai name of an issue (the code itself when unknown)."""
        issue = self.get(code)
        return issue.name_th if issue else code

    def name_en(self, code: str) -> str:
        """The English name of an issue (the code itself when unknown)."""
        issue = self.get(code)
        return issue.name_en if issue else code


@dataclass(frozen=True)
class IssueCoverage:
    """Which reform issues (seed 001) the agreement still lacks for its department group."""

    mandatory_missing: tuple[str, ...]
    optional_covered: tuple[str, ...]
    optional_needed: int

    @property
    def complete(self) -> bool:
        """Whether the department group's issue requirement is met."""
        return not self.mandatory_missing and self.optional_needed == 0


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem blocks signing (warnings do not)."""
    return any(problem.severity == ERROR for problem in problems)


def _number(value: Decimal | int) -> str:
    """A number as a person writes it: 95, 12.5, never 1E+2 nor 95.00."""
    return format(Decimal(value).normalize(), "f")


def _valid_weight(weight: object) -> Decimal | None:
    """The weight as a finite Decimal, or None when it is missing or not a usable number."""
    if isinstance(weight, bool) or not isinstance(weight, Decimal | int):
        return None
    value = Decimal(weight)
    return value if value.is_finite() else None


def _walk(indicators: Iterable[IndicatorDraft]) -> Iterator[IndicatorDraft]:
    """Indicators in agreement order, each followed by its sub-indicators (depth first)."""
    for indicator in indicators:
        yield indicator
        yield from _walk(indicator.parts)


def issue_coverage(draft: AgreementDraft, issues: ReformIssues) -> IssueCoverage:
    """What the agreement covers of `issues` and what its department group still needs."""
    tagged = {code for indicator in _walk(draft.indicators) for code in indicator.issues}
    optional_covered = tuple(code for code in issues.optional if code in tagged)
    if draft.department_group in (1, 2):
        mandatory_missing = tuple(code for code in issues.mandatory if code not in tagged)
    else:
        mandatory_missing = ()
    optional_needed = 0
    if draft.department_group == 2:
        optional_needed = max(0, issues.group_2_optional_minimum - len(optional_covered))
    return IssueCoverage(mandatory_missing, optional_covered, optional_needed)


@dataclass
class _Linter:
    """Collects the problems of one draft, indicator by indicator."""

    draft: AgreementDraft
    reform_issues: ReformIssues
    problems: list[Problem] = field(default_factory=list)
    seen_numbers: dict[str, str] = field(default_factory=dict)

    def add(
        self, code: str, message: str, english: str, indicator: str | None, severity: Severity
    ) -> None:
        """Record one problem, in Thai and in English."""
        self.problems.append(Problem(code, message, indicator, severity, english))

    # --- one indicator ---------------------------------------------------------------------------

    def indicator(
        self, ind: IndicatorDraft, position: str, parent: IndicatorDraft | None = None
    ) -> None:
        """Check one indicator, then its sub-indicators, in that order."""
        number = ind.number.strip()
        key = number or None
        if number:
            label, label_en = f"ตัวชี้วัด {number}", f"Indicator {number}"
        elif ind.name.strip():
            label = f"ตัวชี้วัด “{ind.name.strip()}”"
            label_en = f"Indicator “{ind.name.strip()}”"
        else:
            label, label_en = f"ตัวชี้วัดลำดับที่ {position}", f"Indicator number {position} in order"

        def add(code: str, text: str, english: str, severity: Severity = ERROR) -> None:
            self.add(code, f"{label}: {text}", f"{label_en}: {english}", key, severity)

        self.identity(ind, number, add)
        kind = self.kind(ind, add)
        self.weight(ind, add)
        if parent is None:
            self.group(ind, add)
        if kind is not None:
            self.criteria(ind, kind, add)
            self.structure(ind, kind, add)
        self.people(ind, parent, add)
        known = {issue.code for issue in self.reform_issues.issues}
        for code in sorted(ind.issues - known):
            add(
                "issue_unknown",
                f"ระบุประเด็น “{code}” ซึ่งไม่อยู่ในรายการประเด็นการพัฒนาการปฏิบัติราชการ"
                " ให้เลือกประเด็นจากรายการใหม่",
                f"names the issue “{code}”, which is not in the list of reform issues;"
                " choose an issue from the list again",
                WARNING,
            )
        for index, part in enumerate(ind.parts, start=1):
            self.indicator(part, f"{position}.{index}", ind)

    def identity(self, ind: IndicatorDraft, number: str, add: _Add) -> None:
        """Its number (present, not used before) and its name."""
        if not number:
            add("number_missing", "ยังไม่ได้กำหนดหมายเลขตัวชี้วัด", "has no number yet")
        elif number in self.seen_numbers:
            add(
                "number_duplicate",
                f"หมายเลขซ้ำกับตัวชี้วัด “{self.seen_numbers[number]}”"
                " ให้เปลี่ยนหมายเลขของตัวใดตัวหนึ่งไม่ให้ซ้ำกัน",
                f"has the same number as the indicator “{self.seen_numbers[number]}”;"
                " change the number of one of them",
            )
        else:
            self.seen_numbers[number] = ind.name.strip() or number
        if not ind.name.strip():
            add("name_missing", "ยังไม่ได้ระบุชื่อตัวชี้วัด", "has no name yet")

    def kind(self, ind: IndicatorDraft, add: _Add) -> Kind | None:
        """The scoring kind, or None (and an error) when it is not one the engine knows."""
        try:
            return Kind(ind.kind)
        except ValueError:
            choices = ", ".join(_KIND_NAMES.values())
            choices_en = ", ".join(_KIND_NAMES_EN.values())
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

    def weight(self, ind: IndicatorDraft, add: _Add) -> None:
        """A weight given and greater than 0."""
        if ind.weight is None:
            add("weight_missing", "ยังไม่ได้กำหนดน้ำหนัก", "has no weight yet")
            return
        value = _valid_weight(ind.weight)
        if value is None or value <= 0:
            shown = _number(value) if value is not None else str(ind.weight)
            add(
                "weight_not_positive",
                f"น้ำหนักต้องเป็นตัวเลขที่มากกว่า 0 แต่กำหนดไว้ {shown}",
                f"the weight must be a number greater than 0, but it is {shown}",
            )

    def group(self, ind: IndicatorDraft, add: _Add) -> None:
        """A top-level indicator belongs to one of the framework's groups."""
        groups = self.draft.groups
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

    # --- criteria --------------------------------------------------------------------------------

    def criteria(self, ind: IndicatorDraft, kind: Kind, add: _Add) -> None:
        """Targets and steps as the kind needs them; warnings for those it ignores."""
        uses_targets = kind in (Kind.NUMERIC, Kind.MIXED)
        uses_steps = kind in (Kind.MILESTONE, Kind.MIXED)
        if ind.targets and not uses_targets:
            add(
                "targets_unused",
                f"เกณฑ์แบบ{_KIND_NAMES[kind]}ไม่ใช้ค่าเป้าหมาย ค่าเป้าหมายที่กรอกไว้"
                f" {len(ind.targets)} ค่าจะไม่ถูกนำมาคิดคะแนน ให้ลบออกหรือเปลี่ยนรูปแบบเกณฑ์",
                f"criteria of the kind {_KIND_NAMES_EN[kind]} use no targets: the"
                f" {len(ind.targets)} targets entered will not be scored; remove them or change"
                " the kind",
                WARNING,
            )
        if ind.steps and not uses_steps:
            add(
                "steps_unused",
                f"เกณฑ์แบบ{_KIND_NAMES[kind]}ไม่ใช้ขั้นตอน ขั้นตอนที่กรอกไว้"
                f" {len(ind.steps)} ขั้นตอนจะไม่ถูกนำมาคิดคะแนน ให้ลบออกหรือเปลี่ยนรูปแบบเกณฑ์",
                f"criteria of the kind {_KIND_NAMES_EN[kind]} use no steps: the"
                f" {len(ind.steps)} steps entered will not be scored; remove them or change the kind",
                WARNING,
            )
        if kind is Kind.MILESTONE:
            self.milestone_steps(ind, add)
        elif kind is Kind.NUMERIC:
            direction = self.direction(ind, add)
            if direction is not None:
                self.targets(ind, 1, direction, add)
        elif kind is Kind.MIXED:
            self.mixed(ind, add)
        if uses_steps:
            self.step_texts(ind, add)

    def milestone_steps(self, ind: IndicatorDraft, add: _Add) -> None:
        """At least one step (the engine's rule), usually five."""
        count = len(ind.steps)
        try:
            MilestoneCriteria(count)
        except ScoringError as error:
            add(
                error.code,
                error.message + " ให้เพิ่มขั้นตอนของความสำเร็จ",
                _scoring_english(error.code) + "; add the steps of success",
            )
            return
        if count != USUAL_MILESTONE_STEPS:
            add(
                "steps_not_five",
                f"มี {count} ขั้นตอน โดยปกติเกณฑ์ระดับขั้นของความสำเร็จมี"
                f" {USUAL_MILESTONE_STEPS} ขั้นตอน (ระดับละ 1 ขั้นตอน)"
                " ให้ตรวจสอบว่าตั้งใจกำหนดไว้เช่นนี้",
                f"has {count} steps; milestone criteria usually have {USUAL_MILESTONE_STEPS}"
                " (one step a level): check that this is meant",
                WARNING,
            )

    def mixed(self, ind: IndicatorDraft, add: _Add) -> None:
        """m within 1..4, exactly m steps, and 5 - m targets."""
        direction = self.direction(ind, add)
        m = ind.mixed_steps
        if m is None:
            add(
                "mixed_steps_missing",
                "ยังไม่ได้กำหนดว่าขั้นตอนใช้กับระดับ 1 ถึงระดับใด (m) ของเกณฑ์แบบผสม",
                "does not say up to which level (m) the steps of its mixed criteria go",
            )
            return
        try:
            MixedCriteria(m, ())
        except ScoringError as error:
            # The engine checks m before the targets: a complaint about targets means m is fine.
            if error.code != "targets_count":
                code = "mixed_steps_not_a_number" if error.code == "not_a_number" else error.code
                add(code, error.message, _scoring_english(error.code))
                return
        if len(ind.steps) != m:
            add(
                "steps_count_mismatch",
                f"เกณฑ์แบบผสมใช้ขั้นตอนสำหรับระดับ 1 ถึง {m} จึงต้องมี {m} ขั้นตอน แต่มี {len(ind.steps)} ขั้นตอน",
                f"mixed criteria with steps for levels 1 to {m} need {m} steps, but there are"
                f" {len(ind.steps)}",
            )
        if direction is not None:
            self.targets(ind, m + 1, direction, add)

    def direction(self, ind: IndicatorDraft, add: _Add) -> Direction | None:
        """Higher-is-better or lower-is-better, or None (and an error)."""
        try:
            return Direction(ind.direction)
        except ValueError:
            add(
                "direction_invalid",
                "ยังไม่ได้เลือกว่าค่ามากดีหรือค่าน้อยดี จึงยังตรวจค่าเป้าหมายไม่ได้",
                "does not say yet whether higher or lower is better, so its targets cannot be"
                " checked",
            )
            return None

    def targets(
        self, ind: IndicatorDraft, first_level: int, direction: Direction, add: _Add
    ) -> None:
        """Targets for levels first_level..5: all there, counted and in order (the engine's rules)."""
        targets = ind.targets
        levels = range(first_level, 6)
        if len(targets) == len(levels) and None in targets:
            missing = ", ".join(
                str(level) for level, target in zip(levels, targets, strict=True) if target is None
            )
            add(
                "targets_missing",
                f"ยังไม่ได้กำหนดค่าเป้าหมายของระดับ {missing}",
                f"has no target yet for level{'s' if ',' in missing else ''} {missing}",
            )
            return
        # No None is left unless the count is wrong, which the engine reports before any value.
        values = cast("tuple[Decimal, ...]", targets)
        try:
            if first_level == 1:
                NumericCriteria(values, direction)
            else:
                MixedCriteria(first_level - 1, values, direction)
        except ScoringError as error:
            message = error.message
            english = _scoring_english(error.code, first_level, direction, len(targets))
            if error.code == "targets_not_monotone":
                message += _first_break(targets, first_level, direction)
                english += _first_break(targets, first_level, direction, english=True)
            code = "target_not_a_number" if error.code == "not_a_number" else error.code
            add(code, message, english)

    def step_texts(self, ind: IndicatorDraft, add: _Add) -> None:
        """Each step says what to do and, preferably, what evidence shows it done."""
        for index, step in enumerate(ind.steps, start=1):
            if not step.description.strip():
                add(
                    "step_description_missing",
                    f"ขั้นตอนที่ {index} ยังไม่มีคำอธิบายว่าต้องทำอะไร",
                    f"step {index} does not say yet what is to be done",
                )
            if not step.evidence.strip():
                add(
                    "step_evidence_missing",
                    f"ขั้นตอนที่ {index} ยังไม่ระบุหลักฐานที่ต้องแสดง",
                    f"step {index} does not name yet the evidence to show",
                    WARNING,
                )

    # --- sub-indicators and people ---------------------------------------------------------------

    def structure(self, ind: IndicatorDraft, kind: Kind, add: _Add) -> None:
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
            weights = [_valid_weight(part.weight) for part in ind.parts]
            total = sum((weight for weight in weights if weight is not None), ZERO)
            if total != TOTAL_WEIGHT:
                add(
                    "parts_weights_not_100",
                    f"ผลรวมน้ำหนักของตัวชี้วัดย่อยเท่ากับ {_number(total)}"
                    f" ต้องเท่ากับ 100{_uncounted(weights)}",
                    f"the weights of its sub-indicators add up to {_number(total)}; they must"
                    f" add up to 100{_uncounted(weights, english=True)}",
                )
        elif ind.parts:
            add(
                "parts_on_non_composite",
                f"มีตัวชี้วัดย่อย {len(ind.parts)} ตัว แต่เกณฑ์เป็นแบบ{_KIND_NAMES[kind]}"
                " ตัวชี้วัดย่อยจะไม่ถูกนำมาคิดคะแนน ให้เปลี่ยนเป็นเกณฑ์แบบมีตัวชี้วัดย่อยหรือลบตัวชี้วัดย่อยออก",
                f"has {len(ind.parts)} sub-indicators but its criteria are"
                f" {_KIND_NAMES_EN[kind]}: the sub-indicators will not be scored; choose criteria"
                " with sub-indicators or remove them",
            )

    def people(self, ind: IndicatorDraft, parent: IndicatorDraft | None, add: _Add) -> None:
        """A supervisor and a data collector, on the indicator or on its composite."""
        if ind.kind == Kind.COMPOSITE and ind.parts:
            return  # Checked on each sub-indicator, which may take the composite's people.
        hint = hint_en = ""
        if parent is not None:
            hint = (
                f" (กำหนดที่ตัวชี้วัดย่อยนี้ หรือที่ตัวชี้วัด {parent.number.strip() or 'หลัก'} เพื่อใช้กับตัวชี้วัดย่อยทุกตัว)"
            )
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

    # --- the agreement as a whole ----------------------------------------------------------------

    def agreement(self) -> None:
        """The problems of the agreement as a whole, after every indicator's."""
        draft = self.draft
        try:
            PassFailCriteria(draft.floor)
        except ScoringError as error:
            self.add(error.code, error.message, _scoring_english(error.code), None, ERROR)
        if not draft.indicators:
            self.add(
                "indicators_empty",
                "คำรับรองยังไม่มีตัวชี้วัด ให้เพิ่มตัวชี้วัด",
                "The agreement has no indicator yet: add indicators",
                None,
                ERROR,
            )
        else:
            weights = [_valid_weight(ind.weight) for ind in draft.indicators]
            total = sum((weight for weight in weights if weight is not None), ZERO)
            if total != TOTAL_WEIGHT:
                self.add(
                    "weights_not_100",
                    f"ผลรวมน้ำหนักของตัวชี้วัดเท่ากับ {_number(total)} ต้องเท่ากับ 100{_uncounted(weights)}",
                    f"The weights of the indicators add up to {_number(total)}; they must add up"
                    f" to 100{_uncounted(weights, english=True)}",
                    None,
                    ERROR,
                )
        self.group_weights()
        self.issues()

    def group_weights(self) -> None:
        """Each weighted group gets its indicators' weights; all group weights make 100."""
        groups = self.draft.groups
        for group in groups:
            if group.weight is None:
                continue
            expected = _valid_weight(group.weight)
            members = [ind for ind in self.draft.indicators if ind.group == group.key]
            weights = [_valid_weight(ind.weight) for ind in members]
            total = sum((weight for weight in weights if weight is not None), ZERO)
            if expected is None or total != expected:
                shown = _number(expected) if expected is not None else str(group.weight)
                numbers = ", ".join(
                    ind.number.strip() or f"“{ind.name.strip()}”" for ind in members
                )
                listed = f" (ตัวชี้วัด {numbers})" if members else " (ยังไม่มีตัวชี้วัดในกลุ่มนี้)"
                listed_en = (
                    f" (indicators {numbers})" if members else " (no indicator in this group yet)"
                )
                self.add(
                    "group_weights_mismatch",
                    f"{group.name}: ผลรวมน้ำหนักของตัวชี้วัดในกลุ่มนี้เท่ากับ {_number(total)}"
                    f" ต้องเท่ากับน้ำหนักของกลุ่ม {shown}{listed}{_uncounted(weights)}",
                    f"{group.name}: the weights of the indicators in this group add up to"
                    f" {_number(total)}; they must add up to the group's weight {shown}"
                    f"{listed_en}{_uncounted(weights, english=True)}",
                    None,
                    ERROR,
                )
        weights = [_valid_weight(group.weight) for group in groups]
        if groups and all(group.weight is not None for group in groups):
            total = sum((weight for weight in weights if weight is not None), ZERO)
            if total != TOTAL_WEIGHT:
                names = ", ".join(
                    f"{group.name} = {_number(weight) if weight is not None else group.weight}"
                    for group, weight in zip(groups, weights, strict=True)
                )
                self.add(
                    "group_weights_not_100",
                    f"ผลรวมน้ำหนักของกลุ่มตัวชี้วัดเท่ากับ {_number(total)} ต้องเท่ากับ 100 ({names})",
                    f"The weights of the groups add up to {_number(total)}; they must add up to"
                    f" 100 ({names})",
                    None,
                    ERROR,
                )

    def issues(self) -> None:
        """The department group's reform issues are covered."""
        group = self.draft.department_group
        if group is not None and group not in DEPARTMENT_GROUPS:
            self.add(
                "department_group_invalid",
                f"กลุ่มส่วนราชการ “{group}” ไม่ถูกต้อง ต้องเป็นกลุ่มที่ 1, 2 หรือ 3",
                f"The department group “{group}” is not valid: it must be group 1, 2 or 3",
                None,
                ERROR,
            )
            return
        issues = self.reform_issues
        coverage = issue_coverage(self.draft, issues)
        for issue in issues.issues:
            if issue.code not in coverage.mandatory_missing:
                continue
            self.add(
                "mandatory_issue_missing",
                f"ส่วนราชการกลุ่มที่ {group} ต้องแสดงผลในประเด็นภาคบังคับที่ {issue.number}"
                f" “{issue.name_th}” แต่ยังไม่มีตัวชี้วัดใดระบุประเด็นนี้",
                f"An organization of department group {group} must show results on mandatory"
                f" issue {issue.number} “{issue.name_en}”, but no indicator names it yet",
                None,
                ERROR,
            )
        if coverage.optional_needed:
            covered = len(coverage.optional_covered)
            names = ", ".join(f"“{issues.name(code)}”" for code in coverage.optional_covered)
            names_en = ", ".join(f"“{issues.name_en(code)}”" for code in coverage.optional_covered)
            self.add(
                "optional_issues_insufficient",
                f"ส่วนราชการกลุ่มที่ 2 ต้องแสดงผลในประเด็นเพิ่มเติมอย่างน้อย"
                f" {issues.group_2_optional_minimum} ประเด็นจาก {len(issues.optional)} ประเด็น"
                f" ขณะนี้มี {covered} ประเด็น{f' ({names})' if names else ''}"
                f" ต้องเพิ่มอีก {coverage.optional_needed} ประเด็น",
                f"An organization of department group 2 must show results on at least"
                f" {issues.group_2_optional_minimum} of the {len(issues.optional)} further issues;"
                f" it has {covered}{f' ({names_en})' if names_en else ''}"
                f" and needs {coverage.optional_needed} more",
                None,
                ERROR,
            )


def _uncounted(weights: list[Decimal | None], *, english: bool = False) -> str:
    """The note added to a total that leaves out weights not given yet."""
    missing = sum(1 for weight in weights if weight is None)
    if not missing:
        return ""
    if english:
        indicators = "indicator" if missing == 1 else "indicators"
        return f" (not counting {missing} {indicators} without a weight yet)"
    return f" (ยังไม่นับตัวชี้วัดที่ไม่ได้กำหนดน้ำหนัก {missing} ตัว)"


def _first_break(
    targets: tuple[Decimal | None, ...],
    first_level: int,
    direction: Direction,
    *,
    english: bool = False,
) -> str:
    """Name the first pair of levels out of order, e.g. ' (ระดับ 3 = 90 ไม่มากกว่าระดับ 2 = 90)'."""
    higher = direction is Direction.HIGHER_IS_BETTER
    word = "มากกว่า" if higher else "น้อยกว่า"
    for level, (a, b) in enumerate(pairwise(targets), start=first_level):
        if a is not None and b is not None and direction.sign * (b - a) <= 0:
            if english:
                word_en = "higher" if higher else "lower"
                return (
                    f" (level {level + 1} = {_number(b)} is not {word_en} than level {level}"
                    f" = {_number(a)})"
                )
            return f" (ระดับ {level + 1} = {_number(b)} ไม่{word}ระดับ {level} = {_number(a)})"
    return ""


def _scoring_english(
    code: str,
    first_level: int = 1,
    direction: Direction = Direction.HIGHER_IS_BETTER,
    given: int = 0,
) -> str:
    """In English, the scoring engine's refusals that the linter passes on (the engine's own
    messages are Thai)."""
    if code == "targets_count":
        return (
            f"{6 - first_level} targets are needed for levels {first_level} to 5, but"
            f" {given} are given"
        )
    if code == "targets_not_monotone":
        trend = "rise" if direction is Direction.HIGHER_IS_BETTER else "fall"
        return f"the targets must {trend} from level {first_level} to 5"
    return {
        "floor_invalid": "The lowest score below the level-1 target must be 0 or 1",
        "not_a_number": "a number must be a whole or decimal number",
        "steps_empty": "milestone criteria need at least one step",
        "mixed_steps_out_of_range": (
            "mixed criteria use steps for levels 1 to m, where m is from 1 to 4"
        ),
    }.get(code, code)


def check_agreement(draft: AgreementDraft, reform_issues: ReformIssues) -> list[Problem]:
    """Every problem of a draft agreement: indicator by indicator, then the agreement's own (among
    them the `reform_issues` its department group must cover)."""
    linter = _Linter(draft, reform_issues)
    for position, indicator in enumerate(draft.indicators, start=1):
        linter.indicator(indicator, str(position))
    linter.agreement()
    return linter.problems
