"""The home page tells each person the PMQA work waiting for them."""

import pytest
from django.urls import reverse

from khamrap.pmqa import services
from khamrap.pmqa.choices import YearMove
from khamrap.pmqa.selectors import owed_pmqa

from .conftest import plan

pytestmark = pytest.mark.django_db


def tasks(user, **kwargs):
    return [(o.year.pk, o.task) for o in owed_pmqa(user, **kwargs)]


def test_each_person_sees_the_next_step_that_is_theirs(year, world, head, client):
    assert len(tasks(world.coordinator, may_approve=False)) == 1
    assert tasks(head, may_approve=True) == []
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    assert tasks(world.coordinator, may_approve=False) == []  # waiting for the head
    assert len(tasks(head, may_approve=True)) == 1
    assert tasks(world.outsider, may_approve=True) == []
    client.force_login(head)
    page = client.get(reverse("web:home")).content.decode()
    assert reverse("pmqa:year_detail", args=[year.pk]) in page

    services.year_move(year=year, move=YearMove.APPROVE, user=head)
    year.category_plans.filter(category__number=2).update(responsible_user=world.collector)
    # The person responsible for a category is told to assess it, though not a coordinator.
    assert [pk for pk, _task in tasks(world.collector, may_approve=False)] == [year.pk]
    assert tasks(head, may_approve=True) == []


def test_a_plan_sent_back_says_so(year, world, head):
    plan(year, world.coordinator)
    services.year_move(year=year, move=YearMove.SUBMIT, user=world.coordinator)
    services.year_move(year=year, move=YearMove.RETURN, user=head, comment="เพิ่มหมวด 4")
    with_comment = tasks(world.coordinator, may_approve=False)[0][1]
    year.return_comment = ""
    year.save()
    assert with_comment != tasks(world.coordinator, may_approve=False)[0][1]
