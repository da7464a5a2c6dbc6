"""GET /api/v1/frameworks, /agreements and /indicators: what the agreement pages show, to those
who may see it, and to nobody else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khamrap.agreements import services
from khamrap.agreements.models import Framework, Indicator
from khamrap.agreements.tests.builders import (
    FIVE_STEPS,
    composite_of_two,
    group,
    pass_fail_indicator,
    sign_off,
)
from khamrap.periods.services import fiscal_year_create

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/api/v1/frameworks"
AGREEMENTS = "/api/v1/agreements"
INDICATORS = "/api/v1/indicators"


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def by_number(indicators):
    return {i["number"]: i for i in indicators}


@pytest.fixture
def bob(world, api_as):
    """The department's coordinator through a token for the department and below."""
    return api_as(world.coordinator, world.dept, subtree=True)


@pytest.fixture
def mixed(world, agreement):
    """Indicator 5: two steps (scores 1 and 2), then targets for scores 3 to 5."""
    return services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("3"),
            "number": "5",
            "name": "ระดับความสำเร็จของการลดระยะเวลาการให้บริการ",
            "weight": Decimal(5),
            "kind": "mixed",
            "direction": "lower",
            "mixed_steps": 2,
            "target_3": Decimal(30),
            "target_4": Decimal(20),
            "target_5": Decimal(10),
            "unit": "วัน",
        },
        steps=FIVE_STEPS[:2],
    )


def another_agreement(world, organization, fiscal_year):
    return services.agreement_create(
        organization=organization, fiscal_year=fiscal_year, user=world.superuser
    )


# --- frameworks ------------------------------------------------------------------------------------


def test_frameworks_with_their_groups(world, fiscal_year, api_as):
    body = ok(api_as(world.outsider, world.other_dept).get(FRAMEWORKS))
    # By Thai name: กรอบการประเมิน 4 มิติ, then 5 องค์ประกอบ.
    assert [f["code"] for f in body["items"]] == ["dimensions-4", "components-5"]
    four = body["items"][0]
    assert four["group_label"] == "มิติ"
    assert four["floor"] == "0"
    assert [g["key"] for g in four["groups"]] == ["1", "2", "3", "4"]
    assert [g["order"] for g in four["groups"]] == [1, 2, 3, 4]
    assert four["groups"][0]["weight"] is None


