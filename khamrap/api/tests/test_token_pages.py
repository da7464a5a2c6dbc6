"""The tokens pages (/api/tokens/): list, make (shown once), revoke; who may do which."""

import datetime as dt
import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from khamrap.accounts.models import ApiToken
from khamrap.accounts.tokens import token_authenticate, token_create, token_revoke
from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant

pytestmark = pytest.mark.django_db

LIST = "/api/tokens/"
NEW = "/api/tokens/new/"
SECRET = re.compile(r"khr_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def revoke_url(token):
    return f"/api/tokens/{token.pk}/revoke/"


def be(day: dt.date) -> str:
    """A date as a Thai user types it: 31/03/2570."""
    return f"{day.day:02}/{day.month:02}/{day.year + 543}"


@pytest.fixture
def admin(world):
    """An administrator of the department (bob's and charlie's), also an executive of M2-D1."""
    user = world.person("adam", Role.ADMINISTRATOR, world.dept, first_name="อดัม")
    membership_grant(user=user, organization=world.other_dept, role=Role.EXECUTIVE)
    return user


def make(user, organization, *, by=None, name="MIS", **scope):
    return token_create(
        by=by or user, user=user, organization=organization, name=name, **scope
    ).token


def test_it_asks_to_sign_in(client):
    assert client.get(LIST).status_code == 302
    assert client.get(NEW).status_code == 302


def test_it_lists_ones_own_tokens_and_not_another_organizations(client, world):
    mine = make(world.coordinator, world.dept, name="ระบบ MIS ของกรม", include_subtree=True)
    theirs = make(world.outsider, world.other_dept, name="dave's system")
    client.force_login(world.coordinator)
    response = client.get(LIST)
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert rows == [mine]
    assert rows[0].is_active
    page = response.content.decode()
    assert f"khr_{mine.prefix}_" in page
    assert theirs.prefix not in page
    assert f'action="{revoke_url(mine)}"' in page
    # The layout's user menu links here.
    assert f'href="{LIST}"' in page


def test_it_makes_a_token_for_oneself_and_shows_it_only_once(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        NEW,
        {"name": "MIS", "organization": world.dept.pk, "include_subtree": "on", "can_write": "on"},
        follow=True,
    )
    assert response.status_code == 200
    [(created_url, status)] = response.redirect_chain
    assert status == 302
    assert "no-store" in response["Cache-Control"]
    [secret] = set(SECRET.findall(response.content.decode()))
    # The curl example carries it.
    assert f"Bearer {secret}" in response.content.decode()

    token = ApiToken.objects.get()
    assert (token.user, token.created_by, token.organization) == (
        world.coordinator,
        world.coordinator,
        world.dept,
    )
    assert token.include_subtree and token.can_write and token.expires_at is None
    # Only a digest is kept, never the token itself.
    assert token.digest != secret
    assert secret not in token.digest
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    found = token_authenticate(secret)
    assert found == token
    assert found.user.api_scope.subtree and found.user.api_scope.write

    # A reload of the page that showed it shows it no more (nor makes a second token).
    again = client.get(created_url, follow=True)
    assert again.redirect_chain[-1][0] == LIST
    assert not SECRET.search(again.content.decode())
    assert ApiToken.objects.count() == 1
    assert "api_token_shown_once" not in client.session

    listing = client.get(LIST).content.decode()
    assert token.prefix in listing
    assert secret not in listing
    assert not SECRET.search(listing)


def test_it_takes_a_buddhist_era_expiry_date(client, world):
    client.force_login(world.coordinator)
    day = timezone.localdate() + dt.timedelta(days=400)
    response = client.post(
        NEW, {"name": "MIS", "organization": world.dept.pk, "expires_at": be(day)}
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    # It works all through the day given, and stops when it ends (Bangkok time).
    expires = timezone.localtime(token.expires_at)
    assert expires.date() == day
    assert (expires.hour, expires.minute) == (23, 59)
    assert str(timezone.get_current_timezone()) == "Asia/Bangkok"
    assert not token.include_subtree and not token.can_write


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "", "organization": "dept"}, "name"),
        ({"name": "   ", "organization": "dept"}, "name"),
        ({"name": "MIS", "organization": "other_dept"}, "organization"),
        ({"name": "MIS", "organization": "nonsense"}, "organization"),
        ({"name": "MIS", "organization": "dept", "expires_at": "31/02/2570"}, "expires_at"),
        ({"name": "MIS", "organization": "dept", "expires_at": "yesterday"}, "expires_at"),
        ({"name": "MIS", "organization": "dept", "expires_at": "past"}, "expires_at"),
        ({"name": "x" * 101, "organization": "dept"}, "name"),
    ],
)
def test_bad_input_keeps_the_form_with_the_error_and_makes_nothing(client, world, data, field):
    client.force_login(world.coordinator)
    organization = getattr(world, data["organization"], None)
    data = {**data, "organization": organization.pk if organization else data["organization"]}
    if data.get("expires_at") == "past":
        data["expires_at"] = be(timezone.localdate() - dt.timedelta(days=1))
    response = client.post(NEW, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form["name"].value() == data["name"]  # what was typed stays
    assert "no-store" not in response.get("Cache-Control", "")
    assert not ApiToken.objects.exists()


def test_a_person_with_no_role_is_offered_no_organization(client, world):
    client.force_login(world.nobody)
    response = client.get(NEW)
    assert response.status_code == 200
    assert 'id="no-organization"' in response.content.decode()
    response = client.post(NEW, {"name": "MIS", "organization": world.dept.pk})
    assert list(response.context["form"].errors) == ["organization"]
    assert not ApiToken.objects.exists()


def test_only_an_administrator_chooses_a_holder(client, world, admin):
    client.force_login(world.coordinator)
    assert "holder" not in client.get(NEW).context["form"].fields
    client.force_login(admin)
    holders = set(client.get(NEW).context["form"].fields["holder"].queryset)
    # Themselves and the people of the organization they administer; not another ministry's.
    assert {admin, world.coordinator, world.collector} <= holders
    assert world.outsider not in holders
    assert world.nobody not in holders


def test_an_administrator_makes_a_token_for_a_member_and_revokes_it(client, world, admin):
    client.force_login(admin)
    response = client.post(
        NEW,
        {"name": "charlie's sheet", "holder": world.collector.pk, "organization": world.dept.pk},
        follow=True,
    )
    assert response.status_code == 200
    [secret] = set(SECRET.findall(response.content.decode()))
    token = ApiToken.objects.get()
    assert (token.user, token.created_by) == (world.collector, admin)
    assert token_authenticate(secret).user == world.collector

    # The holder sees it on their own list too, and the administrator revokes it.
    client.force_login(world.collector)
    assert list(client.get(LIST).context["page"]) == [token]
    client.force_login(admin)
    response = client.post(revoke_url(token))
    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == admin
    assert token_authenticate(secret) is None
    row = client.get(LIST).context["page"][0]
    assert not row.is_active
    assert f'action="{revoke_url(token)}"' not in client.get(LIST).content.decode()


def test_an_administrator_cannot_make_one_for_another_in_an_organization_they_do_not_administer(
    client, world, admin
):
    # adam sees M2-D1 (as its executive) but does not administer it.
    client.force_login(admin)
    response = client.post(
        NEW, {"name": "MIS", "holder": world.collector.pk, "organization": world.other_dept.pk}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organization"]
    assert not ApiToken.objects.exists()


def test_an_administrator_cannot_choose_a_holder_from_elsewhere(client, world, admin):
    client.force_login(admin)
    response = client.post(
        NEW, {"name": "MIS", "holder": world.outsider.pk, "organization": world.dept.pk}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["holder"]
    assert not ApiToken.objects.exists()


def test_someone_who_administers_nothing_cannot_make_one_for_someone_else(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        NEW, {"name": "MIS", "holder": world.collector.pk, "organization": world.dept.pk}
    )
    assert response.status_code == 404
    assert not ApiToken.objects.exists()
    # Naming oneself is the same as naming no one.
    response = client.post(
        NEW, {"name": "MIS", "holder": world.coordinator.pk, "organization": world.dept.pk}
    )
    assert response.status_code == 302
    assert ApiToken.objects.get().user == world.coordinator


def test_revoking_a_token_one_does_not_see_is_404(client, world, admin):
    theirs = make(world.outsider, world.other_dept)
    # charlie's own token, which bob (a coordinator, not an administrator) does not see either.
    colleagues = make(world.collector, world.dept)
    client.force_login(world.coordinator)
    assert client.post(revoke_url(theirs)).status_code == 404
    assert client.post(revoke_url(colleagues)).status_code == 404
    assert client.post("/api/tokens/999999/revoke/").status_code == 404
    # adam administers M1-D1, not M2-D1 (where he is only an executive).
    client.force_login(admin)
    assert client.post(revoke_url(theirs)).status_code == 404
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_the_holder_revokes_their_own_and_a_second_revoke_is_refused_politely(client, world):
    token = make(world.coordinator, world.dept)
    client.force_login(world.coordinator)
    assert client.post(revoke_url(token)).status_code == 302
    first = ApiToken.objects.get().revoked_at
    assert first is not None
    response = client.post(revoke_url(token), follow=True)
    assert response.status_code == 200
    # The first revoke's message was not read yet (no redirect followed); the second's is last.
    *_, message = list(response.context["messages"])
    assert message.level_tag == "error"
    assert ApiToken.objects.get().revoked_at == first


def test_a_get_changes_nothing(client, world):
    token = make(world.coordinator, world.dept)
    client.force_login(world.coordinator)
    assert client.get(revoke_url(token)).status_code == 405
    assert client.get(NEW, {"name": "MIS", "organization": world.dept.pk}).status_code == 200
    assert client.get(LIST).status_code == 200
    assert ApiToken.objects.get() == token
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_listed_as_expired_without_a_revoke_button(client, world):
    token = make(world.coordinator, world.dept)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(world.coordinator)
    response = client.get(LIST)
    [row] = response.context["page"]
    assert row.is_expired and not row.is_active
    assert f'action="{revoke_url(token)}"' not in response.content.decode()


def test_the_list_reads_the_same_number_of_queries_at_two_sizes(client, world, admin):
    def count():
        client.force_login(admin)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    make(admin, world.dept)
    small = count()
    for person in (world.coordinator, world.collector):
        made = make(person, world.dept, by=admin, include_subtree=True)
        token_revoke(token=made, by=admin)
    used = make(world.coordinator, world.bureau)
    ApiToken.objects.filter(pk=used.pk).update(last_used_at=timezone.now())
    assert count() == small
