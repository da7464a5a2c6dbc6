"""The workbooks people download: an agreement's indicators (or the empty template), a round's
results and the roll-up of many organizations. Each imports back (`import_indicators`,
`import_results`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _

from khamrap.agreements.file_export import agreement_export
from khamrap.agreements.models import Agreement, ReformIssue
from khamrap.agreements.selectors import indicators_of_many
from khamrap.dashboards.selectors import rollup
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.selectors import RoundView, build_round_view, round_view
from khamrap.rules import agreement_file as af

from .format import (
    BASELINE_COLUMNS,
    BASELINE_SHEET,
    DIRECTION_LABELS,
    H_COLLECTORS,
    H_DIRECTION,
    H_GROUP,
    H_ISSUE_NAMES,
    H_ISSUES,
    H_KIND,
    H_PARENT,
    H_PASSED,
    H_RESULT,
    H_STEPS_DONE,
    H_SUPERVISORS,
    H_VERSION,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    KIND_LABELS,
    LIST_COLUMNS,
    LISTS_SHEET,
    ORGANIZATION_COLUMNS,
    PASSED_LABELS,
    RESULT_COLUMNS,
    RESULTS_SHEET,
    ROLLUP_COLUMNS,
    ROLLUP_SHEET,
    STEP_COLUMNS,
    STEPS_SHEET,
    SUMMARY_COLUMNS,
    SUMMARY_SHEET,
    Table,
)
from .rows import (
    baseline_rows,
    indicator_rows,
    list_rows,
    result_rows,
    rollup_rows,
    step_rows,
    summary_rows,
)
from .writer import common_help, new_workbook, workbook_bytes, write_help, write_meta, write_table

TEMPLATE_ROWS = 500  # empty rows of a template that get the drop-down lists


def _indicator_choices(framework) -> dict[str, list[str]]:
    return {
        H_GROUP: [group.key for group in framework.groups.all()],
        H_KIND: list(KIND_LABELS.values()),
        H_DIRECTION: list(DIRECTION_LABELS.values()),
    }


def _indicator_help() -> list[str]:
    return [
        _(
            "Sheet “%(sheet)s”: one row per indicator. A sub-indicator of a composite indicator "
            "has its own row, with the composite's number in column “%(parent)s”."
        )
        % {"sheet": INDICATORS_SHEET, "parent": H_PARENT},
        _(
            "Column “%(kind)s”: choose from the list. “%(numeric)s” needs the five targets; "
            "“%(milestone)s” needs its steps in sheet “%(steps)s”; “%(mixed)s” needs its steps "
            "there and the targets of the levels after the steps (the first levels stay empty)."
        )
        % {
            "kind": H_KIND,
            "numeric": KIND_LABELS["numeric"],
            "milestone": KIND_LABELS["milestone"],
            "mixed": KIND_LABELS["mixed"],
            "steps": STEPS_SHEET,
        },
        _("Column “%(direction)s”: “%(higher)s” (the default) or “%(lower)s”.")
        % {
            "direction": H_DIRECTION,
            "higher": DIRECTION_LABELS["higher"],
            "lower": DIRECTION_LABELS["lower"],
        },
        _(
            "Columns “%(supervisors)s” and “%(collectors)s”: names as the system knows them, "
            "separated by commas; column “%(issues)s”: issue codes separated by commas. "
            "Sheet “%(lists)s” lists them."
        )
        % {
            "supervisors": H_SUPERVISORS,
            "collectors": H_COLLECTORS,
            "issues": H_ISSUES,
            "lists": LISTS_SHEET,
        },
        _(
            "Column “%(names)s” shows the Thai names of the issues in column “%(issues)s”, to "
            "read; it is not imported."
        )
        % {"names": H_ISSUE_NAMES, "issues": H_ISSUES},
        _(
            "Sheet “%(sheet)s”: the results of earlier years, one row per indicator and "
            "Buddhist Era year."
        )
        % {"sheet": BASELINE_SHEET},
        _("The weights of the indicators add up to 100; so do the weights of a composite's parts."),
        *common_help(),
    ]


def _issue_names() -> dict[str, str]:
    return dict(ReformIssue.objects.values_list("code", "name_th"))


def _indicators_workbook(
    title: str, data: af.AgreementFile | None, framework, organization
) -> bytes:
    workbook = new_workbook()
    write_table(
        workbook,
        Table(
            INDICATORS_SHEET,
            title,
            INDICATOR_COLUMNS,
            indicator_rows(data, _issue_names()) if data else (),
            _indicator_choices(framework),
            TEMPLATE_ROWS,
        ),
    )
    write_table(workbook, Table(STEPS_SHEET, title, STEP_COLUMNS, step_rows(data) if data else ()))
    write_table(
        workbook,
        Table(BASELINE_SHEET, title, BASELINE_COLUMNS, baseline_rows(data) if data else ()),
    )
    write_table(
        workbook, Table(LISTS_SHEET, title, LIST_COLUMNS, list_rows(framework, organization))
    )
    write_help(workbook, _indicator_help())
    return workbook_bytes(workbook)


def _indicators_title(organization: Organization, year: int) -> str:
    return _("Indicators and targets: %(organization)s, fiscal year %(year)s") % {
        "organization": organization.name_th,
        "year": year,
    }


def agreement_indicators_xlsx(agreement: Agreement) -> bytes:
    """An agreement's indicators, targets, steps and baselines; it imports back as it is."""
    return _indicators_workbook(
        _indicators_title(agreement.organization, agreement.fiscal_year.year),
        agreement_export(agreement),
        agreement.framework,
        agreement.organization,
    )