def test_one_framework_with_the_weights_its_groups_prescribe(world, fiscal_year, api_as):
    framework = Framework.objects.get(code="dimensions-4")
    first = framework.groups.get(key="1")
    first.weight = Decimal("60")
    first.save()
    body = ok(api_as(world.coordinator, world.dept).get(f"{FRAMEWORKS}/{framework.pk}"))
    assert body["id"] == framework.pk == fiscal_year.framework_id
    assert body["groups"][0] == {
        "id": first.pk,
        "key": "1",
        "name_th": first.name_th,
        "name_en": first.name_en,
        "weight": "60.0000",
        "order": 1,
    }
    api = api_as(world.coordinator, world.dept)
    assert api.get(f"{FRAMEWORKS}/{framework.pk + 1000}").status_code == 404
    response = api.get(f"{FRAMEWORKS}/abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "framework_id"


# --- the list --------------------------------------------------------------------------------------


def test_the_list_shows_each_agreement_with_its_organization_year_and_status(world, signed, bob):
    [item] = ok(bob.get(AGREEMENTS))["items"]
    assert item == {
        "id": signed.pk,
        "organization": {
            "id": world.dept.pk,
            "code": "M1-D1",
            "name_th": "กรมหนึ่ง",
            "name_en": world.dept.name_en,
        },
        "year": 2569,
        "framework_id": signed.framework_id,
        "status": "signed",
        "status_changed_at": item["status_changed_at"],
        "signed_on": "2025-10-20",
        "version": signed.version,
    }
    # ISO 8601 to the millisecond (Django's JSON encoder).
    changed_at = dt.datetime.fromisoformat(item["status_changed_at"])
    assert abs(changed_at - signed.status_changed_at) < dt.timedelta(milliseconds=1)


def test_the_list_is_newest_year_first_then_in_tree_order_and_filters(
    world, agreement, signer, api_as
):
    later = fiscal_year_create(year=2570)
    later.framework = agreement.framework
    later.save()
    dept2 = another_agreement(world, world.dept2, agreement.fiscal_year)
    bureau = another_agreement(world, world.bureau, agreement.fiscal_year)
    next_year = another_agreement(world, world.dept, later)
    another_agreement(world, world.other_dept, agreement.fiscal_year)
    sign_off(agreement, world, signer)
    alice = api_as(world.executive, world.ministry, subtree=True)

    def ids(params=None):
        return [a["id"] for a in ok(alice.get(AGREEMENTS, params))["items"]]

    assert ids() == [next_year.pk, agreement.pk, bureau.pk, dept2.pk]
    assert ids({"organization": world.dept.pk}) == [next_year.pk, agreement.pk]
    assert ids({"year": 2569}) == [agreement.pk, bureau.pk, dept2.pk]
    assert ids({"year": 2569, "status": "draft"}) == [bureau.pk, dept2.pk]
    assert ids({"status": "signed"}) == [agreement.pk]
    assert ids({"status": "published"}) == []
    # Another ministry's organization is not one of alice's: filtering by it finds nothing.
    assert ids({"organization": world.other_dept.pk}) == []
    assert ids({"year": 2571}) == []


def test_the_list_stops_at_the_tokens_scope(world, agreement, api_as):
    another_agreement(world, world.other_dept, agreement.fiscal_year)
    dave = api_as(world.outsider, world.other_dept)
    assert [a["organization"]["code"] for a in ok(dave.get(AGREEMENTS))["items"]] == ["M2-D1"]
    # bob's token for the bureau alone: the department's agreement is out of its reach.
    narrow = api_as(world.coordinator, world.bureau)
    assert ok(narrow.get(AGREEMENTS))["items"] == []
    assert ok(narrow.get(AGREEMENTS, {"organization": world.dept.pk}))["items"] == []


def test_bad_filters_are_422_with_the_field(world, agreement, bob):
    for params, field, code in (
        ({"year": "abc"}, "year", "int_parsing"),
        ({"status": "unknown"}, "status", "enum"),
        ({"organization": "M1-D1"}, "organization", "int_parsing"),
    ):
        response = bob.get(AGREEMENTS, params)
        assert response.status_code == 422, params
        [problem] = response.json()["detail"]
        assert problem["loc"][-1] == field
        assert problem["code"] == code
    assert bob.get(AGREEMENTS, {"page": "0"}).status_code == 422


# --- one agreement and its indicators ---------------------------------------------------------------


def test_the_agreement_with_its_indicators_by_group(world, agreement, bob):
    world.executive.phone = "081-234-5678"
    world.executive.save()
    agreement.indicators.filter(number="1").update(baseline={"2567": "78.5", "2566": "70"})
    response = bob.get(f"{AGREEMENTS}/{agreement.pk}")
    body = ok(response)
    assert body["id"] == agreement.pk
    assert body["organization"]["code"] == "M1-D1"
    assert (body["year"], body["status"], body["version"]) == (2569, "draft", 1)
    assert body["promisor_name"] == ""
    # By framework group: dimension 1, 2, then 4.
    assert [i["number"] for i in body["indicators"]] == ["1", "3", "16"]
    numeric, pass_fail, milestone = body["indicators"]
    assert numeric["kind"] == "numeric"
    assert numeric["direction"] == "higher"
    assert numeric["weight"] == "50.0000"
    assert numeric["unit"] == "ร้อยละ"
    assert numeric["targets"] == ["80.0000", "85.0000", "90.0000", "95.0000", "100.0000"]
    assert numeric["group"] == {"id": group("1").pk, "key": "1"}
    assert numeric["issues"] == ["cost-reduction", "staffing"]
    assert numeric["baseline"] == {"2566": "70", "2567": "78.5"}
    assert numeric["steps"] == numeric["levels"] == []
    assert numeric["supervisors"] == ["อลิส"]
    assert numeric["collectors"] == ["ชาลี"]
    assert numeric["parent_id"] is None and numeric["parts"] == []
    assert numeric["retired_from"] is None
    assert numeric["agreement_id"] == agreement.pk
    assert pass_fail["kind"] == "pass_fail"
    assert pass_fail["targets"] == [None] * 5
    assert milestone["kind"] == "milestone"
    assert [s["number"] for s in milestone["steps"]] == [1, 2, 3, 4, 5]
    assert milestone["steps"][0] == {
        "number": 1,
        "description": FIVE_STEPS[0].description,
        "evidence": FIVE_STEPS[0].evidence,
    }
    assert milestone["levels"][0] == {"level": 1, "steps": [1]}
    assert milestone["levels"][4] == {"level": 5, "steps": [1, 2, 3, 4, 5]}
    # Names only: no phone number of the people named on an indicator.
    assert "081-234-5678" not in response.content.decode()


def test_a_mixed_indicator_has_its_steps_then_its_targets(world, agreement, mixed, bob):
    body = ok(bob.get(f"{AGREEMENTS}/{agreement.pk}"))
    five = by_number(body["indicators"])["5"]
    assert five["kind"] == "mixed"
    assert five["direction"] == "lower"
    assert five["mixed_steps"] == 2
    assert five["targets"] == [None, None, "30.0000", "20.0000", "10.0000"]
    assert five["levels"] == [{"level": 1, "steps": [1]}, {"level": 2, "steps": [1, 2]}]


def test_a_composite_carries_its_parts(world, agreement, bob):
    whole = composite_of_two(world, agreement, part_weight=Decimal(50))
    body = ok(bob.get(f"{AGREEMENTS}/{agreement.pk}"))
    indicators = by_number(body["indicators"])
    assert "4.1" not in indicators  # only under its composite
    four = indicators["4"]
    assert four["kind"] == "composite"
    assert [p["number"] for p in four["parts"]] == ["4.1", "4.2"]
    assert {p["parent_id"] for p in four["parts"]} == {whole.pk}
    assert four["parts"][0]["weight"] == "50.0000"
    assert four["parts"][0]["group"]["key"] == four["group"]["key"] == "2"
    assert "parts" not in four["parts"][0]
    assert four["collectors"] == ["ชาลี"]


def test_a_signed_agreement_names_its_parties(world, signed, bob):
    body = ok(bob.get(f"{AGREEMENTS}/{signed.pk}"))
    assert body["status"] == "signed"
    assert body["signed_on"] == "2025-10-20"
    assert body["promisor_name"] == "นายประเสริฐ วงศ์ไทย"
    assert body["promisee_position"] == "ปลัดกระทรวงหนึ่ง"


def test_an_indicator_retired_by_an_amendment_leaves_the_agreement_but_is_still_found(
    world, signed, bob
):
    whole = composite_of_two(world, signed)
    services.amendment_open(agreement=signed, user=world.coordinator, reason="ยุบตัวชี้วัด")
    three = signed.indicators.get(number="3")
    for indicator in (three, whole):
        services.indicator_delete(indicator=indicator, user=world.coordinator)
    three.refresh_from_db()
    assert three.retired_from_id == signed.fiscal_year.rounds.get(months=6).pk
    body = ok(bob.get(f"{AGREEMENTS}/{signed.pk}"))
    assert [i["number"] for i in body["indicators"]] == ["1", "16"]
    retired = ok(bob.get(f"{INDICATORS}/{three.pk}"))
    assert retired["number"] == "3"
    assert retired["retired_from"] == three.retired_from_id
    # A composite retired with its parts still shows them.
    retired = ok(bob.get(f"{INDICATORS}/{whole.pk}"))
    assert retired["retired_from"] == three.retired_from_id
    assert [p["number"] for p in retired["parts"]] == ["4.1", "4.2"]
    assert {p["retired_from"] for p in retired["parts"]} == {three.retired_from_id}


def test_one_indicator_has_the_shape_it_has_in_its_agreement(world, agreement, mixed, bob):
    whole = composite_of_two(world, agreement)
    body = ok(bob.get(f"{AGREEMENTS}/{agreement.pk}"))
    for listed in body["indicators"]:
        assert ok(bob.get(f"{INDICATORS}/{listed['id']}")) == listed
    part = whole.parts.get(number="4.1")
    alone = ok(bob.get(f"{INDICATORS}/{part.pk}"))
    assert alone["parent_id"] == whole.pk
    assert alone["parts"] == []
    assert {k: v for k, v in alone.items() if k not in ("agreement_id", "parts")} == (
        by_number(body["indicators"])["4"]["parts"][0]
    )


def test_another_organizations_agreement_and_indicators_are_404(world, agreement, api_as):
    indicator = agreement.indicators.get(number="1")
    dave = api_as(world.outsider, world.other_dept, subtree=True)
    # bob's token for the bureau alone, without what is below it or above it.
    narrow = api_as(world.coordinator, world.bureau)
    for api in (dave, narrow):
        assert api.get(f"{AGREEMENTS}/{agreement.pk}").status_code == 404
        response = api.get(f"{INDICATORS}/{indicator.pk}")
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}
    bob = api_as(world.coordinator, world.dept)
    assert bob.get(f"{AGREEMENTS}/{agreement.pk + 1000}").status_code == 404
    # An id past what the database holds is bad input, said before any query.
    assert bob.get(f"{INDICATORS}/99999999999999999999").status_code == 422


