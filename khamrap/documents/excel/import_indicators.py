"""Indicators from a workbook: a new draft agreement, all of it or nothing with every problem listed.

The rows of the indicator, step and baseline sheets become an agreement file
(rules.agreement_file) that agreements.file_import imports, so an Excel import obeys the same rules
as a YAML one; the file's problems come back at their sheet, row and column (`_locate`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from khamrap.agreements.file_import import AgreementImportError, agreement_import
from khamrap.agreements.forms import people_for
from khamrap.agreements.models import Agreement, ReformIssue
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import require
from khamrap.periods.models import FiscalYear
from khamrap.rules import agreement_file as af

from .format import (
    BASELINE_COLUMNS,
    BASELINE_SHEET,
    DIRECTION_CHOICES,
    H_COLLECTORS,
    H_DIRECTION,
    H_EVIDENCE,
    H_GROUP,
    H_ISSUES,
    H_KIND,
    H_NAME,
    H_NUMBER,
    H_PARENT,
    H_STEP,
    H_STEP_TEXT,
    H_SUPERVISORS,
    H_TARGETS,
    H_UNIT,
    H_VALUE,
    H_WEIGHT,
    H_YEAR,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    KIND_CHOICES,
    KIND_LABELS,
    STEP_COLUMNS,
    STEPS_SHEET,
    TEXT_FIELDS,
)
from .problems import ExcelImportError, SheetProblem, file_problem
from .reader import CODE_SEPARATORS, INVALID, Book, Row, Sheet, open_book, read_sheet

_NAME_SEPARATORS = re.compile(r"\s*[,;\n]\s*")


@dataclass
class _IndicatorRow:
    row: Row
    number: str | None
    parent: str | None
    data: dict[str, Any]
    steps: list[tuple[int, int, dict[str, str]]] = field(default_factory=list)  # (no., row, step)
    baseline: dict[int, tuple[int, Decimal]] = field(default_factory=dict)  # year → (row, value)
    parts: list[_IndicatorRow] = field(default_factory=list)
    # A row of sheet ขั้นตอน or ข้อมูลพื้นฐาน of this indicator has a problem.
    steps_bad: bool = False
    baseline_bad: bool = False

    @property
    def bad(self) -> bool:
        """Whether a problem of this indicator is reported already (its other problems then wait)."""
        return self.row.bad or self.steps_bad or self.baseline_bad


def _person_finder(organization: Organization):
    """People who may be named, found as agreements.file_import finds them (which checks again)."""
    by_name: dict[str, object] = {}
    for user in people_for(organization):
        by_name.setdefault(user.display_name, user)
        by_name.setdefault(f"{user.first_name} {user.last_name}".strip(), user)
        by_name.setdefault(user.username, user)
    return by_name


def _read_indicator(
    row: Row,
    *,
    groups: Sequence[str],
    people: Mapping[str, object],
    issues: set[str],
    organization,
) -> _IndicatorRow:
    number = row.text(H_NUMBER, required=True, max_length=20)
    parent = row.text(H_PARENT, max_length=20)
    data: dict[str, Any] = {}
    if isinstance(number, str):
        data["number"] = number
    if parent is None:
        group = row.text(H_GROUP, required=True, max_length=10)
        if isinstance(group, str):
            if group in groups:
                data["group"] = group
            else:
                row.problem(
                    H_GROUP,
                    _(
                        "Row %(row)s, column %(column)s: no group “%(group)s” in the framework (its groups: %(groups)s)"
                    ),
                    group=group,
                    groups=", ".join(groups),
                )
    name = row.text(H_NAME, required=True)
    if isinstance(name, str):
        data["name"] = name
    weight = row.number(H_WEIGHT, required=True, positive=True)
    if isinstance(weight, Decimal):
        data["weight"] = weight
    kind = row.choice(H_KIND, KIND_CHOICES, required=True)
    if isinstance(kind, str):
        data["kind"] = kind
    direction = row.choice(H_DIRECTION, DIRECTION_CHOICES)
    if isinstance(direction, str) and kind in ("numeric", "mixed"):
        data["direction"] = direction
    unit = row.text(H_UNIT, max_length=60)
    if isinstance(unit, str):
        data["unit"] = unit
    data["_targets"] = [row.number(header) for header in H_TARGETS]
    for header, key in ((H_SUPERVISORS, "supervisor"), (H_COLLECTORS, "collector")):
        names = row.text(header)
        if not isinstance(names, str):
            continue
        found = []
        for person in (n for n in _NAME_SEPARATORS.split(names) if n):
            if person in people:
                found.append({"name": person})
            else:
                row.problem(
                    header,
                    _(
                        "Row %(row)s, column %(column)s: nobody called “%(name)s” works in %(organization)s or above it"
                    ),
                    name=person,
                    organization=organization.name_th,
                )
        if found:
            data[key] = found
    codes = row.text(H_ISSUES)
    if isinstance(codes, str):
        tags = [code for code in CODE_SEPARATORS.split(codes) if code]
        for code in tags:
            if code not in issues:
                row.problem(
                    H_ISSUES,
                    _("Row %(row)s, column %(column)s: unknown issue code “%(code)s”"),
                    code=code,
                )
        if tags:
            data["issues"] = list(dict.fromkeys(tags))
    for key, header in TEXT_FIELDS.items():
        text = row.text(header)
        if isinstance(text, str):
            data[key] = text
    return _IndicatorRow(row, number if isinstance(number, str) else None, parent, data)


def _criteria_checks(item: _IndicatorRow) -> None:
    """Targets and steps of the indicator's kind, with the row and column of each one missing."""
    row, data = item.row, item.data
    kind = data.get("kind")
    targets = data.pop("_targets")
    if item.baseline:
        data["baseline"] = {year: value for year, (_row, value) in sorted(item.baseline.items())}
    if kind is None:
        return
    steps = len(item.steps)
    if kind in ("milestone", "mixed") and steps:
        data["steps"] = [step for _number, _row, step in sorted(item.steps, key=lambda s: s[0])]
    elif kind in ("milestone", "mixed") and not item.steps_bad:
        row.problem(
            H_KIND,
            _(
                "Row %(row)s, column %(column)s: indicator %(number)s needs its steps in sheet “%(sheet)s”"
            ),
            number=item.number,
            sheet=STEPS_SHEET,
        )
    if kind == "mixed" and not steps:
        return  # which levels are targets depends on the steps
    first = {"numeric": 1, "mixed": steps + 1}.get(kind, 6)  # 6: no targets at all
    for level, (header, value) in enumerate(zip(H_TARGETS, targets, strict=True), start=1):
        if value is INVALID:
            continue
        if level < first and value is not None:
            if kind == "mixed":
                row.problem(
                    header,
                    _(
                        "Row %(row)s, column %(column)s: leave this empty: levels 1 to %(steps)s of indicator %(number)s are its steps"
                    ),
                    steps=steps,
                    number=item.number,
                )
            else:
                row.problem(
                    header,
                    _(
                        "Row %(row)s, column %(column)s: leave this empty: indicator %(number)s is scored by “%(kind)s”"
                    ),
                    number=item.number,
                    kind=KIND_LABELS[kind],
                )
        elif level >= first and value is None:
            row.missing(header)
    given = targets[first - 1 :]
    if given and all(isinstance(value, Decimal) for value in given):
        data["targets"] = given


