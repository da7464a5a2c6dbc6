"""API tokens: made for a scope, stored as a digest, narrowing (never widening) what their user may do."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from khamrap.accounts.models import ApiToken
from khamrap.accounts.tokens import (
    LAST_USED_EVERY,
    token_authenticate,
    token_create,
    token_of,
    token_revoke,
)
from khamrap.organizations.choices import Action, Role
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import can

pytestmark = pytest.mark.django_db


def codes(user, action=Action.VIEW):
    return list(Organization.objects.for_user(user, action).values_list("code", flat=True))


def acting(user, organization, **scope):
    issued = token_create(by=user, user=user, organization=organization, name="t", **scope)
    return token_authenticate(issued.secret).user


def test_only_a_digest_is_kept_and_the_token_opens_once_shown(world):
    issued = token_create(
        by=world.coordinator, user=world.coordinator, organization=world.dept, name="MIS"
    )
    row = ApiToken.objects.get()
    assert issued.secret.startswith(f"khr_{row.prefix}_")
    assert issued.secret not in (row.digest, row.prefix)
    assert row.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert token_authenticate(issued.secret).pk == row.pk
    assert (
        token_authenticate(issued.secret[:-1] + ("A" if issued.secret[-1] != "A" else "B")) is None
    )
    assert token_authenticate(f"khr_{row.prefix}_guess") is None
    assert token_authenticate("") is None
    assert token_authenticate("Bearer nonsense") is None


def test_a_subtree_scope_narrows_to_the_organization_and_below(world):
    alice = acting(world.executive, world.dept, include_subtree=True)
    assert codes(alice) == ["M1-D1", "M1-D1-B1"]
    assert codes(acting(world.executive, world.dept)) == ["M1-D1"]
    # Without the token, alice still sees her whole ministry.
    assert codes(world.executive) == ["M1", "M1-D1", "M1-D1-B1", "M1-D2"]


def test_a_scope_never_widens_what_the_user_reaches(world):
    # bob coordinates M1-D1; a token scoped to the ministry with its subtree cannot be made
    # (he has no role there) ...
    with pytest.raises(ValidationError) as refused:
        token_create(
            by=world.coordinator, user=world.coordinator, organization=world.ministry, name="t"
        )
    assert refused.value.error_dict["organization"][0].code == "unreachable"
    # ... and a superuser's token reaches only its scope.
    root = acting(world.superuser, world.other_ministry, include_subtree=True)
    assert codes(root) == ["M2", "M2-D1"]


def test_a_read_token_may_not_act(world):
    reader = acting(world.coordinator, world.dept, include_subtree=True)
    writer = acting(world.coordinator, world.dept, include_subtree=True, can_write=True)
    assert codes(reader, Action.COORDINATE) == []
    assert not can(reader, world.dept, Action.COORDINATE)
    assert can(reader, world.dept, Action.VIEW)
    assert codes(writer, Action.COORDINATE) == ["M1-D1", "M1-D1-B1"]


def test_revoked_expired_and_disabled_tokens_do_not_open(world):
    first = token_create(
        by=world.coordinator, user=world.coordinator, organization=world.dept, name="a"
    )
    token_revoke(token=first.token, by=world.coordinator)
    assert token_authenticate(first.secret) is None
    with pytest.raises(ValidationError) as again:
        token_revoke(token=first.token, by=world.coordinator)
    assert again.value.code == "revoked"

    soon = token_create(
        by=world.coordinator,
        user=world.coordinator,
        organization=world.dept,
        name="b",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert token_authenticate(soon.secret) is not None
    ApiToken.objects.filter(pk=soon.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert token_authenticate(soon.secret) is None

    live = token_create(by=world.collector, user=world.collector, organization=world.dept, name="c")
    world.collector.is_active = False
    world.collector.save()
    assert token_authenticate(live.secret) is None


def test_an_expiry_in_the_past_and_an_empty_name_are_refused(world):
    with pytest.raises(ValidationError) as past:
        token_create(
            by=world.coordinator,
            user=world.coordinator,
            organization=world.dept,
            name="x",
            expires_at=timezone.now() - timedelta(days=1),
        )
    assert "expires_at" in past.value.error_dict
    with pytest.raises(ValidationError) as empty:
        token_create(
            by=world.coordinator, user=world.coordinator, organization=world.dept, name="  "
        )
    assert "name" in empty.value.error_dict
    assert ApiToken.objects.count() == 0


def test_an_administrator_makes_and_revokes_tokens_for_the_people_of_their_organization(world):
    admin = world.person("olga", Role.ADMINISTRATOR, world.dept)
    service = world.person("mis-robot", Role.COORDINATOR, world.bureau)
    issued = token_create(
        by=admin, user=service, organization=world.bureau, name="robot", can_write=True
    )
    assert issued.token.created_by == admin
    token_revoke(token=issued.token, by=admin)
    # Someone else's token is not bob's to make or revoke.
    with pytest.raises(PermissionDenied):
        token_create(by=world.coordinator, user=world.collector, organization=world.dept, name="x")
    mine = token_create(by=world.collector, user=world.collector, organization=world.dept, name="y")
    with pytest.raises(PermissionDenied):
        token_revoke(token=mine.token, by=world.outsider)


def test_last_use_is_recorded_at_most_once_a_minute(world):
    issued = token_create(
        by=world.coordinator, user=world.coordinator, organization=world.dept, name="t"
    )
    first = token_authenticate(issued.secret).last_used_at
    assert first is not None
    assert token_authenticate(issued.secret).last_used_at == first
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=first - LAST_USED_EVERY)
    assert token_authenticate(issued.secret).last_used_at > first
    assert token_of(token_authenticate(issued.secret).user).pk == issued.token.pk
    assert token_of(world.coordinator) is None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    who=st.sampled_from(["executive", "coordinator", "collector", "outsider", "superuser"]),
    where=st.sampled_from(["ministry", "dept", "bureau", "dept2", "other_ministry", "other_dept"]),
    subtree=st.booleans(),
    write=st.booleans(),
    action=st.sampled_from(list(Action.values)),
)
def test_a_token_reaches_the_intersection_of_its_user_and_its_scope(
    world, who, where, subtree, write, action
):
    """Property: for every scope and action, what a token reaches is exactly what its user reaches,
    cut to the scope's organizations, and nothing at all for a change through a read token."""
    user = getattr(world, who)
    organization = getattr(world, where)
    assume(organization.code in codes(user))  # a token for an organization out of reach is refused
    token = token_create(
        by=user,
        user=user,
        organization=organization,
        name="p",
        include_subtree=subtree,
        can_write=write,
    )
    scoped = token_authenticate(token.secret).user
    reached = set(codes(scoped, action))
    full = set(codes(user, action))
    if subtree:
        scope = {o.code for o in Organization.objects.filter(path__startswith=organization.path)}
    else:
        scope = {organization.code}
    expected = set() if (action != Action.VIEW and not write) else full & scope
    assert reached == expected
    token_revoke(token=token.token, by=user)


def test_the_admin_lists_tokens_and_revokes_them_but_never_makes_or_deletes_one(
    world, admin_client
):
    issued = token_create(
        by=world.coordinator, user=world.coordinator, organization=world.dept, name="MIS"
    )
    listing = admin_client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200
    assert issued.token.prefix in listing.content.decode()
    assert issued.secret not in listing.content.decode()
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403
    response = admin_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )
    assert response.status_code == 302
    assert token_authenticate(issued.secret) is None
    assert ApiToken.objects.get().revoked_by is not None
