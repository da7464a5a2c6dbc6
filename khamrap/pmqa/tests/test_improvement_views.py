"""The improvement plan's pages: its projects from the OFIs, and their progress in every round."""

import datetime as dt

import pytest
from django.urls import reverse

from khamrap.lib.dates import reader_date
from khamrap.periods.services import fiscal_year_create
from khamrap.pmqa import services
from khamrap.pmqa.choices import FindingKind, ProjectStatus
from khamrap.pmqa.models import Finding, PmqaYear, Project, ProjectReport

from .conftest import assess_all

pytestmark = pytest.mark.django_db

BANGKOK = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    # The middle of fiscal year 2569: some deadlines are past, others to come.
    time_machine.move_to(dt.datetime(2026, 4, 23, 8, 0, tzinfo=BANGKOK), tick=False)


def url(name, year, *args):
    return reverse(f"pmqa:{name}", args=[year.pk, *args])


def ofi(year, code):
    return Finding.objects.get(
        assessment__year=year, assessment__item__code=code, kind=FindingKind.OFI
    )


@pytest.fixture
def assessed(approved, world):
    """The approved year with every chosen item assessed: an OFI for each of 1.1, 1.2, 2.1, 2.2."""
    assess_all(approved, world.coordinator)
    return approved


def project(year, world, title="โครงการทบทวนผลการดำเนินงาน", code="1.1", **fields):
    fields = {"owner_name": "กองยุทธศาสตร์", "deadline": dt.date(2026, 6, 30)} | fields
    return services.project_save(
        year=year,
        user=world.coordinator,
        title=title,
        ofi=ofi(year, code) if code else None,
        **fields,
    )


# --- who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_another_organizations_user_gets_404_on_every_page(client, world, assessed, six, who):
    one = project(assessed, world)
    client.force_login(getattr(world, who))
    for page in (
        url("plan_detail", assessed),
        url("project_create", assessed),
        url("project_edit", assessed, one.pk),
        url("project_report", assessed, one.pk, six.pk),
    ):
        assert client.get(page).status_code == 404, page
        data = {"title": "x", "owner_name": "y", "deadline": "1/1/2569", "progress": "50"}
        assert client.post(page, data).status_code == 404, page
    assert Project.objects.count() == 1 and not ProjectReport.objects.exists()


def test_a_viewer_reads_the_plan_and_may_change_nothing(client, world, assessed, six):
    one = project(assessed, world)
    client.force_login(world.collector)
    text = client.get(url("plan_detail", assessed)).content.decode()
    assert one.title in text
    assert url("project_create", assessed) not in text
    assert url("project_report", assessed, one.pk, six.pk) not in text
    assert f'href="{url("year_detail", assessed)}"' in text
    for page in (
        url("project_create", assessed),
        url("project_edit", assessed, one.pk),
        url("project_report", assessed, one.pk, six.pk),
    ):
        assert client.get(page).status_code == 403, page
        data = {"title": "แก้", "owner_name": "แก้", "deadline": "1/1/2569", "status": "done"}
        assert client.post(page, data | {"progress": "100"}).status_code == 403, page
    one.refresh_from_db()
    assert (one.title, one.status) == ("โครงการทบทวนผลการดำเนินงาน", ProjectStatus.PLANNED)
    assert Project.objects.count() == 1 and not ProjectReport.objects.exists()


def test_while_planning_the_coordinator_is_not_offered_projects(client, world, year):
    client.force_login(world.coordinator)
    text = client.get(url("plan_detail", year)).content.decode()
    assert url("project_create", year) not in text
    assert client.get(url("project_create", year)).status_code == 403


# --- the plan -------------------------------------------------------------------------------------