def test_a_signed_in_browser_reads_them_too(world, agreement, client):
    client.force_login(world.collector)
    assert ok(client.get(AGREEMENTS))["count"] == 1
    assert len(ok(client.get(f"{AGREEMENTS}/{agreement.pk}"))["indicators"]) == 3
    client.force_login(world.nobody)
    assert ok(client.get(AGREEMENTS))["count"] == 0
    assert client.get(f"{AGREEMENTS}/{agreement.pk}").status_code == 404


def test_bad_ids_are_422_with_the_field(world, agreement, bob):
    for url, field in (
        (f"{AGREEMENTS}/abc", "agreement_id"),
        (f"{INDICATORS}/1.5", "indicator_id"),
    ):
        response = bob.get(url)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == field


def test_not_signed_in_is_401(world, agreement, anonymous_api):
    indicator = agreement.indicators.first()
    for url in (
        FRAMEWORKS,
        f"{FRAMEWORKS}/{agreement.framework_id}",
        AGREEMENTS,
        f"{AGREEMENTS}/{agreement.pk}",
        f"{INDICATORS}/{indicator.pk}",
    ):
        assert anonymous_api.get(url).status_code == 401, url


# --- query counts ----------------------------------------------------------------------------------


def _queries(api, url) -> int:
    ok(api.get(url))  # the token's first use of the minute records it: not counted
    with CaptureQueriesContext(connection) as queries:
        ok(api.get(url))
    return len(queries)


