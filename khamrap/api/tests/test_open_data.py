"""GET /api/v1/open/…: published agreements and their official figures, for anyone, without a token.

What the public pages show (khamrap/public/tests/test_pages.py): published agreements only, the
latest official round (submitted, being verified or final) labelled with its standing; drafts
and rounds in progress never; and no personal data at all.
"""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import override_settings

from khamrap.agreements import services as agreement_services
from khamrap.agreements.choices import Transition
from khamrap.agreements.models import Agreement
from khamrap.agreements.tests.builders import (
    SIGNATORIES,
    composite_of_two,
    issues,
    move,
    sign_off,
)
from khamrap.organizations.models import Organization
from khamrap.reporting import services
from khamrap.reporting.models import Result
from khamrap.reporting.tests.workflow import approved_round, submitted_round

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

LIST = "/api/v1/open/agreements"
LIST_CSV = "/api/v1/open/agreements.csv"
# Two queries, however many rows: the count, and the page's rows with each one's latest official
# figure read from the stored standings in the same query.
LIST_QUERIES = 2
CSV_QUERIES = 1

# The documented shapes (docs/api.md, schema_version 1): a change must raise the version.
AGREEMENT_KEYS = {
    "schema_version",
    "id",
    "organization",
    "fiscal_year",
    "framework",
    "signed_on",
    "indicator_count",
    "official_round",
}
ORGANIZATION_KEYS = {"code", "name_th", "name_en", "kind"}
FRAMEWORK_KEYS = {"code", "name_th", "name_en"}
ROUND_KEYS = {"months", "cutoff_date", "standing", "total"}
PART_KEYS = {"id", "number", "name", "weight", "kind", "direction", "unit", "targets", "figure"}
INDICATOR_KEYS = PART_KEYS | {"group", "parts"}
GROUP_KEYS = {"key", "name_th", "name_en"}
FIGURE_KEYS = {
    "score",
    "source",
    "self_score",
    "verified_score",
    "weighted_score",
    "result_status",
}
LIST_COLUMNS = [
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
]
DETAIL_COLUMNS = [
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
]
# Keys that would carry a person: none may appear anywhere in the open data.
PERSONAL_KEYS = {
    "username",
    "email",
    "phone",
    "first_name",
    "last_name",
    "title",
    "display_name",
    "position",
    "promisor_name",
    "promisor_position",
    "promisee_name",
    "promisee_position",
    "supervisors",
    "collectors",
    "submitted_by",
    "approved_by",
    "verified_by",
    "actor",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limits count in the cache, shared by every test of the process.
    cache.clear()
    yield
    cache.clear()


def detail_url(agreement, suffix=""):
    return f"{LIST}/{agreement.pk}{suffix}"


def publish(agreement, coordinator):
    move(agreement, Transition.CIRCULATE, coordinator)
    return move(agreement, Transition.PUBLISH, coordinator)


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def ids(response):
    return [item["id"] for item in items(response)]


def csv_rows(response) -> list[list[str]]:
    """The CSV answer's lines, after checking it is a UTF-8 CSV with a byte-order mark."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def walk(value, path=()):
    """Every (path, key, value) of a JSON document."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield path, key, inner
            yield from walk(inner, (*path, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from walk(inner, (*path, n))


def by_number(detail):
    return {indicator["number"]: indicator for indicator in detail["indicators"]}


# --- what is listed -----------------------------------------------------------------------------


def test_an_agreement_is_open_only_once_published(world, agreement, signer, anonymous_api):
    steps = [
        (Transition.APPROVE, world.coordinator, {}),
        (Transition.NEGOTIATE, world.coordinator, {"agreed_changes": "ตามเดิม"}),
        (Transition.SIGN, signer, {"signatories": SIGNATORIES}),
        (Transition.CIRCULATE, world.coordinator, {}),
    ]

    def hidden(label):
        assert ids(anonymous_api.get(LIST)) == [], label
        assert csv_rows(anonymous_api.get(LIST_CSV))[1:] == [], label
        for suffix in ("", "/indicators.csv"):
            response = anonymous_api.get(detail_url(agreement, suffix))
            assert response.status_code == 404, (label, suffix)
            assert set(response.json()) == {"detail"}

    hidden("draft")
    for transition, user, extra in steps:
        move(agreement, transition, user, **extra)
        hidden(transition)
    move(agreement, Transition.PUBLISH, world.coordinator)
    assert ids(anonymous_api.get(LIST)) == [agreement.pk]
    assert anonymous_api.get(detail_url(agreement)).status_code == 200
    assert anonymous_api.get(detail_url(agreement, "/indicators.csv")).status_code == 200


def test_a_published_agreement_is_listed_for_anyone_with_its_shape(
    world, signed, anonymous_api, api_as
):
    published = publish(signed, world.coordinator)
    response = anonymous_api.get(LIST)
    body = response.json()
    assert body["count"] == 1
    [item] = items(response)
    assert set(item) == AGREEMENT_KEYS
    assert set(item["organization"]) == ORGANIZATION_KEYS
    assert set(item["framework"]) == FRAMEWORK_KEYS
    assert item == {
        "schema_version": 1,
        "id": published.pk,
        "organization": {"code": "M1-D1", "name_th": "กรมหนึ่ง", "name_en": "", "kind": "department"},
        "fiscal_year": 2569,
        "framework": item["framework"],
        "signed_on": "2025-10-20",
        "indicator_count": 3,
        "official_round": None,
    }
    assert item["framework"]["code"] == "dimensions-4"
    # A token, even a bad one or one of another ministry, changes nothing: the data is open.
    for api in (ApiClient("khr_not_a_token"), api_as(world.outsider, world.other_dept)):
        assert ids(api.get(LIST)) == [published.pk]
        assert api.get(detail_url(published)).status_code == 200


def test_the_detail_has_the_indicators_with_their_targets_and_the_documented_keys(
    world, signed, anonymous_api
):
    published = publish(signed, world.coordinator)
    detail = anonymous_api.get(detail_url(published)).json()
    assert set(detail) == AGREEMENT_KEYS | {"indicators"}
    assert (detail["schema_version"], detail["id"], detail["fiscal_year"]) == (
        1,
        published.pk,
        2569,
    )
    assert detail["official_round"] is None
    assert [i["number"] for i in detail["indicators"]] == ["1", "3", "16"]
    for indicator in detail["indicators"]:
        assert set(indicator) == INDICATOR_KEYS
        assert set(indicator["group"]) == GROUP_KEYS
        assert indicator["figure"] is None and indicator["parts"] == []
    one = by_number(detail)["1"]
    assert (one["name"], one["kind"], one["direction"], one["unit"]) == (
        "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม",
        "numeric",
        "higher",
        "ร้อยละ",
    )
    assert [Decimal(t) for t in one["targets"]] == [80, 85, 90, 95, 100]
    assert Decimal(one["weight"]) == 50
    assert by_number(detail)["16"]["targets"] == [None] * 5
    assert by_number(detail)["1"]["group"]["key"] == "1"


def test_no_personal_data_anywhere(world, signed, six, anonymous_api):
    world.collector.phone = "0812345678"
    world.collector.save()
    published = publish(signed, world.coordinator)
    submitted_round(published, six, world)
    people = [world.executive, world.coordinator, world.collector, world.nobody]
    forbidden = {
        *(p.username for p in people),
        *(p.email for p in people),
        *(p.first_name for p in people if p.first_name),
        "0812345678",
        SIGNATORIES.promisor_name,
        SIGNATORIES.promisee_name,
        SIGNATORIES.promisor_position,
        SIGNATORIES.promisee_position,
        "director",
    }
    documents = [
        anonymous_api.get(LIST).json(),
        anonymous_api.get(detail_url(published)).json(),
    ]
    for document in documents:
        keys = {key for _path, key, _value in walk(document)}
        assert not keys & PERSONAL_KEYS
        strings = [value for _p, _k, value in walk(document) if isinstance(value, str)]
        for value in strings:
            assert not any(person in value for person in forbidden), value
    for url in (LIST_CSV, detail_url(published, "/indicators.csv")):
        text = json.dumps(csv_rows(anonymous_api.get(url)), ensure_ascii=False)
        assert not any(person in text for person in forbidden), url


def test_an_individual_agreement_is_never_open(world, signed, anonymous_api):
    # An organization of the kind "individual" is a person: its name is personal data.
    published = publish(signed, world.coordinator)
    Organization.objects.filter(pk=world.dept.pk).update(kind="individual")
    assert ids(anonymous_api.get(LIST)) == []
    assert anonymous_api.get(detail_url(published)).status_code == 404


# --- which figures ------------------------------------------------------------------------------


def test_a_round_in_progress_is_never_shown_even_with_every_result_approved(
    world, signed, six, anonymous_api
):
    published = publish(signed, world.coordinator)
    approved_round(published, six, world)  # scores 5 everywhere; the report is not submitted
    [item] = items(anonymous_api.get(LIST))
    assert item["official_round"] is None
    detail = anonymous_api.get(detail_url(published)).json()
    assert detail["official_round"] is None
    assert all(i["figure"] is None for i in detail["indicators"])
    [_, line] = csv_rows(anonymous_api.get(LIST_CSV))
    assert line[LIST_COLUMNS.index("official_total") :] == [""]
    for line in csv_rows(anonymous_api.get(detail_url(published, "/indicators.csv")))[1:]:
        assert line[DETAIL_COLUMNS.index("score") :] == [""] * 6
        assert line[DETAIL_COLUMNS.index("official_round_months")] == ""


def test_a_submitted_round_is_shown_with_its_standing_and_a_later_draft_is_not(
    world, signed, six, anonymous_api
):
    published = publish(signed, world.coordinator)
    submitted_round(published, six, world)  # every score 5: a total of 5.0000, not verified
    nine = published.fiscal_year.rounds.get(months=9)
    services.result_save(
        indicator=published.indicators.get(number="1"),
        reporting_round=nine,
        user=world.collector,
        value=Decimal(80),  # score 1: the 9-month round is in progress
    )
    official = {
        "months": 6,
        "cutoff_date": six.cutoff_date.isoformat(),
        "standing": "submitted",
        "total": "5.0000",
    }
    [item] = items(anonymous_api.get(LIST))
    assert set(item["official_round"]) == ROUND_KEYS
    assert item["official_round"] == official
    detail = anonymous_api.get(detail_url(published)).json()
    assert detail["official_round"] == official
    figures = {number: i["figure"] for number, i in by_number(detail).items()}
    assert all(set(f) == FIGURE_KEYS for f in figures.values())
    assert {(n, f["score"], f["source"], f["result_status"]) for n, f in figures.items()} == {
        ("1", "5.0000", "self", "approved"),
        ("3", "5.0000", "self", "approved"),
        ("16", "5.0000", "self", "approved"),
    }
    assert figures["1"]["verified_score"] is None
    assert Decimal(figures["1"]["weighted_score"]) == Decimal("2.5")
    [header, line] = csv_rows(anonymous_api.get(LIST_CSV))
    row = dict(zip(header, line, strict=True))
    assert (row["official_round_months"], row["official_standing"], row["official_total"]) == (
        "6",
        "submitted",
        "5.0000",
    )


def test_verified_and_final_rounds_carry_each_figure_s_status(
    world, signed, six, evaluator, anonymous_api
):
    published = publish(signed, world.coordinator)
    _, report = submitted_round(published, six, world)
    one = Result.objects.get(indicator__number="1", reporting_round=six)
    services.result_verify(result=one, user=evaluator, score=Decimal(4), reason="หลักฐานไม่ครบ")
    detail = anonymous_api.get(detail_url(published)).json()
    # 4 × 50% + 5 × 30% + 5 × 20% = 4.5
    assert detail["official_round"]["standing"] == "verifying"
    assert Decimal(detail["official_round"]["total"]) == Decimal("4.5")
    figure = by_number(detail)["1"]["figure"]
    assert (figure["score"], figure["source"], figure["self_score"], figure["verified_score"]) == (
        "4.0000",
        "verified",
        "5.0000",
        "4.0000",
    )
    assert by_number(detail)["3"]["figure"]["source"] == "self"
    for result in Result.objects.filter(reporting_round=six).exclude(pk=one.pk):
        services.result_verify(result=result, user=evaluator, score=result.self_score)
    services.report_close(report=report, user=evaluator)
    [item] = items(anonymous_api.get(LIST))
    assert (item["official_round"]["standing"], item["official_round"]["total"]) == (
        "final",
        "4.5000",
    )
    detail = anonymous_api.get(detail_url(published)).json()
    assert detail["official_round"]["standing"] == "final"
    assert {i["figure"]["source"] for i in detail["indicators"]} == {"verified"}


def test_a_composite_shows_its_parts_each_with_its_figure(
    world, agreement, signer, six, anonymous_api
):
    # Weights 50/30/20 plus a composite of 10: take 10 off indicator 1 so they add up to 100.
    whole = composite_of_two(world, agreement)
    whole.supervisors.add(world.executive)
    agreement_services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        indicator=agreement.indicators.get(number="1"),
        fields={"weight": Decimal(40)},
        issues=issues("cost-reduction", "staffing"),
        supervisors=[world.executive],
        collectors=[world.collector],
    )
    published = publish(sign_off(agreement, world, signer), world.coordinator)
    results = {"1": {"value": Decimal(100)}, "16": {"steps_done": [1, 2, 3, 4, 5]}}
    results |= {
        "3": {"passed": True},
        "4.1": {"passed": True},
        "4.2": {"passed": False, "explanation": "ยังไม่ผ่าน"},
    }
    submitted_round(published, six, world, results)
    detail = anonymous_api.get(detail_url(published)).json()
    whole = by_number(detail)["4"]
    assert whole["kind"] == "composite"
    assert [p["number"] for p in whole["parts"]] == ["4.1", "4.2"]
    for part in whole["parts"]:
        assert set(part) == PART_KEYS
        assert part["figure"]["result_status"] == "approved"
        assert part["figure"]["weighted_score"] is None
    assert whole["figure"]["result_status"] == "approved"  # the least advanced of its parts'
    # Half of it passed: 2.5, weighted 10%; 40% × 5 + 30% × 5 + 20% × 5 + 10% × 2.5 = 4.75.
    assert (whole["figure"]["score"], whole["figure"]["weighted_score"]) == ("2.5000", "0.2500")
    assert [p["figure"]["score"] for p in whole["parts"]] == ["5.0000", "0.0000"]
    assert detail["official_round"]["total"] == "4.7500"
    lines = csv_rows(anonymous_api.get(detail_url(published, "/indicators.csv")))
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert [(r["number"], r["part_of"]) for r in rows] == [
        ("1", ""),
        ("3", ""),
        ("4", ""),
        ("4.1", "4"),
        ("4.2", "4"),
        ("16", ""),
    ]


# --- CSV ----------------------------------------------------------------------------------------


def test_the_list_as_csv_has_a_bom_a_stable_header_and_every_row(world, signed, anonymous_api):
    published = publish(signed, world.coordinator)
    response = anonymous_api.get(LIST_CSV)
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="khamrap-open-agreements.csv"'
    [header, line] = csv_rows(response)
    assert header == LIST_COLUMNS
    row = dict(zip(header, line, strict=True))
    assert row == {
        "schema_version": "1",
        "id": str(published.pk),
        "organization_code": "M1-D1",
        "organization_name_th": "กรมหนึ่ง",
        "organization_name_en": "",
        "organization_kind": "department",
        "fiscal_year": "2569",
        "framework_code": "dimensions-4",
        "signed_on": "2025-10-20",
        "indicator_count": "3",
        "official_round_months": "",
        "official_round_cutoff_date": "",
        "official_standing": "",
        "official_total": "",
    }
    # The same filters as the JSON list.
    assert csv_rows(anonymous_api.get(LIST_CSV, {"year": 2570})) == [LIST_COLUMNS]


def test_an_agreement_as_csv_has_its_indicators_with_four_places(world, signed, six, anonymous_api):
    published = publish(signed, world.coordinator)
    submitted_round(published, six, world)
    response = anonymous_api.get(detail_url(published, "/indicators.csv"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="khamrap-open-agreement-{published.pk}.csv"'
    )
    lines = csv_rows(response)
    assert lines[0] == DETAIL_COLUMNS
    rows = {
        line[DETAIL_COLUMNS.index("number")]: dict(zip(lines[0], line, strict=True))
        for line in lines[1:]
    }
    assert list(rows) == ["1", "3", "16"]
    one = rows["1"]
    assert (one["official_round_months"], one["official_standing"], one["official_total"]) == (
        "6",
        "submitted",
        "5.0000",
    )
    assert [one[f"target_{n}"] for n in range(1, 6)] == [
        "80.0000",
        "85.0000",
        "90.0000",
        "95.0000",
        "100.0000",
    ]
    assert (one["weight"], one["score"], one["weighted_score"], one["source"]) == (
        "50.0000",
        "5.0000",
        "2.5000",
        "self",
    )
    assert (one["verified_score"], one["result_status"]) == ("", "approved")
    assert rows["16"]["target_1"] == ""


def test_a_text_cell_that_a_spreadsheet_would_run_as_a_formula_is_escaped(
    world, agreement, signer, anonymous_api
):
    agreement_services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        indicator=agreement.indicators.get(number="3"),
        fields={"name": '=HYPERLINK("http://example.org")'},
        issues=issues("development-success"),
        supervisors=[world.executive],
        collectors=[world.collector],
    )
    published = publish(sign_off(agreement, world, signer), world.coordinator)
    detail = anonymous_api.get(detail_url(published)).json()
    assert by_number(detail)["3"]["name"] == '=HYPERLINK("http://example.org")'  # JSON as typed
    lines = csv_rows(anonymous_api.get(detail_url(published, "/indicators.csv")))
    names = {
        line[DETAIL_COLUMNS.index("number")]: line[DETAIL_COLUMNS.index("name")]
        for line in lines[1:]
    }
    assert names["3"] == '\'=HYPERLINK("http://example.org")'
    assert names["1"] == "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม"


# --- bad input, unknown ids, rate limits ---------------------------------------------------------


def test_bad_filters_are_422_with_the_field(world, anonymous_api):
    for url in (LIST, LIST_CSV):
        for params, field in (
            ({"year": "twenty"}, "year"),
            ({"year": 69}, "year"),
            ({"organization": "x" * 41}, "organization"),
        ):
            response = anonymous_api.get(url, params)
            assert response.status_code == 422, (url, params)
            [problem] = response.json()["detail"]
            assert problem["loc"][-1] == field
    for params in ({"page": 0}, {"page": "one"}, {"page_size": 0}):
        assert anonymous_api.get(LIST, params).status_code == 422, params


def test_filters_by_year_and_organization(world, signed, anonymous_api):
    published = publish(signed, world.coordinator)
    assert ids(anonymous_api.get(LIST, {"year": 2569})) == [published.pk]
    assert ids(anonymous_api.get(LIST, {"year": 2570})) == []
    assert ids(anonymous_api.get(LIST, {"organization": "M1-D1"})) == [published.pk]
    assert ids(anonymous_api.get(LIST, {"organization": "M1-D2"})) == []
    assert ids(anonymous_api.get(LIST, {"organization": "NOPE"})) == []


def test_an_unknown_agreement_is_404(world, signed, anonymous_api):
    published = publish(signed, world.coordinator)
    for suffix in ("", "/indicators.csv"):
        assert anonymous_api.get(f"{LIST}/{published.pk + 1000}{suffix}").status_code == 404
        for pk in (2**63, 10**30):  # past what the database holds: bad input, before any query
            assert anonymous_api.get(f"{LIST}/{pk}{suffix}").status_code == 422, (pk, suffix)
    assert anonymous_api.get(f"{LIST}/abc").status_code == 422


@override_settings(API_OPEN_RATE_LIMIT="2/m")
def test_each_address_has_its_own_rate_limit_with_retry_after(world, anonymous_api):
    cache.clear()
    assert anonymous_api.get(LIST).status_code == 200
    assert anonymous_api.get(LIST_CSV).status_code == 200
    for url in (LIST, LIST_CSV, f"{LIST}/1"):
        response = anonymous_api.get(url)
        assert response.status_code == 429, url
        assert int(response["Retry-After"]) >= 1
        assert set(response.json()) == {"detail"}
    other = ApiClient()
    other.client.defaults["REMOTE_ADDR"] = "192.0.2.7"
    assert other.get(LIST).status_code == 200


# --- on the demo: three agreements, one of them published ---------------------------------------


def coordinator_of(code):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(
        memberships__organization__code=code, memberships__role="coordinator"
    )


def test_the_demo_opens_its_published_agreement_with_its_final_figure(doae, anonymous_api):
    [item] = items(anonymous_api.get(LIST))
    assert item["id"] == doae.pk
    assert (item["official_round"]["standing"], item["official_round"]["total"]) == (
        "final",
        "3.4350",
    )
    detail = anonymous_api.get(detail_url(doae)).json()
    assert (detail["official_round"]["standing"], detail["official_round"]["total"]) == (
        "final",
        "3.4350",
    )
    for code in ("DOA", "PROV-57"):
        other = Agreement.objects.get(organization__code=code)
        assert anonymous_api.get(detail_url(other)).status_code == 404, code


def test_the_list_runs_the_same_queries_however_many_agreements_it_shows(
    demo, anonymous_api, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES):
        assert len(items(anonymous_api.get(LIST))) == 1
    for code in ("DOA", "PROV-57"):
        publish(Agreement.objects.get(organization__code=code), coordinator_of(code))
    with django_assert_num_queries(LIST_QUERIES):
        listed = items(anonymous_api.get(LIST))
    standings = {
        i["organization"]["code"]: (i["official_round"] or {}).get("standing") for i in listed
    }
    # DOA's 6-month report is still being prepared: no official round.
    assert standings == {"DOAE": "final", "PROV-57": "submitted", "DOA": None}
    # The CSV reads every row in one query.
    with django_assert_num_queries(CSV_QUERIES):
        assert len(csv_rows(anonymous_api.get(LIST_CSV))) == 1 + 3
    # The CSV says what the JSON says, row by row.
    [header, *lines] = csv_rows(anonymous_api.get(LIST_CSV))
    assert header == list(LIST_COLUMNS)
    for item, line in zip(listed, lines, strict=True):
        official = item["official_round"] or {}
        assert line == [
            str(item["schema_version"]),
            str(item["id"]),
            item["organization"]["code"],
            item["organization"]["name_th"],
            item["organization"]["name_en"],
            item["organization"]["kind"],
            str(item["fiscal_year"]),
            item["framework"]["code"],
            item["signed_on"] or "",
            str(item["indicator_count"]),
            str(official.get("months", "")),
            official.get("cutoff_date", ""),
            official.get("standing", ""),
            official.get("total") or "",
        ]
