"""Results from a workbook: a round's (or, from the roll-up, many organizations') results saved
through reporting.services.results_save_many: every changed row, or nothing.

A results file carries a hidden sheet naming the round it was made for (`writer.write_meta`); a
file of another organization, fiscal year or round is refused before a row is read, as rows are
matched by indicator number, which every agreement has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.models import Agreement, Indicator
from khamrap.organizations.choices import Action
from khamrap.organizations.permissions import require
from khamrap.periods.models import ReportingRound
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.services import (
    NARRATIVE_FIELDS,
    ResultRow,
    ResultsSaveError,
    results_save_many,
)

from .format import (
    H_NARRATIVE,
    H_NUMBER,
    H_ORGANIZATION_CODE,
    H_PASSED,
    H_RESULT,
    H_STEPS_DONE,
    H_VERSION,
    KIND_LABELS,
    META_SHEET,
    ORGANIZATION_COLUMNS,
    PASSED_CHOICES,
    RESULT_COLUMNS,
    RESULTS_SHEET,
)
from .problems import ExcelImportError, SheetProblem, file_problem
from .reader import (
    CODE_SEPARATORS,
    INVALID,
    THAI_DIGITS,
    Book,
    Row,
    open_book,
    read_sheet,
    to_decimal,
)


@dataclass(frozen=True)
class ResultsImportSummary:
    """What an upload of results did: rows saved, rows already as the system holds them, empty rows."""

    saved: int
    unchanged: int
    empty: int


@dataclass
class _ResultRow:
    row: Row
    indicator: Indicator
    value: Decimal | None
    steps: list[int] | None
    passed: bool | None
    narrative: dict[str, str]
    version: int | None


def _steps_done(row: Row, indicator, count: int) -> Any:
    value = row.raw(H_STEPS_DONE)
    if value is None or value is INVALID:
        return value
    explain = _(
        "Row %(row)s, column %(column)s: write how many steps are done in order (such as 3) or "
        "the numbers of the steps done (such as 1, 2, 4)"
    )
    if isinstance(value, bool):
        return row.problem(H_STEPS_DONE, explain)
    out_of_range = _(
        "Row %(row)s, column %(column)s: indicator %(number)s has steps 1 to %(count)s only"
    )
    if isinstance(value, int | float):
        number = to_decimal(value)
        if number is None or number != number.to_integral_value():
            return row.problem(H_STEPS_DONE, explain)
        if not 0 <= number <= count:
            return row.problem(H_STEPS_DONE, out_of_range, number=indicator.number, count=count)
        return list(range(1, int(number) + 1))
    if not isinstance(value, str):
        return row.problem(H_STEPS_DONE, explain)
    parts = [p for p in CODE_SEPARATORS.split(value.translate(THAI_DIGITS)) if p]
    if not parts or not all(part.isdigit() for part in parts):
        return row.problem(H_STEPS_DONE, explain)
    numbers = [int(part) for part in parts]
    if any(not 1 <= number <= count for number in numbers):
        return row.problem(H_STEPS_DONE, out_of_range, number=indicator.number, count=count)
    if len(set(numbers)) != len(numbers):
        return row.problem(
            H_STEPS_DONE, _("Row %(row)s, column %(column)s: a step number is written twice")
        )
    return sorted(numbers)


_INPUT_HEADERS = (H_RESULT, H_STEPS_DONE, H_PASSED)


def _read_result(
    row: Row, indicator: Indicator, *, has_narrative: Sequence[str]
) -> _ResultRow | None:
    """The row's inputs, checked against the indicator's kind; None for a row with nothing to save."""
    inputs = [*_INPUT_HEADERS, *(H_NARRATIVE[name] for name in has_narrative)]
    if all(row.blank(header) for header in inputs):
        return None
    kind = indicator.kind
    label = KIND_LABELS[kind]
    if kind == ScoringKind.COMPOSITE:
        row.problem(
            H_NUMBER,
            _(
                "Row %(row)s, column %(column)s: indicator %(number)s is a composite: fill in its sub-indicators instead"
            ),
            number=indicator.number,
        )
        return None
    wanted = {
        ScoringKind.NUMERIC: (H_RESULT,),
        ScoringKind.MILESTONE: (H_STEPS_DONE,),
        ScoringKind.MIXED: (H_STEPS_DONE, H_RESULT),
        ScoringKind.PASS_FAIL: (H_PASSED,),
    }[kind]
    for header in _INPUT_HEADERS:
        if header not in wanted and not row.blank(header):
            row.problem(
                header,
                _(
                    "Row %(row)s, column %(column)s: leave this empty: indicator %(number)s is scored by “%(kind)s”"
                ),
                number=indicator.number,
                kind=label,
            )
    value = row.number(H_RESULT) if H_RESULT in wanted else None
    steps = _steps_done(row, indicator, indicator.step_count) if H_STEPS_DONE in wanted else None
    passed = None
    if H_PASSED in wanted:
        raw = row.raw(H_PASSED)
        # Excel's own TRUE and FALSE count as pass and fail.
        if isinstance(raw, bool) or raw is INVALID:
            passed = raw
        else:
            passed = row.choice(H_PASSED, PASSED_CHOICES)
    narrative = {}
    for name in has_narrative:
        text = row.text(H_NARRATIVE[name])
        if isinstance(text, str):
            narrative[name] = text
    # The file is of this round (_identification_problems): an empty version is a result that
    # did not exist when the file was made, which is version 1.
    version = row.integer(H_VERSION)
    if row.bad:
        return None
    return _ResultRow(
        row,
        indicator,
        value,
        steps,
        passed,
        narrative,
        version or 1,
    )


def _merged(entry: _ResultRow, stored: Result | None) -> dict[str, Any]:
    """What the row asks results_save_many to store: an empty cell keeps the stored value."""
    return {
        "value": entry.value if entry.value is not None else (stored.value if stored else None),
        "steps_done": entry.steps
        if entry.steps is not None
        else (list(stored.steps_done or []) if stored else []),
        "passed": entry.passed if entry.passed is not None else (stored.passed if stored else None),
        **entry.narrative,
    }


def _unchanged(fields: Mapping[str, Any], stored: Result | None) -> bool:
    if stored is None:
        return False
    for name, value in fields.items():
        current = getattr(stored, name)
        if name == "steps_done":
            if sorted(set(value)) != sorted(set(current or [])):
                return False
        elif name in NARRATIVE_FIELDS:
            if value.strip() != (current or "").strip():
                return False
        elif value != current:
            return False
    return True


def _identification_problems(
    meta: Mapping[str, object], reporting_round: ReportingRound, single: Agreement | None
) -> list[str]:
    """What the file's hidden sheet names that is not where it is being imported, in words."""
    if not meta:
        return [
            _(
                "This file does not say which organization and round it was made for (its hidden "
                "sheet “%(sheet)s” is missing): download the results file of this round from "
                "khamrap and fill that in."
            )
            % {"sheet": META_SHEET}
        ]
    problems = []
    if single is not None and meta.get("organization") not in (None, single.organization.code):
        problems.append(
            _(
                "This file was made for organization %(file)s, not %(organization)s: download "
                "the file of %(organization)s."
            )
            % {"file": meta.get("organization"), "organization": single.organization.code}
        )
    year = reporting_round.fiscal_year.year
    if meta.get("fiscal_year") not in (None, year):
        problems.append(
            _(
                "This file was made for fiscal year %(file)s, not %(year)s: download the file of "
                "fiscal year %(year)s."
            )
            % {"file": meta.get("fiscal_year"), "year": year}
        )
    elif meta.get("months") not in (None, reporting_round.months):
        problems.append(
            _(
                "This file was made for the %(file)s-month round, not the %(months)s-month "
                "round: download the file of the %(months)s-month round."
            )
            % {"file": meta.get("months"), "months": reporting_round.months}
        )
    elif meta.get("round") != reporting_round.pk:
        problems.append(
            _("This file was made for another reporting round: download the file of this round.")
        )
    elif not problems and single is not None and meta.get("agreement") not in (None, single.pk):
        problems.append(
            _(
                "This file was made for another agreement of %(organization)s: download the "
                "file of this agreement."
            )
            % {"organization": single.organization.code}
        )
    return problems


