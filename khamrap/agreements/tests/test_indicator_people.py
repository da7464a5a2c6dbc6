"""The people named on an indicator: the organization's own, never the evaluators who verify it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khamrap.agreements import services
from khamrap.agreements.models import Indicator
from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant

from .builders import group


def fields():
    return {
        "group": group("2"),
        "number": "9",
        "name": "ผ่านการตรวจสอบมาตรฐาน",
        "weight": Decimal(10),
        "kind": "pass_fail",
    }


def offered(client, world, agreement):
    client.force_login(world.coordinator)
    form = client.get(reverse("agreements:indicator_create", args=[agreement.pk])).context["form"]
    return (
        set(form.fields["supervisors"].queryset.values_list("username", flat=True)),
        set(form.fields["collectors"].queryset.values_list("username", flat=True)),
    )


def test_the_form_offers_the_organizations_people_but_not_its_evaluator(
    client, world, agreement, evaluator
):
    supervisors, collectors = offered(client, world, agreement)
    assert {"alice", "bob", "charlie"} <= supervisors
    assert supervisors == collectors
    assert "evaluator" not in supervisors
    assert "dave" not in supervisors  # another ministry's coordinator


def test_an_evaluator_with_another_role_here_is_still_not_offered(
    client, world, agreement, evaluator
):
    membership_grant(user=evaluator, organization=world.dept, role=Role.COLLECTOR)
    supervisors, collectors = offered(client, world, agreement)
    assert "evaluator" not in supervisors | collectors


def test_posting_the_evaluator_as_collector_is_refused(client, world, agreement, evaluator):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("agreements:indicator_create", args=[agreement.pk]),
        {
            "group": group("2").pk,
            "number": "9",
            "name": "ผ่านการตรวจสอบมาตรฐาน",
            "weight": "10",
            "kind": "pass_fail",
            "direction": "higher",
            "collectors": [evaluator.pk],
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "collectors" in response.context["form"].errors
    assert not Indicator.objects.filter(agreement=agreement, number="9").exists()


@pytest.mark.parametrize("role", ["supervisors", "collectors"])
def test_the_service_refuses_an_evaluator_in_thai(world, agreement, evaluator, role):
    evaluator.first_name, evaluator.last_name = "อรุณี", "ธรรมรักษ์"
    evaluator.save()
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            agreement=agreement, user=world.coordinator, fields=fields(), **{role: [evaluator]}
        )
    assert list(error.value.message_dict) == [role]
    assert [e.code for e in error.value.error_dict[role]] == ["evaluator"]
    (message,) = error.value.message_dict[role]
    assert "อรุณี ธรรมรักษ์" in message and "ผู้ประเมิน" in message
    assert not Indicator.objects.filter(agreement=agreement, number="9").exists()


def test_the_service_still_takes_the_organizations_people(world, agreement):
    indicator = services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields=fields(),
        supervisors=[world.executive],
        collectors=[world.collector],
    )
    assert list(indicator.collectors.all()) == [world.collector]
