"""Every award page × the people around an application: another organization's people get a 404
(as for an application that does not exist), those who see it but may not act a 403, nobody a 500,
and junk posted by anyone changes nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from khamrap.awards import services
from khamrap.awards.choices import Family, Move
from khamrap.awards.models import (
    Answer,
    Application,
    Assignment,
    AwardRecord,
    Call,
    ConditionAnswer,
    Event,
    MaintenanceReport,
    Score,
)

from .builders import IN_WINDOW, fill, moved, scheme, sent

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")

JUNK = {
    "version": "x",
    "title": "",
    "assessor": "zzz",
    "year": "-1",
    "record": "0",
    "sent_on": "99/99/9999",
    "started_on": "31/02/2569",
    "fiscal_year": "x",
    "family": "lottery",
    "level": "gold",
    "number": "ten",
    "field": "version",
    "limit": "-5",
    "met_1": "maybe",
    "recommends": "perhaps",
    "bonus_traits": ["99"],
    "reject-comment": "",
    "announce-level": "gold",
    "finish": "",
}


@pytest.fixture(autouse=True)
def _in_the_receiving_window(time_machine):
    time_machine.move_to(dt.datetime.combine(IN_WINDOW, dt.time(10), tzinfo=BANGKOK), tick=False)


@pytest.fixture
def application(calls, world, office, pool):
    """World.dept's type 1 application in screening, pool[0] assigned."""
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
        title="ศูนย์บริการร่วม",
        user=world.coordinator,
    )
    application = sent(fill(application, world.coordinator), world.coordinator)
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    services.assessor_assign(application=application, assessor=pool[0], user=office)
    return application


def application_urls(application):
    pk = application.pk
    assignment = Assignment.objects.get(application=application)
    return [
        reverse("awards:detail", args=[pk]),
        *(reverse("awards:move", args=[pk, move]) for move in Move.values),
        reverse("awards:assign", args=[pk]),
        reverse("awards:unassign", args=[pk, assignment.pk]),
        reverse("awards:form_1", args=[pk]),
        reverse("awards:form_2", args=[pk]),
        reverse("awards:form_3", args=[pk]),
        reverse("awards:sheet", args=[pk]),
        reverse("awards:sheets", args=[pk]),
    ]


def history_urls(organization):
    return [
        reverse(f"awards:{name}", args=[organization.pk])
        for name in ("history", "record_add", "report_add")
    ]


def everything():
    return (
        list(Application.objects.values_list("stage", "version", "title")),
        list(ConditionAnswer.objects.values_list("met", "explanation")),
        list(Answer.objects.values_list("text", "words")),
        list(Assignment.objects.values_list("assessor", "version", "submitted_at")),
        Score.objects.count(),
        Event.objects.count(),
        AwardRecord.objects.count(),
        MaintenanceReport.objects.count(),
        Call.objects.count(),
    )


def test_another_organizations_people_get_a_404_on_every_page(client, world, application, pool):
    before = everything()
    for person in (world.outsider, world.nobody, pool[1]):
        client.force_login(person)
        for url in application_urls(application) + history_urls(world.dept):
            assert client.get(url).status_code in (404, 405), (person, url)
            assert client.post(url, JUNK).status_code == 404, (person, url)
    assert everything() == before


def test_an_application_that_does_not_exist_is_a_404(client, world):
    client.force_login(world.superuser)
    for name in ("detail", "form_1", "form_2", "form_3", "sheet", "sheets", "assign"):
        assert client.post(reverse(f"awards:{name}", args=[999_999])).status_code == 404
    assert client.get(reverse("awards:history", args=[999_999])).status_code == 404


@pytest.mark.parametrize(
    "who", ["coordinator", "collector", "executive", "office", "assessor", "superuser"]
)
def test_junk_from_anyone_who_sees_the_application_is_never_a_500_and_changes_nothing(
    client, world, office, pool, application, who
):
    person = {"office": office, "assessor": pool[0]}.get(who) or getattr(world, who)
    client.force_login(person)
    pk = application.pk
    # The pages that read what was typed: junk changes nothing.
    reading = [
        reverse("awards:index"),
        reverse("awards:new"),
        reverse("awards:call_open"),
        reverse("awards:words"),
        reverse("awards:detail", args=[pk]),
        reverse("awards:move", args=[pk, Move.REJECT]),
        reverse("awards:move", args=[pk, Move.ANNOUNCE]),
        reverse("awards:assign", args=[pk]),
        *(reverse(f"awards:{name}", args=[pk]) for name in ("form_1", "form_2", "form_3")),
        reverse("awards:sheet", args=[pk]),
        reverse("awards:sheets", args=[pk]),
        *history_urls(world.dept),
    ]
    before = everything()
    for url in reading:
        for response in (client.get(url), client.post(url, JUNK)):
            assert response.status_code in (200, 302, 403, 404, 405), (who, url, response)
    assert everything() == before
    # The buttons that take nothing typed (the other moves, unassigning) may act: never a 500.
    acting = [
        reverse("awards:move", args=[pk, move])
        for move in Move.values
        if move not in (Move.REJECT, Move.ANNOUNCE)
    ]
    acting.append(reverse("awards:unassign", args=[pk, Assignment.objects.get(application=pk).pk]))
    for url in acting:
        for response in (client.get(url), client.post(url, JUNK)):
            assert response.status_code in (200, 302, 403, 404, 405), (who, url, response)