def _import_results(
    book: Book,
    *,
    agreements: Mapping[str, Agreement],
    reporting_round: ReportingRound,
    user,
    single: Agreement | None,
) -> ResultsImportSummary:
    """Read the results sheet, check every row, then save the changed rows through results_save_many."""
    meta = book.meta()
    # Rows are matched by indicator number, which every agreement has: a file made for another
    # organization or round would overwrite its results.
    mismatches = _identification_problems(meta, reporting_round, single)
    if mismatches:
        raise ExcelImportError([SheetProblem("", message) for message in mismatches])
    problems: list[SheetProblem] = []
    # The indicator number comes first: it is how the header row is found.
    columns = (*RESULT_COLUMNS, *ORGANIZATION_COLUMNS)
    sheet = read_sheet(book, RESULTS_SHEET, columns, problems)
    if sheet is None:
        raise ExcelImportError(problems)
    if single is None and H_ORGANIZATION_CODE not in sheet.headers:
        problems.append(
            SheetProblem(
                sheet.name,
                _("The header row (row %(row)s) lacks the column “%(column)s”.")
                % {"row": sheet.header_row, "column": H_ORGANIZATION_CODE},
            )
        )
    if problems:
        raise ExcelImportError(problems)
    has_narrative = [name for name, header in H_NARRATIVE.items() if header in sheet.headers]
    indicators = {
        (indicator.agreement_id, indicator.number): indicator
        # Indicators retired by an amendment take no result (a row of one is "no indicator").
        for indicator in Indicator.objects.filter(
            agreement__in=list(agreements.values()), retired_from__isnull=True
        )
        .annotate(step_count=Count("steps"))
        .order_by()
    }
    closed = set(
        RoundReport.objects.filter(
            agreement__in=list(agreements.values()), reporting_round=reporting_round
        )
        .exclude(status=ReportStatus.OPEN)
        .values_list("agreement_id", flat=True)
    )
    stored = {
        result.indicator_id: result
        for result in Result.objects.filter(
            indicator__agreement__in=list(agreements.values()), reporting_round=reporting_round
        )
    }
    seen: dict[tuple[int, str], int] = {}
    entries: list[tuple[_ResultRow, dict[str, Any]]] = []
    empty = unchanged = 0
    reported_closed: set[int] = set()
    for number_row, cells in sheet.rows:
        row = Row(sheet, number_row, cells, problems)
        code = row.text(H_ORGANIZATION_CODE, required=single is None)
        number = row.text(H_NUMBER, required=True, max_length=20)
        if code is INVALID or number is INVALID:
            continue
        if single is not None:
            agreement = single
            if code is not None and code != single.organization.code:
                row.problem(
                    H_ORGANIZATION_CODE,
                    _(
                        "Row %(row)s, column %(column)s: this row is for organization %(code)s, not %(organization)s"
                    ),
                    code=code,
                    organization=single.organization.code,
                )
                continue
        else:
            agreement = agreements.get(code)
            if agreement is None:
                row.problem(
                    H_ORGANIZATION_CODE,
                    _(
                        "Row %(row)s, column %(column)s: you coordinate no agreement of organization “%(code)s” for fiscal year %(year)s"
                    ),
                    code=code,
                    year=reporting_round.fiscal_year.year,
                )
                continue
        indicator = indicators.get((agreement.pk, number))
        if indicator is None:
            row.problem(
                H_NUMBER,
                _(
                    "Row %(row)s, column %(column)s: %(organization)s has no indicator %(number)s in this agreement"
                ),
                organization=agreement.organization.name_th,
                number=number,
            )
            continue
        if (agreement.pk, number) in seen:
            row.problem(
                H_NUMBER,
                _("Row %(row)s, column %(column)s: indicator %(number)s is also in row %(first)s"),
                number=number,
                first=seen[(agreement.pk, number)],
            )
            continue
        seen[(agreement.pk, number)] = number_row
        entry = _read_result(row, indicator, has_narrative=has_narrative)
        if entry is None:
            empty += not row.bad
            continue
        fields = _merged(entry, stored.get(indicator.pk))
        if _unchanged(fields, stored.get(indicator.pk)):
            unchanged += 1  # nothing to save, even where results are locked
            continue
        if agreement.pk in closed:
            if agreement.pk not in reported_closed:
                reported_closed.add(agreement.pk)
                problems.append(
                    SheetProblem(
                        sheet.name,
                        _(
                            "%(organization)s: the organization's report for this round has been submitted: its results can no longer change."
                        )
                        % {"organization": agreement.organization.name_th},
                    )
                )
            continue
        entries.append((entry, fields))
    if problems:
        raise ExcelImportError(problems)
    if not seen:
        raise ExcelImportError(
            [SheetProblem(sheet.name, _("The sheet has no indicators to import."))]
        )
    try:
        results_save_many(
            reporting_round=reporting_round,
            user=user,
            rows=[
                ResultRow(indicator=entry.indicator, version=entry.version, **fields)
                for entry, fields in entries
            ],
        )
    except ResultsSaveError as refused:
        for index, error in refused.problems:
            entry = entries[index][0]
            current = stored.get(entry.indicator.pk)
            if isinstance(error, PermissionDenied):
                entry.row.problem(
                    H_NUMBER,
                    _(
                        "Row %(row)s, column %(column)s: you may not record the results of indicator %(number)s"
                    ),
                    number=entry.indicator.number,
                )
            elif getattr(error, "code", None) == "stale":
                last = current.changes.select_related("actor").first() if current else None
                entry.row.problem(
                    None,
                    _(
                        "Row %(row)s: %(who)s changed this result after the file was downloaded: download the file again and redo this row"
                    ),
                    who=last.actor.display_name if last else _("someone else"),
                )
            else:
                for message in error.messages:
                    entry.row.problem(None, _("Row %(row)s: %(problem)s"), problem=message)
        raise ExcelImportError(problems) from refused
    saved = len(entries)
    return ResultsImportSummary(saved, unchanged, empty)


