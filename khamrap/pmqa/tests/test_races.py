"""Two people at the same moment on PostgreSQL: one write wins whole, the other is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from khamrap.pmqa import services
from khamrap.pmqa.models import Assessment, Item, PmqaYear
from khamrap.tests.concurrency import race

pytestmark = [
    pytest.mark.transactional,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes its write lock when the transaction begins: no race to lose")


def test_two_first_saves_of_an_item_never_overwrite_each_other(postgresql, approved, world):
    item = Item.objects.get(category__version=approved.criteria, code="1.1")
    for attempt in range(10):
        Assessment.objects.filter(year=approved).delete()
        outcomes = race(
            *(
                lambda band=band: services.assessment_save(
                    year=approved,
                    item=item,
                    user=world.coordinator,
                    version=1,
                    ratings={"A": band},
                    strengths=[f"จุดแข็ง {band}"],
                )
                for band in (1, 4)
            )
        )
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == 1, (attempt, outcomes)
        assert refused[0].error_list[0].code == "stale"
        stored = Assessment.objects.get(year=approved, item=item)
        winner = next(o for o in outcomes if isinstance(o, Assessment))
        # The stored row is the winner's whole: its rating and its strength, never a mix.
        assert stored.version == 2 and stored.ratings["A"] == winner.ratings["A"]
        assert [f.text for f in stored.findings.all()] == [f"จุดแข็ง {stored.ratings['A']}"]


def test_two_people_starting_the_same_year_make_one(postgresql, world, fiscal_year, criteria):
    for attempt in range(10):
        PmqaYear.objects.all().delete()
        outcomes = race(
            *(
                lambda: services.year_create(
                    organization=world.dept,
                    fiscal_year=fiscal_year,
                    criteria=criteria,
                    user=world.coordinator,
                )
                for _ in range(2)
            )
        )
        assert PmqaYear.objects.count() == 1, attempt
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(refused) == 1 and refused[0].error_list[0].code == "exists", outcomes