def test_the_plan_shows_each_project_its_ofi_and_its_progress_in_each_round(
    client, world, assessed, fiscal_year, six
):
    late = project(assessed, world, "โครงการที่เลยกำหนด", "1.2", deadline=dt.date(2026, 3, 31))
    on_time = project(assessed, world, "โครงการตามกำหนด", "2.1", deadline=dt.date(2026, 9, 30))
    services.project_report(
        project=on_time, reporting_round=six, user=world.coordinator, progress=40, note="เริ่มแล้ว"
    )
    client.force_login(world.coordinator)
    response = client.get(url("plan_detail", assessed))
    text = response.content.decode()
    assert [r.months for r in response.context["rounds"]] == [
        r.months for r in fiscal_year.rounds.order_by("months")
    ]
    late_row = text[text.index(f'id="project-{late.pk}"') :]
    late_row = late_row[: late_row.index("</tr>")]
    assert "1.2" in late_row and "data-overdue" in late_row
    assert reader_date(dt.date(2026, 3, 31), "short") in late_row and "2026" not in late_row
    row = text[text.index(f'id="project-{on_time.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "2.1" in row and "data-overdue" not in row and "กองยุทธศาสตร์" in row
    assert 'data-round="6"><span title="เริ่มแล้ว">40%</span>' in row
    assert url("project_report", assessed, on_time.pk, six.pk) in row
    progress = response.context["view"].progress
    assert (progress.projects, progress.done, progress.overdue, progress.mean_progress) == (
        2,
        0,
        1,
        40,
    )


def test_the_plan_runs_a_fixed_number_of_queries(
    client, world, assessed, fiscal_year, six, django_assert_num_queries
):
    one = project(assessed, world)
    services.project_report(project=one, reporting_round=six, user=world.coordinator, progress=10)
    client.force_login(world.coordinator)
    page = url("plan_detail", assessed)
    client.get(page)
    # session, user, header memberships, year, projects with their OFIs, their reports, the
    # rounds, the rounds closed, the rights (coordinate, sign, responsible)
    with django_assert_num_queries(11):
        client.get(page)
    rounds = list(fiscal_year.rounds.all())
    for n, code in enumerate(("1.2", "2.1", "2.2")):
        other = project(assessed, world, f"โครงการ {n}", code)
        for reporting_round in rounds:
            services.project_report(
                project=other, reporting_round=reporting_round, user=world.coordinator, progress=50
            )
    with django_assert_num_queries(11):
        response = client.get(page)
    assert len(response.context["rows"]) == 4


# --- a project ------------------------------------------------------------------------------------


def test_the_coordinator_adds_a_project_from_an_ofi(client, world, assessed):
    client.force_login(world.coordinator)
    response = client.get(url("project_create", assessed))
    form = response.context["form"]
    labels = [label for _value, label in form.fields["ofi"].choices]
    assert [label.split(" — ")[0] for label in labels[1:]] == ["1.1", "1.2", "2.1", "2.2"]
    assert f'href="{url("year_detail", assessed)}"' in response.content.decode()
    data = {
        "title": "โครงการพัฒนาระบบติดตามผล",
        "ofi": str(ofi(assessed, "2.1").pk),
        "owner_name": "กองยุทธศาสตร์",
        "deadline": "30/06/2569",
        "status": "planned",
    }
    response = client.post(url("project_create", assessed), data)
    assert response.status_code == 302 and response["Location"] == url("plan_detail", assessed)
    saved = Project.objects.get(year=assessed)
    assert (saved.ofi, saved.deadline) == (ofi(assessed, "2.1"), dt.date(2026, 6, 30))


def test_the_coordinator_changes_a_project(client, world, assessed):
    one = project(assessed, world)
    client.force_login(world.coordinator)
    text = client.get(url("project_edit", assessed, one.pk)).content.decode()
    assert 'value="30/06/2569"' in text  # the deadline as a Thai reader types it
    data = {
        "title": "โครงการทบทวนผล (ปรับ)",
        "ofi": "",
        "owner_name": "กองแผนงาน",
        "deadline": "31/08/2569",
        "status": "in_progress",
    }
    assert client.post(url("project_edit", assessed, one.pk), data).status_code == 302
    one.refresh_from_db()
    assert (one.title, one.ofi, one.status) == (
        "โครงการทบทวนผล (ปรับ)",
        None,
        ProjectStatus.IN_PROGRESS,
    )


@pytest.mark.parametrize(
    ("junk", "field"),
    [
        ({"deadline": "abc"}, "deadline"),
        ({"deadline": "31/02/2569"}, "deadline"),
        ({"ofi": "999999"}, "ofi"),
        ({"ofi": "ไม่ใช่"}, "ofi"),
        ({"status": "finished"}, "status"),
        ({"title": ""}, "title"),
    ],
)
def test_junk_project_input_is_refused_on_the_form(client, world, assessed, junk, field):
    client.force_login(world.coordinator)
    data = {
        "title": "โครงการที่พิมพ์ไว้",
        "owner_name": "กองยุทธศาสตร์",
        "deadline": "30/06/2569",
        "status": "planned",
    }
    response = client.post(url("project_create", assessed), data | junk)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "กองยุทธศาสตร์" in response.content.decode()
    assert not Project.objects.exists()


def test_a_deadline_before_the_fiscal_year_is_refused_by_the_service_with_the_input_kept(
    client, world, assessed
):
    client.force_login(world.coordinator)
    data = {
        "title": "โครงการที่พิมพ์ไว้",
        "owner_name": "กองยุทธศาสตร์",
        "deadline": "30/09/2568",
        "status": "planned",
    }
    response = client.post(url("project_create", assessed), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert {e.code for e in form.non_field_errors().as_data()} == {"deadline"}
    assert "โครงการที่พิมพ์ไว้" in response.content.decode()
    assert not Project.objects.exists()


def test_an_ofi_or_project_of_another_year_is_refused(client, world, assessed, criteria, six):
    other_year = services.year_create(
        organization=world.dept,
        fiscal_year=fiscal_year_create(year=2570),
        criteria=criteria,
        user=world.coordinator,
    )
    theirs = Project.objects.create(
        year=other_year, title="ของปีอื่น", owner_name="กอง", deadline=dt.date(2027, 6, 30)
    )
    client.force_login(world.coordinator)
    for page in (
        url("project_edit", assessed, theirs.pk),
        url("project_report", assessed, theirs.pk, six.pk),
    ):
        assert client.get(page).status_code == 404
        assert client.post(page, {"progress": "50"}).status_code == 404
    assert not ProjectReport.objects.exists()
    assert PmqaYear.objects.count() == 2


# --- a project's progress in a round ---------------------------------------------------------------


def test_the_coordinator_reports_a_projects_progress_in_a_round(client, world, assessed, six):
    one = project(assessed, world)
    client.force_login(world.coordinator)
    page = url("project_report", assessed, one.pk, six.pk)
    response = client.get(page)
    assert f'href="{url("year_detail", assessed)}"' in response.content.decode()
    response = client.post(page, {"progress": "๔๐", "note": "ประชุมแล้ว 2 ครั้ง"})
    assert response.status_code == 302 and response["Location"] == url("plan_detail", assessed)
    report = ProjectReport.objects.get(project=one, reporting_round=six)
    assert (report.progress, report.note) == (40, "ประชุมแล้ว 2 ครั้ง")
    one.refresh_from_db()
    assert one.status == ProjectStatus.IN_PROGRESS
    assert 'value="40"' in client.get(page).content.decode()  # opens again with what was given


@pytest.mark.parametrize("progress", ["abc", "150", "-5", "", "4.5"])
def test_junk_progress_is_refused_with_the_note_kept(client, world, assessed, six, progress):
    one = project(assessed, world)
    client.force_login(world.coordinator)
    response = client.post(
        url("project_report", assessed, one.pk, six.pk),
        {"progress": progress, "note": "บันทึกที่พิมพ์ไว้"},
    )
    assert response.status_code == 200
    assert "progress" in response.context["form"].errors
    assert "บันทึกที่พิมพ์ไว้" in response.content.decode()
    assert not ProjectReport.objects.exists()


def test_a_cancelled_project_is_not_reported(client, world, assessed, six):
    one = project(assessed, world, status=ProjectStatus.CANCELLED)
    client.force_login(world.coordinator)
    text = client.get(url("plan_detail", assessed)).content.decode()
    assert url("project_report", assessed, one.pk, six.pk) not in text
    response = client.post(url("project_report", assessed, one.pk, six.pk), {"progress": "10"})
    assert response.status_code == 200
    assert {e.code for e in response.context["form"].non_field_errors().as_data()} == {"cancelled"}
    assert not ProjectReport.objects.exists()


def test_a_round_of_another_fiscal_year_is_not_found(client, world, assessed):
    one = project(assessed, world)
    other_round = fiscal_year_create(year=2570).rounds.first()
    client.force_login(world.coordinator)
    page = url("project_report", assessed, one.pk, other_round.pk)
    assert client.get(page).status_code == 404
    assert client.post(page, {"progress": "10"}).status_code == 404
    assert not ProjectReport.objects.exists()
