"""One queryset method decides which organizations a person may see; these are its rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from khamrap.organizations.choices import Action, Role
from khamrap.organizations.models import Organization
from khamrap.organizations.services import membership_grant


def codes(user, action=Action.VIEW):
    return set(Organization.objects.for_user(user, action).values_list("code", flat=True))


def test_it_shows_an_executive_their_ministry_and_everything_below_it(world):
    assert codes(world.executive) == {"M1", "M1-D1", "M1-D1-B1", "M1-D2"}


def test_it_shows_a_coordinator_their_department_and_its_bureaus_only(world):
    assert codes(world.coordinator) == {"M1-D1", "M1-D1-B1"}


def test_it_shows_a_collector_only_their_own_organization(world):
    assert codes(world.collector) == {"M1-D1"}


def test_it_shows_nothing_to_a_person_without_a_role(world):
    assert codes(world.nobody) == set()


def test_it_shows_nothing_to_an_anonymous_visitor(world):
    assert codes(AnonymousUser()) == set()


def test_it_shows_nothing_to_a_disabled_account(world):
    world.executive.is_active = False
    assert codes(world.executive) == set()


def test_it_shows_a_superuser_everything(world):
    assert codes(world.superuser) == set(Organization.objects.values_list("code", flat=True))


def test_it_joins_the_reach_of_several_memberships(world):
    membership_grant(user=world.collector, organization=world.other_ministry, role=Role.EVALUATOR)
    assert codes(world.collector) == {"M1-D1", "M2", "M2-D1"}


def test_it_gives_each_action_only_to_its_roles(world):
    assert codes(world.coordinator, Action.COORDINATE) == {"M1-D1", "M1-D1-B1"}
    assert codes(world.executive, Action.COORDINATE) == set()
    assert codes(world.coordinator, Action.MANAGE) == set()
    assert codes(world.coordinator, Action.EVALUATE) == set()
    membership_grant(user=world.nobody, organization=world.dept, role=Role.ADMINISTRATOR)
    assert codes(world.nobody, Action.MANAGE) == {"M1-D1", "M1-D1-B1"}


def test_it_does_not_mistake_a_sibling_with_a_longer_path_for_a_child(
    world, django_assert_num_queries
):
    # Paths are fixed-width steps, so M1-D1's path is never a prefix of M1-D2's.
    assert "M1-D2" not in codes(world.coordinator)


@pytest.mark.parametrize("extra_departments", [0, 12])
def test_it_decides_visibility_in_one_query_whatever_the_size_of_the_tree(
    world, extra_departments, django_assert_num_queries
):
    from khamrap.organizations.services import organization_create

    for i in range(extra_departments):
        organization_create(
            code=f"X{i}", name_th=f"กรม {i}", kind="department", parent=world.ministry
        )
    with django_assert_num_queries(1):
        list(Organization.objects.for_user(world.executive))
