"""GET /api/v1/organizations and /api/v1/me: the tree a token may see, and no more."""

import pytest

from khamrap.organizations.choices import OrganizationKind
from khamrap.organizations.services import organization_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations"


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_a_subtree_token_sees_its_organization_and_below_in_tree_order(world, api_as):
    api = api_as(world.executive, world.ministry, subtree=True)
    assert codes(api.get(URL)) == ["M1", "M1-D1", "M1-D1-B1", "M1-D2"]
    items = {i["code"]: i for i in api.get(URL).json()["items"]}
    assert items["M1-D1-B1"]["parent_id"] == world.dept.pk
    assert items["M1"]["parent_id"] is None


def test_a_token_without_the_subtree_sees_one_organization(world, api_as):
    api = api_as(world.executive, world.ministry)
    assert codes(api.get(URL)) == ["M1"]
    assert api.get(f"{URL}/{world.dept.pk}").status_code == 404


def test_a_token_never_reaches_more_than_its_user(world, api_as):
    # bob coordinates the department: a token scoped to it with the subtree still stops there.
    api = api_as(world.coordinator, world.dept, subtree=True)
    assert codes(api.get(URL)) == ["M1-D1", "M1-D1-B1"]
    assert api.get(f"{URL}/{world.ministry.pk}").status_code == 404
    assert api.get(f"{URL}/{world.other_dept.pk}").status_code == 404


def test_filters_by_parent_kind_and_name(world, api_as):
    api = api_as(world.executive, world.ministry, subtree=True)
    assert codes(api.get(URL, {"parent": world.ministry.pk})) == ["M1-D1", "M1-D2"]
    assert codes(api.get(URL, {"kind": "bureau"})) == ["M1-D1-B1"]
    assert codes(api.get(URL, {"q": "กรมสอง"})) == ["M1-D2"]
    assert codes(api.get(URL, {"parent": world.other_ministry.pk})) == []


def test_bad_filters_are_422_with_the_field(world, api_as):
    api = api_as(world.executive, world.ministry)
    response = api.get(URL, {"kind": "planet"})
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"][-1] == "kind"
    assert problem["code"] == "enum"
    assert api.get(URL, {"page": "zero"}).status_code == 422


def test_no_token_or_a_revoked_one_is_401(world, anonymous_api, api_as):
    assert anonymous_api.get(URL).status_code == 401
    from khamrap.accounts.models import ApiToken
    from khamrap.accounts.tokens import token_revoke

    api = api_as(world.executive, world.ministry)
    token = ApiToken.objects.get()
    token_revoke(token=token, by=world.executive)
    assert api.get(URL).status_code == 401


def test_me_shows_the_scope(world, api_as):
    api = api_as(world.coordinator, world.dept, write=True)
    body = api.get("/api/v1/me").json()
    assert body["username"] == "bob"
    assert body["token"]["organization"]["code"] == "M1-D1"
    assert body["token"]["can_write"] is True
    assert [m["role"] for m in body["memberships"]] == ["coordinator"]


def test_pages_hold_50_by_default_and_up_to_200(world, api_as):
    for n in range(230):
        organization_create(
            code=f"M1-X{n:03}", name_th=f"กอง {n}", kind=OrganizationKind.BUREAU, parent=world.dept2
        )
    api = api_as(world.executive, world.ministry, subtree=True)
    assert len(api.get(URL).json()["items"]) == 50
    page = api.get(URL, {"page_size": 200}).json()
    assert (len(page["items"]), page["count"]) == (200, 234)
    assert len(api.get(URL, {"page_size": 200, "page": 2}).json()["items"]) == 34
    assert api.get(URL, {"page_size": 201}).status_code == 422
