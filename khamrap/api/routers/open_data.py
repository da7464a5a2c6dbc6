"""Open data (docs/api.md): published agreements and their official figures, for anyone.

What the transparency pages (khamrap.public) show, as JSON and CSV that a program can read: no
token (`auth=None`), limited per address instead (settings.API_OPEN_RATE_LIMIT), read-only.

- Only published agreements (`Agreement.objects.published()`): a draft, or an agreement signed but
  not yet published, is 404 exactly as on the public page.
- Only official figures (rules.counting): the latest round whose report was submitted to the
  evaluator or verified and closed, labelled with its standing; a round still being prepared is
  never shown, even with every result approved.
- No personal data: no names, positions, usernames, phones or e-mails (not even the signatories
  the public page names), and no agreement of an organization of the kind "individual" (an
  individual's agreement is named after the person).

The shapes are stable: every object that describes an agreement carries `schema_version` (1);
a field is never renamed or removed without raising it. Decimals are JSON strings with four places ("4.2500");
in the CSV files they are printed with four places as the counting rule prints them
(`rules.counting.four_places`), and a missing figure is an empty cell (not "–", so a
spreadsheet reads it as missing). The CSV files are UTF-8 with a byte-order mark so that Excel
opens Thai correctly, with a header row of English column names.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AfterValidator

from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of
from khamrap.organizations.choices import OrganizationKind
from khamrap.reporting import scorecard as scores
from khamrap.reporting.models import RoundStanding
from khamrap.reporting.selectors import round_view
from khamrap.rules import counting

from ..schemas import Detail, Id, Pages, Problems
from ..throttles import OpenDataRateThrottle

router = Router(tags=["open-data"])

SCHEMA_VERSION = 1
OPEN = {"auth": None, "throttle": [OpenDataRateThrottle()]}
OPEN_ERRORS = {404: Detail, 422: Problems, 429: Detail}
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"


# --- shapes -----------------------------------------------------------------------------------------

# Every decimal with four places, rounded as the counting rule rounds (rules.counting.four_places),
# whatever the database hands back (SQLite gives 5 for 5.0000 through a subquery).
Four = Annotated[Decimal, AfterValidator(lambda value: Decimal(counting.four_places(value)))]


class OpenOrganization(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str = Field(description="ministry, department, bureau, province, … (stored codes).")


class OpenFramework(Schema):
    code: str
    name_th: str
    name_en: str


class OfficialRound(Schema):
    """The latest round whose figures are official (rules.counting)."""

    months: int = Field(description="The round: 3, 6, 9 or 12 months of the fiscal year.")
    cutoff_date: dt.date = Field(description="The results are as of this day.")
    standing: Literal["submitted", "verifying", "final"] = Field(
        description="How far the total can be trusted: submitted to the evaluator, being "
        "verified (some scores verified), or final (every score verified, the round closed)."
    )
    total: Four | None = Field(
        description="The weighted total of the counted scores (verified where given)."
    )


class _AgreementFields(Schema):
    schema_version: Literal[1] = Field(SCHEMA_VERSION, description="Raised on any change.")
    id: int
    organization: OpenOrganization
    fiscal_year: int = Field(description="The fiscal year in the Buddhist Era, e.g. 2569.")
    framework: OpenFramework
    signed_on: dt.date | None
    indicator_count: int = Field(description="Top-level indicators in force.")
    official_round: OfficialRound | None = Field(
        description="The latest official round; null while none has been submitted."
    )


class OpenAgreement(_AgreementFields):
    """A published agreement, as a row of the list (read from an annotated Agreement)."""

    @staticmethod
    def resolve_fiscal_year(agreement) -> int:
        return agreement.fiscal_year.year

    @staticmethod
    def resolve_official_round(agreement) -> dict | None:
        return _official(agreement)


class OpenGroup(Schema):
    key: str
    name_th: str
    name_en: str


class OpenFigure(Schema):
    """An indicator's figure in the official round, with its status."""

    score: Four | None = Field(
        description="The counted score: verified once given, else self-assessed."
    )
    source: Literal["self", "verified"] | None = Field(
        description="Where the counted score comes from (rules.counting.Source)."
    )
    self_score: Four | None
    verified_score: Four | None
    weighted_score: Four | None = Field(
        description="The counted score times the weight (top-level indicators only)."
    )
    result_status: Literal["draft", "submitted", "returned", "approved"] | None = Field(
        description="The result's status (a composite's is the least advanced of its parts')."
    )