def indicators_template_xlsx(organization: Organization, fiscal_year: FiscalYear) -> bytes:
    """The empty indicator workbook for an organization's year, with the year's framework groups."""
    if fiscal_year.framework is None:
        raise ValueError("the fiscal year has no framework")
    return _indicators_workbook(
        _indicators_title(organization, fiscal_year.year), None, fiscal_year.framework, organization
    )


def _results_help() -> list[str]:
    return [
        _(
            "Sheet “%(sheet)s”: one row per indicator. Fill in the columns of the indicator's "
            "kind: “%(value)s” for numeric targets; “%(steps)s” for steps (a number such as 3 "
            "means steps 1 to 3 are done, text such as 1, 2, 4 lists the steps done); both for "
            "a mixed indicator; “%(passed)s” for pass/fail. A composite indicator is scored from "
            "its sub-indicators."
        )
        % {"sheet": RESULTS_SHEET, "value": H_RESULT, "steps": H_STEPS_DONE, "passed": H_PASSED},
        _(
            "An empty cell keeps what the system holds, and a row left empty is skipped: "
            "to clear a result, use the result's page."
        ),
        _(
            "The other columns (names, scores, status) are there to read and are not imported. "
            "The hidden column “%(version)s” tells whether someone changed a result after the "
            "file was downloaded: leave it as it is."
        )
        % {"version": H_VERSION},
        *common_help(),
    ]


def _round_title(agreement: Agreement, reporting_round: ReportingRound) -> str:
    return _("Results of %(organization)s, fiscal year %(year)s, %(months)s-month round") % {
        "organization": agreement.organization.name_th,
        "year": agreement.fiscal_year.year,
        "months": reporting_round.months,
    }


def round_results_xlsx(
    agreement: Agreement, reporting_round: ReportingRound, *, template: bool = False
) -> bytes:
    """A round's results with their scores (or, as a template, the rows to fill in); it imports back."""
    view = round_view(agreement, reporting_round)
    title = _round_title(agreement, reporting_round)
    workbook = new_workbook()
    write_table(
        workbook,
        Table(
            RESULTS_SHEET,
            title,
            RESULT_COLUMNS,
            result_rows(view, template=template),
            {H_PASSED: list(PASSED_LABELS.values())},
        ),
    )
    if not template:
        write_table(workbook, Table(SUMMARY_SHEET, title, SUMMARY_COLUMNS, summary_rows(view)))
    write_help(workbook, _results_help())
    write_meta(workbook, reporting_round, agreement)
    return workbook_bytes(workbook)


def rollup_xlsx(user, fiscal_year: FiscalYear, months: int) -> bytes:
    """The organizations the user may see ranked by their totals, and every indicator's result.

    The second sheet has the results sheet's columns after the organization's code, so a
    coordinator of many organizations can fill it in and upload it (`results_import_many`).
    """
    totals = rollup(user, fiscal_year, months)
    reporting_round = fiscal_year.rounds.get(months=months)
    title = _("Roll-up of performance agreements, fiscal year %(year)s, %(months)s-month round") % {
        "year": fiscal_year.year,
        "months": months,
    }
    workbook = new_workbook()
    write_table(workbook, Table(ROLLUP_SHEET, title, ROLLUP_COLUMNS, rollup_rows(totals)))

    def rows():
        for view in round_views([total.agreement for total in totals], reporting_round):
            yield from result_rows(view, organization=True)

    write_table(
        workbook,
        Table(
            RESULTS_SHEET,
            title,
            (*ORGANIZATION_COLUMNS, *RESULT_COLUMNS),
            rows(),
            {H_PASSED: list(PASSED_LABELS.values())},
        ),
    )
    write_help(workbook, _results_help())
    write_meta(workbook, reporting_round)
    return workbook_bytes(workbook)


def round_views(
    agreements: Sequence[Agreement], reporting_round: ReportingRound
) -> list[RoundView]:
    """reporting.selectors.round_view for many agreements, in a fixed number of queries."""
    # Read again whole, with their frameworks: callers may pass agreements read in part.
    whole = Agreement.objects.select_related("organization", "framework", "fiscal_year").in_bulk(
        [a.pk for a in agreements]
    )
    agreements = [whole[a.pk] for a in agreements]
    indicators = indicators_of_many(agreements)
    results: dict[int, dict[int, Result]] = defaultdict(dict)
    for result in Result.objects.filter(
        indicator__agreement__in=[a.pk for a in agreements], reporting_round=reporting_round
    ).select_related("indicator"):
        results[result.indicator.agreement_id][result.indicator_id] = result
    reports = {
        report.agreement_id: report
        for report in RoundReport.objects.filter(
            agreement__in=[a.pk for a in agreements], reporting_round=reporting_round
        )
    }
    return [
        build_round_view(
            agreement,
            indicators[agreement.pk],
            reporting_round,
            results[agreement.pk],
            reports.get(agreement.pk),
        )
        for agreement in agreements
    ]
