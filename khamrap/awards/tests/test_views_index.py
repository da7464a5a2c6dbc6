"""The awards' list: the calls with their timetables and days left, the applications a person may
see with their filters, the sheets waiting for an assessor, opening a call; its query count."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from khamrap.awards import services
from khamrap.awards.choices import Family, Move, Stage
from khamrap.awards.models import Call, Scheme
from khamrap.periods.services import fiscal_year_create

from .builders import IN_WINDOW, fill, moved, scheme, sent

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")
URL = "/awards/"


@pytest.fixture(autouse=True)
def _in_the_receiving_window(time_machine):
    time_machine.move_to(dt.datetime.combine(IN_WINDOW, dt.time(10), tzinfo=BANGKOK), tick=False)


def start(calls, world, family=Family.PUBLIC_SERVICE, number=1, organization=None):
    return services.application_create(
        organization=organization or world.dept,
        scheme=scheme(calls, family, number),
        title=f"ผลงาน {family} {number}",
        user=world.coordinator,
    )


def listed(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-application="(\d+)"', response.content.decode())]


def test_the_url_and_the_menu(client, world, calls):
    assert reverse("awards:index") == URL
    client.force_login(world.coordinator)
    text = client.get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">' in text


def test_it_lists_the_calls_with_their_timetable_and_the_days_left_to_apply(client, world, calls):
    client.force_login(world.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["calls"]
    assert [row.call.family for row in rows] == sorted(Family.values)  # one year, by family
    public = next(row for row in rows if row.call.family == Family.PUBLIC_SERVICE)
    # 15 January to 13 February 2026, the closing day included
    assert (public.state, public.days_left) == ("open", 30)
    assert len(public.timetable) == 6
    text = response.content.decode()
    assert "13 กุมภาพันธ์ 2569" in text  # the closing day, in the Buddhist Era
    # A coordinator gets a "new application" link per open type.
    open_types = Scheme.objects.filter(is_open=True).count()
    assert len(re.findall(r'data-new-for="\d+"', text)) == open_types
    type_1 = scheme(calls, Family.PUBLIC_SERVICE, 1)
    assert f"{reverse('awards:new')}?scheme={type_1.pk}" in text


def test_after_the_closing_day_the_call_says_so_and_offers_no_new_application(
    client, world, calls, time_machine
):
    # Public Service and PMQA close on 13 February; participatory governance on 10 April.
    time_machine.move_to(dt.datetime(2026, 2, 14, 10, tzinfo=BANGKOK), tick=False)
    client.force_login(world.coordinator)
    response = client.get(URL)
    states = {row.call.family: row.state for row in response.context["calls"]}
    assert states == {
        Family.PUBLIC_SERVICE: "closed",
        Family.PMQA: "closed",
        Family.PARTICIPATORY: "open",
    }
    text = response.content.decode()
    offered = {int(pk) for pk in re.findall(r'data-new-for="(\d+)"', text)}
    participatory = calls[Family.PARTICIPATORY]
    assert offered == set(participatory.schemes.filter(is_open=True).values_list("pk", flat=True))
    response = client.get(reverse("awards:new"))
    assert {s.call for s in response.context["form"].fields["scheme"].queryset} == {participatory}


def test_a_viewer_sees_the_calls_but_no_new_application(client, world, calls):
    client.force_login(world.collector)
    response = client.get(URL)
    assert response.status_code == 200
    assert not response.context["may_apply"]
    assert 'data-new-for="' not in response.content.decode()
    assert response.context["open_form"] is None


def test_the_applications_each_person_may_see_and_the_filters(client, world, calls, office):
    draft = start(calls, world)
    participatory = start(calls, world, Family.PARTICIPATORY, 1)
    outsiders = services.application_create(
        organization=world.other_dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
        title="ของกระทรวงสอง",
        user=world.outsider,
    )
    client.force_login(world.coordinator)
    assert sorted(listed(client.get(URL))) == [draft.pk, participatory.pk]
    assert listed(client.get(URL, {"family": Family.PARTICIPATORY})) == [participatory.pk]
    assert listed(client.get(URL, {"stage": Stage.RECEIVED})) == []
    assert sorted(listed(client.get(URL, {"year": "2569"}))) == [draft.pk, participatory.pk]
    # What cannot be read is ignored, never an error; the other filters still apply.
    assert listed(client.get(URL, {"year": "2570", "family": Family.PARTICIPATORY})) == [
        participatory.pk
    ]
    for junk in ({"year": "abc"}, {"stage": "nowhere"}, {"family": "x" * 300}):
        response = client.get(URL, junk)
        assert response.status_code == 200
        assert sorted(listed(response)) == [draft.pk, participatory.pk]
    client.force_login(world.outsider)
    assert listed(client.get(URL)) == [outsiders.pk]
    client.force_login(office)  # the ministry's evaluator: its departments' applications
    assert sorted(listed(client.get(URL))) == [draft.pk, participatory.pk]
    client.force_login(world.nobody)
    assert listed(client.get(URL)) == []


def test_an_announced_application_shows_its_level(client, world, calls, office):
    application = sent(
        fill(start(calls, world, Family.PMQA, 1), world.coordinator), world.coordinator
    )
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    from khamrap.awards.models import Assessor

    user = world.person("pmqa_assessor")
    Assessor.objects.create(user=user)
    sheet = services.assessor_assign(application=application, assessor=user, user=office)
    services.sheet_save(assignment=sheet, user=user, version=1, recommends=True, finish=True)
    application = moved(application, office, Move.COMMITTEE)
    services.application_move(
        application=application,
        move=Move.ANNOUNCE,
        user=office,
        decision=services.Decision("awarded"),
    )
    client.force_login(world.coordinator)
    text = client.get(URL).content.decode()
    row = text[text.index(f'data-application="{application.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-stage="announced"' in row
    assert str(application.get_level_display()) in row


def test_an_assessor_sees_the_sheets_waiting_for_them(client, world, calls, office, pool):
    application = sent(fill(start(calls, world), world.coordinator), world.coordinator)
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    services.assessor_assign(application=application, assessor=pool[0], user=office)
    client.force_login(pool[0])
    response = client.get(URL)
    assert [o.application for o in response.context["owed"]["sheet"]] == [application]
    assert reverse("awards:sheet", args=[application.pk]) in response.content.decode()
    assert listed(response) == [application.pk]  # and only what they are assigned to
    # Not the applicant organization's award history, which they may not open.
    assert reverse("awards:history", args=[world.dept.pk]) not in response.content.decode()
    client.force_login(pool[1])
    response = client.get(URL)
    assert response.context["owed"]["sheet"] == [] and listed(response) == []


def test_who_sets_up_years_opens_a_familys_awards_for_a_year(client, world, calls):
    next_year = fiscal_year_create(year=2570)
    client.force_login(world.superuser)
    response = client.get(URL)
    assert response.context["open_form"] is not None
    url = reverse("awards:call_open")
    data = {"fiscal_year": next_year.pk, "family": Family.PMQA}
    assert client.post(url, data).status_code == 302
    assert Call.objects.filter(fiscal_year=next_year, family=Family.PMQA).exists()
    response = client.post(url, data)  # already open
    assert response.status_code == 200
    assert [e.code for e in response.context["open_form"].non_field_errors().as_data()] == [
        "exists"
    ]
    response = client.post(url, {"fiscal_year": "abc", "family": "nope"})
    assert set(response.context["open_form"].errors) == {"fiscal_year", "family"}
    assert Call.objects.count() == 4
    for person in (world.coordinator, world.executive, world.nobody):
        client.force_login(person)
        assert client.get(URL).context["open_form"] is None
        assert (
            client.post(url, {"fiscal_year": next_year.pk, "family": "participatory"}).status_code
            == 403
        )
    assert client.get(url).status_code == 405
    assert Call.objects.count() == 4


def test_the_list_runs_a_fixed_number_of_queries(
    client, world, calls, office, pool, django_assert_num_queries
):
    def applications(count):
        for n in range(count):
            family, number = [(Family.PUBLIC_SERVICE, 1), (Family.PARTICIPATORY, 1)][n % 2]
            application = start(calls, world, family, number)
            if n % 3 == 0:
                application = sent(fill(application, world.coordinator), world.coordinator)
                application = moved(application, office, Move.CHECK, Move.SCREEN)
                services.assessor_assign(application=application, assessor=pool[0], user=office)

    applications(2)
    # session, user; the calls, their types and dates; the applications and their count (a page
    # at a time), the organizations whose history the person may open; may open calls (manages
    # nothing); coordinates, evaluates; the sheets owed, the drafts owed (a coordinator only);
    # header memberships
    for person, expected, seen in ((world.coordinator, 14, 2), (pool[0], 13, 1)):
        client.force_login(person)
        client.get(URL)
        with django_assert_num_queries(expected):
            response = client.get(URL)
        assert len(response.context["applications"]) == seen
    applications(4)
    for person, expected, seen in ((world.coordinator, 14, 6), (pool[0], 13, 3)):
        client.force_login(person)
        with django_assert_num_queries(expected):
            response = client.get(URL)
        assert len(response.context["applications"]) == seen


def test_the_applications_come_a_page_at_a_time(client, world, calls, monkeypatch):
    from khamrap.awards.views import applications as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        start(calls, world, Family.PUBLIC_SERVICE, 1)
    client.force_login(world.coordinator)
    first = client.get(URL)
    assert len(first.context["applications"]) == 2
    assert first.context["page"].paginator.count == 3
    last = client.get(URL, {"page": "2"})
    assert len(last.context["applications"]) == 1
    assert client.get(URL, {"page": "x"}).status_code == 200  # a junk page is the first page