def _read_steps(sheet: Sheet, by_number: dict[str, _IndicatorRow], problems: list) -> None:
    for number_row, cells in sheet.rows:
        row = Row(sheet, number_row, cells, problems)
        number = row.text(H_NUMBER, required=True, max_length=20)
        step = row.integer(H_STEP, required=True)
        description = row.text(H_STEP_TEXT, required=True)
        evidence = row.text(H_EVIDENCE)
        item = by_number.get(number) if isinstance(number, str) else None
        if isinstance(number, str) and item is None:
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: there is no indicator %(number)s in sheet “%(sheet)s”"
                ),
                number=number,
                sheet=INDICATORS_SHEET,
            )
        elif item is not None and item.data.get("kind") not in (None, "milestone", "mixed"):
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: indicator %(number)s is scored by “%(kind)s”, which has no steps"
                ),
                number=number,
                kind=KIND_LABELS[item.data["kind"]],
            )
        if item is None:
            continue
        if row.bad:
            item.steps_bad = True
            continue
        step_data = {"description": description}
        if isinstance(evidence, str):
            step_data["evidence"] = evidence
        item.steps.append((step, number_row, step_data))
    for item in by_number.values():
        count, seen = len(item.steps), set()
        for step, number_row, _step in item.steps:
            if step > count or step in seen:
                problems.append(
                    SheetProblem(
                        sheet.name,
                        _(
                            "Row %(row)s, column %(column)s: the steps of indicator %(number)s must be numbered 1, 2, 3… without gaps or repeats"
                        )
                        % {"row": number_row, "column": H_STEP, "number": item.number},
                        number_row,
                        H_STEP,
                    )
                )
                item.steps_bad = True
                break
            seen.add(step)


