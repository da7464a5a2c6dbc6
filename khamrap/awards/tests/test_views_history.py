"""An organization's award history: who sees it, the award office entering a past award, a
coordinator recording the yearly maintenance report; bad input changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from khamrap.awards import services
from khamrap.awards.choices import Family, Level
from khamrap.awards.models import AwardRecord, MaintenanceReport
from khamrap.lib.forms import ThaiDateField

pytestmark = pytest.mark.django_db

RECORD = {
    "year": "2565",
    "family": Family.PUBLIC_SERVICE,
    "number": "4",
    "scheme_name": "รางวัลการพัฒนาการบริการที่เป็นเลิศ",
    "level": Level.DISTINGUISHED,
    "work": "ศูนย์บริการเกษตรกรครบวงจร",
}


@pytest.fixture
def distinguished(world, office):
    return services.record_add(
        organization=world.dept,
        user=office,
        year=2565,
        family=Family.PUBLIC_SERVICE,
        number=4,
        scheme_name="รางวัลการพัฒนาการบริการที่เป็นเลิศ",
        level=Level.DISTINGUISHED,
        work="ศูนย์บริการเกษตรกรครบวงจร",
    )


def url(organization, name="history"):
    return reverse(f"awards:{name}", args=[organization.pk])


def snapshot():
    return (
        sorted(AwardRecord.objects.values_list("year", "level", "work")),
        sorted(MaintenanceReport.objects.values_list("year", "sent_on")),
    )


def test_the_history_shows_the_awards_and_their_yearly_reports(
    client, world, office, distinguished
):
    MaintenanceReport.objects.create(record=distinguished, year=2567, sent_on=dt.date(2024, 5, 1))
    for person, record_form, report_form in (
        (world.coordinator, False, True),
        (office, True, False),
        (world.collector, False, False),
        (world.executive, False, False),
    ):
        client.force_login(person)
        response = client.get(url(world.dept))
        assert response.status_code == 200
        text = response.content.decode()
        assert "ศูนย์บริการเกษตรกรครบวงจร" in text
        assert 'data-report="2567"' in text
        assert "1 พ.ค. 2567" in text  # the day sent, in the Buddhist Era
        assert (response.context["record_form"] is not None) == record_form, person
        assert (response.context["report_form"] is not None) == report_form, person


def test_another_organizations_history_is_a_404(client, world, office):
    for person in (world.outsider, world.nobody):
        client.force_login(person)
        assert client.get(url(world.dept)).status_code == 404
        assert client.post(url(world.dept, "record_add"), RECORD).status_code == 404
        assert client.post(url(world.dept, "report_add"), {}).status_code == 404
    assert snapshot() == ([], [])


def test_the_award_office_enters_a_past_award(client, world, office):
    client.force_login(office)
    response = client.post(url(world.dept, "record_add"), RECORD)
    assert response.status_code == 302
    record = AwardRecord.objects.get()
    assert (record.organization, record.year, record.number, record.level) == (
        world.dept,
        2565,
        4,
        Level.DISTINGUISHED,
    )
    assert record.created_by == office


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("year", "2020"),  # a Christian Era year
        ("year", "สองพัน"),
        ("level", Level.NOT_PASSED),  # not an award
        ("family", "lottery"),
        ("work", ""),
    ],
)
def test_a_past_award_with_bad_input_is_refused_at_the_field(client, world, office, field, value):
    client.force_login(office)
    response = client.post(url(world.dept, "record_add"), {**RECORD, field: value})
    assert response.status_code == 200
    form = response.context["record_form"]
    assert field in form.errors
    for message in form.errors[field]:
        assert message in response.content.decode()
    assert snapshot() == ([], [])


def test_only_the_award_office_enters_past_awards(client, world):
    for person in (world.coordinator, world.collector, world.executive):
        client.force_login(person)
        assert client.post(url(world.dept, "record_add"), RECORD).status_code == 403
    assert snapshot() == ([], [])
    client.force_login(world.coordinator)
    assert client.get(url(world.dept, "record_add")).status_code == 405


def test_a_coordinator_records_the_yearly_report(client, world, office, distinguished):
    client.force_login(world.coordinator)
    form = client.get(url(world.dept)).context["report_form"]
    assert list(form.fields["record"].queryset) == [distinguished]
    data = {"record": distinguished.pk, "year": "2569", "sent_on": "15/1/2569"}
    assert client.post(url(world.dept, "report_add"), data).status_code == 302
    report = MaintenanceReport.objects.get()
    assert (report.record, report.year, report.sent_on) == (
        distinguished,
        2569,
        dt.date(2026, 1, 15),
    )
    response = client.post(url(world.dept, "report_add"), data)  # the same year again
    assert [e.code for e in response.context["report_form"].errors.as_data()["year"]] == ["exists"]
    assert MaintenanceReport.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sent_on", "31/02/2569", ThaiDateField.default_error_messages["invalid"]),
        ("year", "2565", None),  # not after the award
        ("record", "abc", "Please choose one of the options offered."),
    ],
)
def test_a_yearly_report_with_bad_input_changes_nothing(
    client, world, distinguished, field, value, message
):
    client.force_login(world.coordinator)
    data = {"record": distinguished.pk, "year": "2569", "sent_on": "15/1/2569", field: value}
    before = snapshot()
    response = client.post(url(world.dept, "report_add"), data)
    assert response.status_code == 200
    form = response.context["report_form"]
    assert field in form.errors
    if message:
        assert str(gettext(message)) in response.content.decode()
    assert snapshot() == before


def test_only_the_coordinators_record_yearly_reports(client, world, office, distinguished):
    data = {"record": distinguished.pk, "year": "2569", "sent_on": "15/1/2569"}
    for person in (office, world.collector, world.executive):
        client.force_login(person)
        assert client.post(url(world.dept, "report_add"), data).status_code == 403
    assert not MaintenanceReport.objects.exists()


def test_the_history_is_linked_from_the_list_and_the_application(client, world, calls, office):
    from khamrap.awards.tests.builders import scheme

    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
        title="ศูนย์บริการร่วม",
        user=world.coordinator,
    )
    client.force_login(world.coordinator)
    for page in (reverse("awards:index"), reverse("awards:detail", args=[application.pk])):
        assert url(world.dept) in client.get(page).content.decode()
