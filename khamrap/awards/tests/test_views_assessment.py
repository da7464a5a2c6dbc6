"""The assessors' pages: one's own score sheet (points within each maximum, notes, bonus traits,
a recommendation, finishing) and the award office's view of every sheet; who is refused."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from khamrap.awards import services
from khamrap.awards.choices import Family, Move
from khamrap.awards.models import Assignment, Score

from .builders import IN_WINDOW, fill, moved, scheme, score_all, sent

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture(autouse=True)
def _in_the_receiving_window(time_machine):
    time_machine.move_to(dt.datetime.combine(IN_WINDOW, dt.time(10), tzinfo=BANGKOK), tick=False)


def screening(calls, world, office, family=Family.PUBLIC_SERVICE, number=1):
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, family, number),
        title="ผลงานที่เสนอ",
        user=world.coordinator,
    )
    application = sent(fill(application, world.coordinator), world.coordinator)
    return moved(application, office, Move.CHECK, Move.SCREEN)


@pytest.fixture
def assigned(calls, world, office, pool):
    """A Public Service type 1 application in screening with pool[0] assigned."""
    application = screening(calls, world, office)
    services.assessor_assign(application=application, assessor=pool[0], user=office)
    return application


def sheet_url(application):
    return reverse("awards:sheet", args=[application.pk])


def points_data(application, form, **by_code):
    """The sheet's fields: every criterion's points from `by_code` (its maximum when not named)."""
    data = {"version": str(Assignment.objects.get(application=application).version), "note": ""}
    for criterion in form.criteria:
        value = by_code.get(criterion.code, criterion.maximum)
        data[f"points_{criterion.pk}"] = str(value)
        data[f"note_{criterion.pk}"] = "ดี"
    return data


def stored(application):
    assignment = Assignment.objects.get(application=application)
    points = sorted(Score.objects.filter(assignment=assignment).values_list("points", "note"))
    return (assignment.version, assignment.submitted_at, assignment.note, points)


def test_the_assessor_scores_saves_and_finishes_their_sheet(client, world, pool, assigned):
    client.force_login(pool[0])
    response = client.get(sheet_url(assigned))
    assert response.status_code == 200
    form = response.context["form"]
    groups = form.groups()
    assert [len(rows) for _group, rows in groups] == [5, 1, 4]  # part 1, its bonus, part 2
    text = response.content.decode()
    assert "data-confirm=" in text and 'name="finish"' in text
    assert 'name="bonus_traits"' in text  # type 1 has a bonus criterion and the call five traits
    data = points_data(assigned, form, **{"1.1": "100.5"})
    data["bonus_traits"] = ["0", "2"]
    data["note"] = "ภาพรวมดี"
    response = client.post(sheet_url(assigned), {**data, "save": ""})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.submitted_at is None
    assert assignment.bonus_traits == [0, 2]
    assert assignment.scores.get(criterion__code="1.1").points == 100.5
    data["version"] = str(assignment.version)
    response = client.post(sheet_url(assigned), {**data, "finish": ""})
    assert response.status_code == 302
    assert Assignment.objects.get().submitted_at is not None
    response = client.get(sheet_url(assigned))
    assert 'id="finished"' in response.content.decode()
    assert 'id="sheet-form"' not in response.content.decode()
    # A finished sheet no longer changes, whatever is posted.
    before = stored(assigned)
    data["version"] = str(Assignment.objects.get().version)
    response = client.post(sheet_url(assigned), {**data, "note": "แก้"})
    assert response.status_code == 200
    assert stored(assigned) == before


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abc", "invalid"), ("120.01", None), ("-1", None), ("1.555", None), ("NaN", "invalid")],
)
def test_bad_points_are_refused_beside_their_criterion_and_nothing_is_kept(
    client, world, pool, assigned, typed, code
):
    client.force_login(pool[0])
    form = client.get(sheet_url(assigned)).context["form"]
    before = stored(assigned)
    response = client.post(sheet_url(assigned), {**points_data(assigned, form, **{"1.2": typed})})
    assert response.status_code == 200
    form = response.context["form"]
    criterion = next(c for c in form.criteria if c.code == "1.2")
    assert list(form.errors) == [f"points_{criterion.pk}"]
    text = response.content.decode()
    assert f'value="{typed}"' in text  # what was typed is kept
    for message in form.errors[f"points_{criterion.pk}"]:
        assert message in text
    if code == "invalid":
        assert gettext("Enter a number.") in text
    assert stored(assigned) == before


def test_finishing_asks_for_every_criterion(client, world, pool, assigned):
    client.force_login(pool[0])
    form = client.get(sheet_url(assigned)).context["form"]
    data = points_data(assigned, form)
    empty = [c for c in form.criteria if c.code in ("2.3", "2.4")]
    for criterion in empty:
        data[f"points_{criterion.pk}"] = ""
    before = stored(assigned)
    response = client.post(sheet_url(assigned), {**data, "finish": ""})
    assert sorted(response.context["form"].errors) == sorted(f"points_{c.pk}" for c in empty)
    assert stored(assigned) == before
    # Saving without finishing keeps the criteria scored so far.
    assert client.post(sheet_url(assigned), {**data, "save": ""}).status_code == 302
    assert Score.objects.filter(points__isnull=False).count() == 8


def test_a_sheet_from_an_old_page_is_refused_as_stale(client, world, pool, assigned):
    client.force_login(pool[0])
    form = client.get(sheet_url(assigned)).context["form"]
    data = points_data(assigned, form)
    assert client.post(sheet_url(assigned), data).status_code == 302
    before = stored(assigned)
    response = client.post(sheet_url(assigned), {**data, "note": "จากหน้าเก่า"})  # version 1 again
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "จากหน้าเก่า" in response.content.decode()
    assert stored(assigned) == before
    response = client.post(sheet_url(assigned), {**data, "version": "x"})
    assert "version" in response.context["form"].errors
    assert stored(assigned) == before


def test_a_type_without_points_asks_for_a_recommendation(client, world, calls, office, pool):
    application = screening(calls, world, office, Family.PMQA, 1)
    services.assessor_assign(application=application, assessor=pool[0], user=office)
    client.force_login(pool[0])
    response = client.get(sheet_url(application))
    form = response.context["form"]
    assert form.criteria == [] and "recommends" in form.fields
    assert 'name="bonus_traits"' not in response.content.decode()
    before = stored(application)
    response = client.post(sheet_url(application), {"version": "1", "note": "ผ่าน", "finish": ""})
    assert [e.code for e in response.context["form"].errors.as_data()["recommends"]] == [
        "recommends"
    ]
    assert stored(application) == before
    response = client.post(
        sheet_url(application), {"version": "1", "recommends": "yes", "note": "ผ่าน", "finish": ""}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.recommends, assignment.note) == (True, "ผ่าน")
    assert assignment.submitted_at is not None


def test_the_sheet_is_read_only_outside_screening_and_the_site_visit(
    client, world, calls, office, pool
):
    application = sent(
        fill(
            services.application_create(
                organization=world.dept,
                scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
                title="ผลงาน",
                user=world.coordinator,
            ),
            world.coordinator,
        ),
        world.coordinator,
    )
    services.assessor_assign(application=application, assessor=pool[0], user=office)  # received
    client.force_login(pool[0])
    response = client.get(sheet_url(application))
    assert response.status_code == 200
    assert 'id="read-only"' in response.content.decode()
    before = stored(application)
    response = client.post(sheet_url(application), {"version": "1", "note": "x"})
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stage"]
    assert stored(application) == before


def test_only_the_assigned_assessor_opens_a_sheet(client, world, calls, office, pool, assigned):
    # Another assessor, assigned elsewhere, does not see this application.
    other = screening(calls, world, office, Family.PUBLIC_SERVICE, 2)
    services.assessor_assign(application=other, assessor=pool[1], user=office)
    for person in (pool[1], world.outsider, world.nobody):
        client.force_login(person)
        assert client.get(sheet_url(assigned)).status_code == 404, person
        assert client.post(sheet_url(assigned), {"version": "1"}).status_code == 404
    for person in (office, world.coordinator, world.collector):  # they see it; no sheet of theirs
        client.force_login(person)
        assert client.get(sheet_url(assigned)).status_code == 403, person
        assert client.post(sheet_url(assigned), {"version": "1"}).status_code == 403
    assert not Score.objects.exists()


def test_the_office_sees_every_sheet_side_by_side(client, world, office, pool, assigned):
    second = services.assessor_assign(application=assigned, assessor=pool[1], user=office)
    score_all(Assignment.objects.get(assessor=pool[0]), pool[0])  # 1,050
    score_all(second, pool[1], value="110", finish=False)  # 1,000, not finished
    client.force_login(office)
    url = reverse("awards:sheets", args=[assigned.pk])
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-sheet-total="1050.00"' in text
    assert 'data-sheet-total="1000.00"' in text
    assert response.context["result"]["total"] == 1050  # only the finished sheet counts
    assert 'data-status="provisional"' in text
    first_group = response.context["groups"][0]
    criterion, cells, mean = first_group[1][0]
    assert criterion.code == "1.1"
    assert [c.points for c in cells] == [120, 110]
    assert mean == 120
    for person in (world.coordinator, pool[0], pool[1]):
        client.force_login(person)
        assert client.get(url).status_code == 403
    for person in (world.outsider, pool[2]):
        client.force_login(person)
        assert client.get(url).status_code == 404