def _read_baseline(sheet: Sheet, by_number: dict[str, _IndicatorRow], problems: list) -> None:
    for number_row, cells in sheet.rows:
        row = Row(sheet, number_row, cells, problems)
        number = row.text(H_NUMBER, required=True, max_length=20)
        year = row.integer(H_YEAR, required=True)
        value = row.number(H_VALUE, required=True)
        item = by_number.get(number) if isinstance(number, str) else None
        if isinstance(number, str) and item is None:
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: there is no indicator %(number)s in sheet “%(sheet)s”"
                ),
                number=number,
                sheet=INDICATORS_SHEET,
            )
        if isinstance(year, int) and not 2400 <= year <= 3000:
            row.problem(
                H_YEAR,
                _("Row %(row)s, column %(column)s: must be a Buddhist Era year, such as 2569"),
            )
        if item is not None and not row.bad and year in item.baseline:
            row.problem(
                H_YEAR,
                _(
                    "Row %(row)s, column %(column)s: year %(year)s of indicator %(number)s is also in row %(first)s"
                ),
                year=year,
                number=number,
                first=item.baseline[year][0],
            )
        if item is None:
            continue
        if row.bad:
            item.baseline_bad = True
            continue
        item.baseline[year] = (number_row, value)


_AF_COLUMNS = {
    "number": H_NUMBER,
    "group": H_GROUP,
    "name": H_NAME,
    "weight": H_WEIGHT,
    "parts": H_WEIGHT,
    "kind": H_KIND,
    "floor": H_KIND,
    "steps": H_KIND,
    "direction": H_DIRECTION,
    "unit": H_UNIT,
    "supervisor": H_SUPERVISORS,
    "collector": H_COLLECTORS,
    "issues": H_ISSUES,
    **TEXT_FIELDS,
}


def _locate(problem: af.Problem, top: Sequence[_IndicatorRow]) -> SheetProblem | None:
    """An agreement-file problem at its sheet, row and column; None when its row has one already.

    The problem's location is the place in the file built from the rows (`indicators_import`):
    ("indicators", 3, "parts", 1, "targets", 2) is a target of the second part of the fourth
    top-level row.
    """
    english = (translation.get_language() or "th").startswith("en")
    message = problem.message_en if english and problem.message_en else problem.message
    location = problem.location
    if len(location) < 2 or location[0] != "indicators" or not isinstance(location[1], int):
        # The weights of all the indicators, or of a framework group ("กลุ่ม 1 › weight").
        place = problem.where.split(" › ")[0] if location[:1] == ("framework",) else ""
        text = _("Column %(column)s: %(problem)s") % {
            "column": H_WEIGHT,
            "problem": f"{place}: {message}" if place else message,
        }
        return SheetProblem(INDICATORS_SHEET, text, column=H_WEIGHT)
    item, rest = top[location[1]], location[2:]
    if len(rest) >= 2 and rest[0] == "parts" and isinstance(rest[1], int):
        item, rest = item.parts[rest[1]], rest[2:]
    if item.bad:
        return None
    key = rest[0] if rest and isinstance(rest[0], str) else None
    # What is under the key: a list index (a target, a step) or a mapping key (a baseline year).
    below = rest[1] if key is not None and len(rest) > 1 else None
    sheet, row, column = INDICATORS_SHEET, item.row.row_number, _AF_COLUMNS.get(key or "")
    if key == "targets":
        first = len(item.steps) + 1 if item.data.get("kind") == "mixed" else 1
        level = first + (below if isinstance(below, int) else 0)
        column = H_TARGETS[min(max(level, 1), 5) - 1]
    elif key == "steps" and isinstance(below, int):
        ordered = sorted(item.steps, key=lambda step: step[0])
        sheet, row, column = STEPS_SHEET, ordered[below][1], H_STEP_TEXT
    elif key == "baseline" and isinstance(below, str) and below.isdecimal():
        found = item.baseline.get(int(below))
        if found is not None:
            sheet, row, column = BASELINE_SHEET, found[0], H_VALUE
    if column is None:
        text = _("Row %(row)s: %(problem)s") % {"row": row, "problem": message}
    else:
        text = _("Row %(row)s, column %(column)s: %(problem)s") % {
            "row": row,
            "column": column,
            "problem": message,
        }
    return SheetProblem(sheet, text, row, column)


