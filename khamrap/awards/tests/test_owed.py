"""The award work the home page lists: score sheets to finish, drafts to send before the close,
applications waiting for the award office; each a fixed number of queries."""

import datetime as dt

import pytest

from khamrap.awards import services
from khamrap.awards.choices import Family, Move, Stage
from khamrap.awards.models import CallDate
from khamrap.awards.selectors import owed_awards

from .builders import fill, moved, scheme, score_all, sent

pytestmark = pytest.mark.django_db


def application(calls, world, number=1):
    return services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, number),
        title=f"ผลงาน {number}",
        user=world.coordinator,
    )


def tasks(user, **flags):
    return [(item.task, item.application.title) for item in owed_awards(user, **flags)]


def test_a_draft_is_owed_while_applications_are_open(calls, world):
    draft = application(calls, world)
    received = calls[Family.PUBLIC_SERVICE].dates.get(stage=Stage.RECEIVED)
    assert tasks(world.coordinator, coordinate=True, office=False) == []  # closed: 13 Feb 2569
    CallDate.objects.filter(pk=received.pk).update(ends_on=dt.date.today() + dt.timedelta(days=3))
    owed = owed_awards(world.coordinator, coordinate=True, office=False)
    assert [(o.task, o.application, o.due) for o in owed] == [
        ("draft", draft, dt.date.today() + dt.timedelta(days=3))
    ]
    assert tasks(world.outsider, coordinate=True, office=False) == []


def test_an_assessor_owes_their_unfinished_sheets_and_the_office_its_checks(
    calls, world, office, pool
):
    one = sent(fill(application(calls, world, 1), world.coordinator), world.coordinator)
    two = sent(fill(application(calls, world, 2), world.coordinator), world.coordinator)
    assert tasks(office, coordinate=False, office=True) == [
        ("check", "ผลงาน 1"),
        ("check", "ผลงาน 2"),
    ]
    one = moved(one, office, Move.CHECK, Move.SCREEN)
    two = moved(two, office, Move.CHECK, Move.SCREEN)
    first = services.assessor_assign(application=one, assessor=pool[0], user=office)
    services.assessor_assign(application=two, assessor=pool[0], user=office)
    services.assessor_assign(application=two, assessor=pool[1], user=office)
    assert tasks(pool[0], coordinate=False, office=False) == [
        ("sheet", "ผลงาน 1"),
        ("sheet", "ผลงาน 2"),
    ]
    score_all(first, pool[0])
    assert tasks(pool[0], coordinate=False, office=False) == [("sheet", "ผลงาน 2")]
    assert tasks(pool[2], coordinate=False, office=False) == []
    assert tasks(office, coordinate=False, office=True) == []


def test_the_owed_work_costs_the_same_queries_however_much_there_is(
    calls, world, office, pool, django_assert_num_queries
):
    for number in (1, 2, 3):
        moved(
            sent(fill(application(calls, world, number), world.coordinator), world.coordinator),
            office,
            Move.CHECK,
        )
    with django_assert_num_queries(2):
        owed_awards(office, coordinate=False, office=True)
    with django_assert_num_queries(2):
        owed_awards(world.coordinator, coordinate=True, office=False)