def test_the_list_does_not_grow_with_its_agreements(world, agreement, api_as):
    alice = api_as(world.executive, world.ministry, subtree=True)
    one = _queries(alice, AGREEMENTS)
    for organization in (world.dept2, world.bureau):
        another_agreement(world, organization, agreement.fiscal_year)
    assert ok(alice.get(AGREEMENTS))["count"] == 3
    assert _queries(alice, AGREEMENTS) == one


def test_the_agreement_and_an_indicator_do_not_grow_with_their_indicators(world, agreement, bob):
    # A composite from the start: the selector prefetches the parts' steps and people only
    # when some indicator has parts, a fixed number of queries either way.
    whole = composite_of_two(world, agreement)
    url = f"{AGREEMENTS}/{agreement.pk}"
    few = (_queries(bob, url), _queries(bob, f"{INDICATORS}/{whole.pk}"))
    for n in range(1, 5):
        pass_fail_indicator(agreement, world, n)
    Indicator.objects.create(
        agreement=agreement,
        group=whole.group,
        parent=whole,
        number="4.3",
        name="ส่วนที่ 3",
        weight=Decimal(10),
        kind="pass_fail",
        order=13,
    )
    assert len(ok(bob.get(url))["indicators"]) == 8
    assert len(ok(bob.get(f"{INDICATORS}/{whole.pk}"))["parts"]) == 3
    assert (_queries(bob, url), _queries(bob, f"{INDICATORS}/{whole.pk}")) == few
