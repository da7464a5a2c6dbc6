"""Who sees which results, reports, evidence files and standings: the `for_user` of each queryset.

Each builds on the indicator's or the agreement's `for_user`, so a result is visible exactly when
its indicator is, and nothing of an organization reaches a person the one rule keeps out of it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from khamrap.agreements import services as agreement_services
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.tests.builders import group
from khamrap.organizations.choices import Action, Role
from khamrap.reporting.models import EvidenceFile, Result, RoundReport, RoundStanding

MODELS = (Result, RoundReport, EvidenceFile, RoundStanding)


def _agreement_of(row) -> int:
    """The agreement a row of any of MODELS belongs to."""
    if isinstance(row, Result):
        return row.indicator.agreement_id
    if isinstance(row, EvidenceFile):
        return row.result.indicator.agreement_id
    return row.agreement_id


@pytest.fixture
def other(world, fiscal_year):
    """Another ministry's department's agreement, with one indicator."""
    agreement = agreement_services.agreement_create(
        organization=world.other_dept, fiscal_year=fiscal_year, user=world.outsider
    )
    agreement_services.indicator_save(
        agreement=agreement,
        user=world.outsider,
        fields={
            "group": group("1"),
            "number": "1",
            "name": "ร้อยละของคำขอที่ตอบภายในกำหนด",
            "weight": Decimal(100),
            "kind": "pass_fail",
        },
    )
    return agreement


@pytest.fixture
def rows(world, agreement, other, six):
    """For both agreements: a result and an evidence file for every indicator, the round's report
    and its standing."""
    now = timezone.now()
    for each in (agreement, other):
        for indicator in each.indicators.all():
            result = Result.objects.create(indicator=indicator, reporting_round=six)
            EvidenceFile.objects.create(
                result=result,
                file=f"evidence/2569/03/{result.pk}.pdf",
                original_name="ผลงาน.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
                uploaded_by=world.superuser,
                uploaded_at=now,
            )
        RoundReport.objects.get_or_create(agreement=each, reporting_round=six)
        RoundStanding.objects.update_or_create(
            agreement=each, reporting_round=six, defaults={"computed_at": now}
        )
    return {"dept": agreement.pk, "other": other.pk}


def seen(model, user, action=Action.VIEW) -> set[int]:
    """The agreements of the rows of `model` that `user` may act on."""
    found = model.objects.for_user(user, action)
    if model is Result:
        found = found.select_related("indicator")
    if model is EvidenceFile:
        found = found.select_related("result__indicator")
    return {_agreement_of(row) for row in found}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_person_of_another_organization_gets_none_of_the_rows(world, rows, model):
    assert seen(model, world.outsider) == {rows["other"]}
    for user in (world.coordinator, world.collector, world.executive):
        assert seen(model, user) == {rows["dept"]}, user


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_superuser_gets_every_row_and_no_one_else_any(world, rows, model):
    assert model.objects.for_user(world.superuser).count() == model.objects.count()
    assert seen(model, world.superuser) == {rows["dept"], rows["other"]}
    for user in (world.nobody, AnonymousUser()):
        assert not model.objects.for_user(user).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_action_narrows_as_for_the_organization(world, rows, evaluator, model):
    assert seen(model, evaluator, Action.EVALUATE) == {rows["dept"]}
    assert seen(model, world.coordinator, Action.EVALUATE) == set()
    assert seen(model, world.coordinator, Action.COORDINATE) == {rows["dept"]}
    assert seen(model, world.collector, Action.COORDINATE) == set()


def test_a_result_and_its_files_are_visible_exactly_when_the_indicator_is(world, rows, evaluator):
    # Indicator.objects.for_user lets a collector or supervisor see every indicator of their
    # organization, named on it or not (docs/architecture.md "Who may see what"): so do results.
    named_on_one = world.person("named", Role.COLLECTOR, world.dept)
    Indicator.collectors.through.objects.create(
        user=named_on_one, indicator=Indicator.objects.filter(agreement=rows["dept"]).first()
    )
    people = (world.collector, world.executive, world.outsider, world.nobody, world.superuser)
    for user in (*people, evaluator, named_on_one):
        for action in Action.values:
            indicators = set(Indicator.objects.for_user(user, action).values_list("pk", flat=True))
            results = Result.objects.for_user(user, action)
            assert set(results.values_list("indicator_id", flat=True)) == indicators & set(
                Result.objects.values_list("indicator_id", flat=True)
            ), (user, action)
            files = EvidenceFile.objects.for_user(user, action)
            assert set(files.values_list("result_id", flat=True)) == set(
                results.values_list("pk", flat=True)
            ), (user, action)
    assert (
        Result.objects.for_user(named_on_one).count()
        == Agreement.objects.get(pk=rows["dept"]).indicators.count()
    )


def test_each_is_one_query_whatever_the_rows(world, rows, django_assert_num_queries):
    for model in MODELS:
        with django_assert_num_queries(1):
            list(model.objects.for_user(world.collector))
