"""Two people at the same moment on PostgreSQL: one write wins whole, the other is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from khamrap.awards import services
from khamrap.awards.choices import Family, Move, Stage
from khamrap.awards.models import Application, Assignment, AwardRecord, Call, Score
from khamrap.pmqa.tests.test_races import race

from .builders import applied, moved

pytestmark = [
    pytest.mark.transactional,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes its write lock when the transaction begins: no race to lose")


@pytest.fixture
def screening(postgresql, calls, world, office, pool):
    application = applied(calls, world, Family.PUBLIC_SERVICE, 1, "ศูนย์บริการร่วม")
    return moved(application, office, Move.CHECK, Move.SCREEN)


def test_one_sheet_saved_from_two_tabs_at_once_keeps_one_whole(screening, office, pool):
    sheet = services.assessor_assign(application=screening, assessor=pool[0], user=office)
    for attempt in range(10):
        Score.objects.filter(assignment=sheet).delete()
        Assignment.objects.filter(pk=sheet.pk).update(version=1)
        outcomes = race(
            *(
                lambda points=points: services.sheet_save(
                    assignment=sheet,
                    user=pool[0],
                    version=1,
                    points={"1.1": (points, f"หมายเหตุ {points}"), "1.2": (points, "")},
                )
                for points in (100, 60)
            )
        )
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == 1, (attempt, outcomes)
        assert refused[0].error_list[0].code == "stale"
        stored = {s.criterion.code: (s.points, s.note) for s in sheet.scores.all()}
        points = stored["1.1"][0]  # the winner's whole: both criteria and the note are its own
        assert stored == {"1.1": (points, f"หมายเหตุ {int(points)}"), "1.2": (points, "")}


def test_two_officers_announcing_at_once_announce_once(screening, office, pool, world):
    sheet = services.assessor_assign(application=screening, assessor=pool[0], user=office)
    points = {c.code: (c.maximum, "") for c in screening.scheme.criteria.all()}
    services.sheet_save(assignment=sheet, user=pool[0], version=1, points=points, finish=True)
    application = moved(screening, office, Move.COMMITTEE)
    outcomes = race(
        *(
            lambda: services.application_move(
                application=application, move=Move.ANNOUNCE, user=office
            )
            for _ in range(2)
        )
    )
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and refused[0].error_list[0].code == "stage"
    assert Application.objects.get().stage == Stage.ANNOUNCED
    assert AwardRecord.objects.count() == 1
    assert Application.objects.get().events.filter(move=Move.ANNOUNCE).count() == 1


def test_two_people_opening_the_same_call_open_one(postgresql, world, fiscal_year):
    for attempt in range(10):
        Call.objects.all().delete()
        outcomes = race(
            *(
                lambda: services.call_open(
                    fiscal_year=fiscal_year, family=Family.PMQA, user=world.superuser
                )
                for _ in range(2)
            )
        )
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == 1, (attempt, outcomes)
        assert refused[0].error_list[0].code == "exists"
        assert Call.objects.count() == 1
