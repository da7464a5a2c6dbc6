"""A token for one organization can neither read nor write another's, through every endpoint.

All the data lives in world.dept (M1-D1): a signed agreement, results in the six-month round (one
a draft with an evidence file, one submitted), a PMQA year, an award application and an award
held. The callers hold write tokens scoped to the sibling department M1-D2, which has nothing:
- the superuser, whose roles reach everything, so only the scope stands in the way;
- alice, executive of the ministry and named supervisor on every indicator of M1-D1;
- dave, coordinator in the other ministry.
Every operation of the OpenAPI document is called with M1-D1's ids: an object is 404, a list is
empty, and nothing in the database changed. A token scoped to M1-D1 reads the same URLs (200),
so a 404 above is the scope speaking, not a wrong URL. An operation this test does not know
fails it, so a new endpoint must be added here.
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from khamrap.api.main import api
from khamrap.api.tests.conftest import ApiClient, issue
from khamrap.awards import services as award_services
from khamrap.awards.choices import Family, Level
from khamrap.awards.models import Application, AwardRecord
from khamrap.awards.tests.builders import applied
from khamrap.awards.tests.conftest import calls  # noqa: F401 (fixture)
from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant
from khamrap.pmqa import services as pmqa_services
from khamrap.pmqa.models import PmqaYear
from khamrap.pmqa.services.criteria import shipped_criteria
from khamrap.reporting import services
from khamrap.reporting.evidence import evidence_attach
from khamrap.reporting.models import Change, EvidenceFile, Result, RoundReport
from khamrap.reporting.tests.evidence_samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
# Rows every organization shares (fiscal years, rounds, frameworks, award calls) and the public
# open data: no organization's scope applies to them.
SHARED = {
    ("get", "/fiscal-years"),
    ("get", "/fiscal-years/{year}"),
    ("get", "/rounds"),
    ("get", "/frameworks"),
    ("get", "/frameworks/{framework_id}"),
    ("get", "/awards/calls"),
    ("get", "/me"),
}
OBJECT_PARAMETERS = {
    "organization_id",
    "agreement_id",
    "indicator_id",
    "result_id",
    "evidence_id",
    "pmqa_year_id",
    "application_id",
}


@pytest.fixture
def theirs(world, signed, six, calls, settings, tmp_path):  # noqa: F811 (fixture)
    settings.API_RATE_LIMIT = "100000/m"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence"},
        },
    }
    cache.clear()
    first, milestone = signed.indicators.get(number="1"), signed.indicators.get(number="16")
    draft = services.result_save(
        indicator=first, reporting_round=six, user=world.collector, value=Decimal(92)
    )
    evidence = evidence_attach(
        result=draft, user=world.collector, upload=upload(pdf_bytes(), "ผลงาน.pdf")
    )
    submitted = services.result_submit(
        result=services.result_save(
            indicator=milestone,
            reporting_round=six,
            user=world.collector,
            steps_done=[1, 2, 3, 4, 5],
        ),
        user=world.collector,
    )
    year = pmqa_services.year_create(
        organization=world.dept,
        fiscal_year=signed.fiscal_year,
        criteria=shipped_criteria(),
        user=world.coordinator,
    )
    application = applied(calls, world, Family.PUBLIC_SERVICE, 1)
    award_services.record_add(
        organization=world.dept,
        user=world.superuser,
        year=2567,
        family=Family.PUBLIC_SERVICE,
        number=1,
        scheme_name="รางวัลบริการภาครัฐ",
        level=Level.EXCELLENT,
        work="ผลงานเดิม",
    )
    return {
        "organization_id": world.dept.pk,
        "agreement_id": signed.pk,
        "indicator_id": first.pk,
        "round_id": six.pk,
        "result_id": submitted.pk,
        "evidence_id": evidence.pk,
        "pmqa_year_id": year.pk,
        "application_id": application.pk,
        "year": signed.fiscal_year.year,
        "framework_id": signed.framework_id,
        "draft": draft,
    }


def operations():
    """Every (method, path) of the OpenAPI document, without the /api/v1 prefix."""
    document = api.get_openapi_schema(path_prefix=PREFIX)
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            yield method, path.removeprefix(PREFIX), query


def url_of(path: str, ids: dict) -> str:
    return PREFIX + re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def body_of(path: str, result: Result) -> dict:
    """A body the operation would take, so that what answers is the scope, not the input."""
    if path.endswith("/result"):
        return {"version": 1, "value": "95"}
    if path.endswith("/return"):
        return {"comment": "แก้ไข"}
    if path.endswith("/reopen"):
        return {"reason": "เปิดใหม่"}
    if path.endswith("/verify"):
        return {"score": "4", "reason": "ตรวจแล้ว"}
    return {"version": result.version}


def call(client: ApiClient, method: str, path: str, ids: dict):
    url = url_of(path, ids)
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    if path.endswith("/evidence"):
        return client.upload(url, {"file": upload(pdf_bytes(), "หลักฐาน.pdf")})
    result = Result.objects.get(pk=ids["result_id"])
    return getattr(client, method)(url, body_of(path, result))


def snapshot():
    """Everything a refused write could have changed."""
    return (
        list(Result.objects.order_by("pk").values_list("pk", "status", "version", "value")),
        Change.objects.count(),
        list(EvidenceFile.objects.order_by("pk").values_list("pk", flat=True)),
        list(RoundReport.objects.order_by("pk").values_list("pk", "status")),
        list(PmqaYear.objects.order_by("pk").values_list("pk", "status")),
        list(Application.objects.order_by("pk").values_list("pk", "stage", "version")),
        AwardRecord.objects.count(),
    )


def outsiders(world):
    return {
        "superuser scoped to M1-D2": ApiClient(
            issue(world.superuser, world.dept2, subtree=True, write=True)
        ),
        "alice scoped to M1-D2": ApiClient(issue(world.executive, world.dept2, write=True)),
        "dave": ApiClient(issue(world.outsider, world.other_dept, subtree=True, write=True)),
    }


def test_a_token_for_one_organization_reaches_nothing_of_another_through_every_endpoint(
    world, theirs
):
    before = snapshot()
    known = 0
    for method, path, query in operations():
        if path.startswith("/open/") or (method, path) in SHARED:
            continue
        known += 1
        parameters = set(re.findall(r"\{(\w+)\}", path))
        assert parameters <= set(theirs), f"{method} {path}: add its parameters to this test"
        for who, client in outsiders(world).items():
            response = call(client, method, path, theirs)
            label = f"{who}: {method.upper()} {path}"
            if parameters & OBJECT_PARAMETERS:
                assert response.status_code == 404, (label, response.content)
                continue
            # A list: M1-D1's rows never appear, filtered for them or not.
            assert method == "get", f"{label}: a write without an object id; extend this test"
            assert response.status_code == 200, (label, response.content)
            items = response.json()["items"]
            codes = {item.get("code") for item in items}
            assert "M1-D1" not in codes, label
            if path != "/organizations":
                assert items == [], label
            if "organization" in query:
                filtered = client.get(url_of(path, theirs), {"organization": world.dept.pk})
                assert filtered.status_code == 200 and filtered.json()["items"] == [], label
    assert known >= 20
    assert snapshot() == before


def test_the_same_urls_answer_a_token_scoped_to_the_organization(world, theirs):
    """The control: the URLs above are right; only the scope made them 404."""
    reader = ApiClient(issue(world.coordinator, world.dept))
    for method, path, _query in operations():
        if method != "get" or path.startswith("/open/"):
            continue
        response = call(reader, method, path, theirs)
        assert response.status_code == 200, (path, response.content)
        if set(re.findall(r"\{(\w+)\}", path)) & OBJECT_PARAMETERS:
            continue
        if path in {"/results", "/agreements", "/standings", "/pmqa/years", "/awards/records"}:
            assert response.json()["items"], path


def test_a_read_token_or_a_role_that_may_not_changes_nothing_through_every_write_endpoint(
    world, theirs
):
    """Within the organization's own scope: the coordinator's read token, and a write token of
    an executive of the ministry who is named on no indicator, see M1-D1 and may change none of
    it: 403 for every change, and nothing changed."""
    frank = world.person("frank")
    membership_grant(user=frank, organization=world.ministry, role=Role.EXECUTIVE)
    callers = {
        "bob's read token": ApiClient(issue(world.coordinator, world.dept, subtree=True)),
        "frank's write token": ApiClient(issue(frank, world.ministry, subtree=True, write=True)),
    }
    before = snapshot()
    writes = 0
    for method, path, _query in operations():
        if method == "get":
            continue
        writes += 1
        for who, client in callers.items():
            response = call(client, method, path, theirs)
            assert response.status_code == 403, (who, method, path, response.content)
            assert response.json()["code"] == "forbidden"
    assert writes >= 8
    assert snapshot() == before