def _indicator_items(
    book: Book, organization: Organization, framework, problems: list[SheetProblem]
) -> tuple[list[_IndicatorRow], bool] | None:
    """The indicator rows with their steps and baselines, composites holding their parts.

    Returns the top-level rows and whether some row could not be placed (then the sums of the
    weights mean nothing); None when the indicator sheet cannot be read at all.
    """
    sheet = read_sheet(book, INDICATORS_SHEET, INDICATOR_COLUMNS, problems)
    steps_sheet = read_sheet(book, STEPS_SHEET, STEP_COLUMNS, problems, required=False)
    baseline_sheet = read_sheet(book, BASELINE_SHEET, BASELINE_COLUMNS, problems, required=False)
    if sheet is None:
        return None
    if not sheet.rows:
        problems.append(SheetProblem(sheet.name, _("The sheet has no indicators.")))
        return None
    groups = [group.key for group in framework.groups.all()]
    people = _person_finder(organization)
    issues = set(ReformIssue.objects.values_list("code", flat=True))
    items: list[_IndicatorRow] = []
    by_number: dict[str, _IndicatorRow] = {}
    for number_row, cells in sheet.rows:
        row = Row(sheet, number_row, cells, problems)
        item = _read_indicator(
            row, groups=groups, people=people, issues=issues, organization=organization
        )
        if item.number is not None and item.number in by_number:
            row.problem(
                H_NUMBER,
                _("Row %(row)s, column %(column)s: indicator %(number)s is also in row %(first)s"),
                number=item.number,
                first=by_number[item.number].row.row_number,
            )
        elif item.number is not None:
            by_number[item.number] = item
        items.append(item)
    if steps_sheet is not None:
        _read_steps(steps_sheet, by_number, problems)
    if baseline_sheet is not None:
        _read_baseline(baseline_sheet, by_number, problems)

    top: list[_IndicatorRow] = []
    dropped = False
    for item in items:
        _criteria_checks(item)
        if item.parent is None:
            top.append(item)
            continue
        parent = by_number.get(item.parent) if isinstance(item.parent, str) else None
        dropped = dropped or parent is None
        if item.parent is INVALID:
            continue
        if parent is None:
            item.row.problem(
                H_PARENT,
                _(
                    "Row %(row)s, column %(column)s: there is no indicator %(number)s in sheet “%(sheet)s”"
                ),
                number=item.parent,
                sheet=INDICATORS_SHEET,
            )
        elif parent.parent is not None:
            item.row.problem(
                H_PARENT,
                _("Row %(row)s, column %(column)s: indicator %(number)s is itself a sub-indicator"),
                number=item.parent,
            )
        elif parent.data.get("kind") not in (None, "composite"):
            item.row.problem(
                H_PARENT,
                _(
                    "Row %(row)s, column %(column)s: indicator %(number)s is not a composite indicator (its kind is “%(kind)s”)"
                ),
                number=item.parent,
                kind=KIND_LABELS[parent.data["kind"]],
            )
        else:
            parent.parts.append(item)
    for item in top:
        if item.data.get("kind") == "composite" and not item.parts and not item.bad:
            item.row.problem(
                H_KIND,
                _(
                    "Row %(row)s, column %(column)s: composite indicator %(number)s needs sub-indicators: rows with %(number)s in column %(parent)s"
                ),
                number=item.number,
                parent=H_PARENT,
            )
        if item.parts:
            item.data["parts"] = [part.data for part in item.parts]
    return top, dropped


@transaction.atomic
def indicators_import(
    *, organization: Organization, fiscal_year: FiscalYear, user, upload
) -> Agreement:
    """A new draft agreement from an indicator workbook: all of it, or nothing with every problem listed.

    The rows become an agreement file (rules.agreement_file) that agreements.file_import imports, so
    an Excel import obeys the same rules as a YAML one.
    """
    require(user, organization, Action.COORDINATE)
    framework = fiscal_year.framework
    if framework is None:
        raise file_problem(
            _("Fiscal year %(year)s has no framework yet: ask the administrator to set one.")
            % {"year": fiscal_year.year}
        )
    book = open_book(upload)
    problems: list[SheetProblem] = []
    if Agreement.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
        problems.append(
            SheetProblem("", _("This organization already has an agreement for this fiscal year."))
        )
    found = _indicator_items(book, organization, framework, problems)
    if found is None:
        raise ExcelImportError(problems)
    top, dropped = found
    data = {
        "format": af.FORMAT,
        "organization": {"code": organization.code, "name": organization.name_th},
        "fiscal_year": fiscal_year.year,
        "framework": {
            "name": framework.name_th,
            "floor": framework.floor,
            "groups": [
                {"key": g.key, "name": g.name_th, **({"weight": g.weight} if g.weight else {})}
                for g in framework.groups.all()
            ],
        },
        "indicators": [item.data for item in top],
    }
    try:
        agreement_data = af.from_data(data)
    except af.AgreementFileError as error:
        agreement_data = None
        for problem in error.problems:
            located = _locate(problem, top)
            if located is None or (located.row is None and dropped):
                continue  # its row is reported already, or a row left out makes the sums wrong
            problems.append(located)
        if not problems:
            problems.append(SheetProblem(INDICATORS_SHEET, str(error)))
    if problems:
        raise ExcelImportError(problems)
    try:
        return agreement_import(
            organization=organization, fiscal_year=fiscal_year, data=agreement_data, user=user
        )
    except AgreementImportError as error:
        raise ExcelImportError(
            [SheetProblem(INDICATORS_SHEET, message) for message in error.problems]
        ) from error