class OpenPart(Schema):
    """A sub-indicator of a composite indicator."""

    id: int
    number: str
    name: str
    weight: Four
    kind: str = Field(description="milestone, numeric, mixed, pass_fail or composite.")
    direction: str = Field(description="higher or lower: which way the targets go.")
    unit: str
    targets: list[Four | None] = Field(
        description="The values for scores 1 to 5 (numeric and mixed indicators)."
    )
    figure: OpenFigure | None = Field(description="null while no round is official.")


class OpenIndicator(OpenPart):
    """A top-level indicator with its group and its parts (for a composite)."""

    group: OpenGroup
    parts: list[OpenPart]


class OpenAgreementDetail(_AgreementFields):
    """A published agreement with its indicators and their official figures."""

    indicators: list[OpenIndicator]


class OpenFilters(Schema):
    year: int | None = Field(
        None, ge=2400, le=2800, description="The fiscal year in the Buddhist Era, e.g. 2569."
    )
    organization: str | None = Field(
        None, min_length=1, max_length=40, description="An organization's code: its agreements."
    )


# --- reads ------------------------------------------------------------------------------------------


def _published(filters: OpenFilters | None = None):
    """Published agreements with what a row shows, newest year first, in one query.

    Each with its latest official figure read from the stored standings, as the public list does:
    one subquery gives the standing's fields together (as a JSON object), another counts the
    indicators in force, so the row costs the same whatever the agreement holds.
    """
    official = RoundStanding.objects.filter(
        agreement=OuterRef("pk"),
        report_status__in=[counting.REPORT_SUBMITTED, counting.REPORT_CLOSED],
    ).order_by("-reporting_round__months")
    in_force = (
        Indicator.objects.filter(
            agreement=OuterRef("pk"), parent__isnull=True, retired_from__isnull=True
        )
        .order_by()
        .values("agreement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    agreements = (
        Agreement.objects.published()
        .exclude(organization__kind=OrganizationKind.INDIVIDUAL)
        .select_related("organization", "fiscal_year", "framework")
        .annotate(
            indicator_count=Coalesce(Subquery(in_force), 0),
            official=Subquery(
                official.values(
                    json=JSONObject(
                        months="reporting_round__months",
                        cutoff_date="reporting_round__cutoff_date",
                        standing="standing",
                        total="total_final",
                    )
                )[:1]
            ),
        )
        .order_by("-fiscal_year__year", "organization__path", "pk")
    )
    if filters is not None and filters.year is not None:
        agreements = agreements.filter(fiscal_year__year=filters.year)
    if filters is not None and filters.organization:
        agreements = agreements.filter(organization__code=filters.organization)
    return agreements


def _official(agreement) -> dict | None:
    """The latest official round of an agreement read by _published."""
    return _official_of(agreement.official)


def _official_of(found: dict | None) -> dict | None:
    """_published's official round in Python's types (JSON gives the total as a number and the
    date as text)."""
    if not found:
        return None
    total = found["total"]
    return {
        "months": found["months"],
        "cutoff_date": dt.date.fromisoformat(str(found["cutoff_date"])[:10]),
        "standing": found["standing"],
        "total": None if total is None else Decimal(str(total)),
    }


def _detail(agreement: Agreement) -> dict:
    """The agreement with its indicators and the latest official round's figures.

    The figures are the score card's (reporting.scorecard, as the public page reads them) with
    each result's status (reporting.selectors.round_view: a composite's follows its parts); a
    closed round answers the figures frozen when it closed.
    """
    out = OpenAgreement.model_validate(agreement).model_dump()
    indicators: list[dict] = []
    reporting_round = scores.latest_official_round(agreement)
    if reporting_round is None:
        out["official_round"] = None
        for row in scores.scorecard(agreement, indicators_of(agreement), None).rows:
            parts = [_indicator(part, None) for part in row.indicator.parts.all()]
            indicators.append(_indicator(row.indicator, None) | _placed(row.indicator, parts))
        return out | {"indicators": indicators}
    view = round_view(agreement, reporting_round)
    out["official_round"] = {
        "months": reporting_round.months,
        "cutoff_date": reporting_round.cutoff_date,
        "standing": str(view.card.standing),
        "total": view.card.total_final,
    }
    for row in view.rows:  # each top-level indicator, followed by its parts (depth 1)
        score, source = counting.counted(row.self_score, row.verified_score)
        figure = {
            "score": score,
            "source": str(source) if source is not None else None,
            "self_score": row.self_score,
            "verified_score": row.verified_score,
            "weighted_score": row.weighted,  # None for a part: it weighs inside its composite
            "result_status": row.status,
        }
        if row.depth == 0:
            indicators.append(_indicator(row.indicator, figure) | _placed(row.indicator, []))
        else:
            indicators[-1]["parts"].append(_indicator(row.indicator, figure))
    return out | {"indicators": indicators}


def _indicator(indicator: Indicator, figure: dict | None) -> dict:
    return {
        "id": indicator.pk,
        "number": indicator.number,
        "name": indicator.name,
        "weight": indicator.weight,
        "kind": indicator.kind,
        "direction": indicator.direction,
        "unit": indicator.unit,
        "targets": indicator.targets,
        "figure": figure,
    }


def _placed(indicator: Indicator, parts: list[dict]) -> dict:
    """A top-level indicator's group and parts."""
    group = indicator.group
    return {
        "group": {"key": group.key, "name_th": group.name_th, "name_en": group.name_en},
        "parts": parts,
    }


# --- CSV --------------------------------------------------------------------------------------------

LIST_COLUMNS = (
    "schema_version",
    "id",
    "organization_code",
    "organization_name_th",
    "organization_name_en",
    "organization_kind",
    "fiscal_year",
    "framework_code",
    "signed_on",
    "indicator_count",
    "official_round_months",
    "official_round_cutoff_date",
    "official_standing",
    "official_total",
)

DETAIL_COLUMNS = (
    "schema_version",
    "agreement_id",
    "organization_code",
    "fiscal_year",
    "official_round_months",
    "official_standing",
    "official_total",
    "indicator_id",
    "number",
    "part_of",
    "group_key",
    "name",
    "kind",
    "direction",
    "weight",
    "unit",
    "target_1",
    "target_2",
    "target_3",
    "target_4",
    "target_5",
    "score",
    "source",
    "self_score",
    "verified_score",
    "weighted_score",
    "result_status",
)


# A text cell starting with one of these is a formula to a spreadsheet: names are typed by people,
# and the open files are opened by anyone, so such a cell is written after an apostrophe (OWASP's
# advice against CSV injection); numbers are never text here, so a negative target is untouched.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A value as the CSV prints it: decimals with four places, dates ISO, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return counting.four_places(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


class _Echo:
    """csv.writer's file: hands each written line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


# What a row of the list reads, in LIST_COLUMNS' order after schema_version (plain values, no model
# instances: building them cost more than the query at national size, BENCHMARKS.md).
LIST_VALUES = (
    "pk",
    "organization__code",
    "organization__name_th",
    "organization__name_en",
    "organization__kind",
    "fiscal_year__year",
    "framework__code",
    "signed_on",
    "indicator_count",
    "official",
)


def _list_rows(agreements) -> Iterator[list]:
    """The list's rows as CSV: the same fields as the JSON items (OpenAgreement)."""
    for *fields, official in agreements.values_list(*LIST_VALUES).iterator(chunk_size=1000):
        figure = _official_of(official) or {}
        yield [
            SCHEMA_VERSION,
            *fields,
            figure.get("months"),
            figure.get("cutoff_date"),
            figure.get("standing"),
            figure.get("total"),
        ]


def _detail_rows(detail: dict) -> Iterator[list]:
    official = detail["official_round"] or {}
    head = [
        detail["schema_version"],
        detail["id"],
        detail["organization"]["code"],
        detail["fiscal_year"],
        official.get("months"),
        official.get("standing"),
        official.get("total"),
    ]
    for indicator in detail["indicators"]:
        for line, parent in [(indicator, None)] + [(p, indicator) for p in indicator["parts"]]:
            figure = line["figure"] or {}
            yield [
                *head,
                line["id"],
                line["number"],
                parent["number"] if parent else None,
                indicator["group"]["key"],
                line["name"],
                line["kind"],
                line["direction"],
                line["weight"],
                line["unit"],
                *line["targets"],
                *(
                    figure.get(key)
                    for key in (
                        "score",
                        "source",
                        "self_score",
                        "verified_score",
                        "weighted_score",
                        "result_status",
                    )
                ),
            ]


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV_DOC = {"responses": {200: {"description": "CSV", "content": {"text/csv": {}}}}}


# --- endpoints --------------------------------------------------------------------------------------


@router.get(
    "/agreements",
    response={200: list[OpenAgreement], **OPEN_ERRORS},
    summary="Published agreements (open data)",
    **OPEN,
)
@paginate(Pages)
def open_agreement_list(request, filters: Query[OpenFilters]):
    """Every published agreement, newest fiscal year first, then in the tree's order.

    No token needed. Each item carries `schema_version` (1) and its latest official round (the
    total and its standing from the stored standings), or null while none was submitted.
    """
    return _published(filters)


@router.get(
    "/agreements.csv",
    response={**OPEN_ERRORS},
    summary="Published agreements as CSV (open data)",
    openapi_extra=CSV_DOC,
    **OPEN,
)
def open_agreement_list_csv(request, filters: Query[OpenFilters]):
    """The rows of /open/agreements as CSV, every one at once (not paged), streamed.

    Columns: schema_version, id, organization_code, organization_name_th, organization_name_en,
    organization_kind, fiscal_year, framework_code, signed_on, indicator_count,
    official_round_months, official_round_cutoff_date, official_standing, official_total.
    """
    rows = _list_rows(_published(filters).select_related(None))
    response = StreamingHttpResponse(_csv_lines(LIST_COLUMNS, rows), content_type=CSV_TYPE)
    return _attachment(response, "khamrap-open-agreements.csv")


@router.get(
    "/agreements/{agreement_id}",
    response={200: OpenAgreementDetail, **OPEN_ERRORS},
    summary="A published agreement with its official figures (open data)",
    **OPEN,
)
def open_agreement_detail(request, agreement_id: Id):
    """Its indicators (number, name, group, weight, kind, unit, targets; a composite's parts) and
    the latest official round's figure of each: the counted score, whether it is self-assessed or
    verified, and the result's status. 404 for an agreement not published.
    """
    return _detail(get_object_or_404(_published(), pk=agreement_id))


@router.get(
    "/agreements/{agreement_id}/indicators.csv",
    response={**OPEN_ERRORS},
    summary="A published agreement's indicators and official figures as CSV (open data)",
    openapi_extra=CSV_DOC,
    **OPEN,
)
def open_agreement_detail_csv(request, agreement_id: Id):
    """One line per indicator (a composite's parts follow it, `part_of` its number), with the
    official round's months, standing and total repeated on each line.

    Columns: schema_version, agreement_id, organization_code, fiscal_year, official_round_months,
    official_standing, official_total, indicator_id, number, part_of, group_key, name, kind,
    direction, weight, unit, target_1 … target_5, score, source, self_score, verified_score,
    weighted_score, result_status.
    """
    agreement = get_object_or_404(_published(), pk=agreement_id)
    # Through the JSON shape, so the file says exactly what /open/agreements/{id} says.
    detail = OpenAgreementDetail.model_validate(_detail(agreement)).model_dump()
    lines = _csv_lines(DETAIL_COLUMNS, _detail_rows(detail))
    response = HttpResponse("".join(lines), content_type=CSV_TYPE)
    return _attachment(response, f"khamrap-open-agreement-{agreement_id}.csv")