@transaction.atomic
def results_import(
    *, agreement: Agreement, reporting_round: ReportingRound, user, upload
) -> ResultsImportSummary:
    """A round's results from a workbook, through results_save_many: every changed row, or nothing."""
    require(user, agreement.organization, Action.COORDINATE)
    if reporting_round.fiscal_year_id != agreement.fiscal_year_id:
        raise file_problem(_("The round belongs to another fiscal year."))
    book = open_book(upload)
    return _import_results(
        book,
        agreements={agreement.organization.code: agreement},
        reporting_round=reporting_round,
        user=user,
        single=agreement,
    )


@transaction.atomic
def results_import_many(*, reporting_round: ReportingRound, user, upload) -> ResultsImportSummary:
    """Results of many organizations (the roll-up's results sheet, by organization code) at once."""
    agreements = {
        agreement.organization.code: agreement
        for agreement in Agreement.objects.for_user(user, Action.COORDINATE)
        .filter(fiscal_year=reporting_round.fiscal_year_id)
        .select_related("organization", "fiscal_year", "framework")
    }
    if not agreements:
        raise file_problem(
            _("You coordinate no agreement of fiscal year %(year)s.")
            % {"year": reporting_round.fiscal_year.year}
        )
    book = open_book(upload)
    return _import_results(
        book, agreements=agreements, reporting_round=reporting_round, user=user, single=None
    )
