"""Fixtures of the awards tests: the three calls of 2569 opened from seed 004's defaults, the award
office (the ministry's evaluator) and a pool of assessors (builders.py makes the applications)."""

import pytest

from khamrap.awards import services
from khamrap.awards.choices import Family
from khamrap.awards.models import Assessor


@pytest.fixture
def calls(world, fiscal_year):
    return {
        family: services.call_open(fiscal_year=fiscal_year, family=family, user=world.superuser)
        for family in Family.values
    }


@pytest.fixture
def office(evaluator):
    """The award office: an evaluator of the ministry above the applicant department."""
    return evaluator


@pytest.fixture
def pool(world):
    """Three assessors from outside the applicant's ministry, and one who works in it."""
    people = []
    for name in ("assessor1", "assessor2", "assessor3"):
        user = world.person(name)
        Assessor.objects.create(user=user, expertise="บริการภาครัฐ")
        people.append(user)
    insider = world.person("insider", "collector", world.dept)
    Assessor.objects.create(user=insider)
    return [*people, insider]
