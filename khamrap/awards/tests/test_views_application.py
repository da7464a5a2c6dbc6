"""An application's pages: starting one, its page (stage, forms, writing aid, eligibility,
assessors, result) and its moves; who is refused, bad input, and the page offering exactly the
moves the service takes."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move, Stage
from khamrap.awards.models import Application, Assignment, AwardRecord, Event

from .builders import IN_WINDOW, fill, moved, scheme, score_all, sent

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture(autouse=True)
def _in_the_receiving_window(time_machine):
    """Every page is read on a day inside 2569's receiving window (1 December – 13 February)."""
    time_machine.move_to(dt.datetime.combine(IN_WINDOW, dt.time(10), tzinfo=BANGKOK), tick=False)


def start(calls, world, family=Family.PUBLIC_SERVICE, number=1, title="ศูนย์บริการร่วม"):
    return services.application_create(
        organization=world.dept,
        scheme=scheme(calls, family, number),
        title=title,
        user=world.coordinator,
    )


def screening(calls, world, office, family=Family.PUBLIC_SERVICE, number=1):
    """A complete application sent and moved to screening by the award office."""
    application = sent(
        fill(start(calls, world, family, number), world.coordinator), world.coordinator
    )
    return moved(application, office, Move.CHECK, Move.SCREEN)


def offered_moves(response) -> set[str]:
    """The moves the page offers: a form posting to the move's address."""
    text = response.content.decode()
    return set(re.findall(r'action="/awards/\d+/move/([a-z_]+)/"', text))


def detail(application):
    return reverse("awards:detail", args=[application.pk])


def move_url(application, move):
    return reverse("awards:move", args=[application.pk, move])


# --- a new application ---------------------------------------------------------------------------


def test_a_coordinator_starts_an_application_from_the_new_page(client, world, calls):
    client.force_login(world.coordinator)
    type_1 = scheme(calls, Family.PUBLIC_SERVICE, 1)
    url = reverse("awards:new")
    response = client.get(url, {"scheme": type_1.pk})
    assert response.status_code == 200
    assert response.context["form"].initial == {"scheme": str(type_1.pk)}
    response = client.post(
        url, {"organization": world.dept.pk, "scheme": type_1.pk, "title": "ศูนย์บริการร่วม"}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(application)
    assert (application.organization, application.scheme, application.stage) == (
        world.dept,
        type_1,
        Stage.DRAFT,
    )
    assert application.condition_answers.count() == type_1.conditions.count()


def test_a_new_application_without_a_title_is_refused_at_the_field(client, world, calls):
    client.force_login(world.coordinator)
    type_1 = scheme(calls, Family.PUBLIC_SERVICE, 1)
    response = client.post(
        reverse("awards:new"), {"organization": world.dept.pk, "scheme": type_1.pk, "title": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [gettext("Please fill in this field.")]
    assert gettext("Please fill in this field.") in response.content.decode()
    assert not Application.objects.exists()


def test_only_coordinators_may_start_an_application_and_only_for_their_organizations(
    client, world, calls, office
):
    type_1 = scheme(calls, Family.PUBLIC_SERVICE, 1)
    for person in (world.collector, world.executive, world.nobody, office):
        client.force_login(person)
        assert client.get(reverse("awards:new")).status_code == 403
        data = {"organization": world.dept.pk, "scheme": type_1.pk, "title": "x"}
        assert client.post(reverse("awards:new"), data).status_code == 403
    client.force_login(world.outsider)  # coordinates another ministry's department
    response = client.post(
        reverse("awards:new"), {"organization": world.dept.pk, "scheme": type_1.pk, "title": "x"}
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Application.objects.exists()


# --- the application's page ----------------------------------------------------------------------


def test_the_draft_page_shows_forms_still_to_do_and_no_send_button_until_complete(
    client, world, calls
):
    application = start(calls, world)
    client.force_login(world.coordinator)
    response = client.get(detail(application))
    assert response.status_code == 200
    text = response.content.decode()
    for number in (1, 2, 3):
        assert reverse(f"awards:form_{number}", args=[application.pk]) in text
    assert response.context["view"].problems  # forms 1-3 are empty
    assert 'id="problems"' in text
    assert offered_moves(response) == set()
    assert 'data-blocked="submit"' in text
    assert reverse("documents_pdf:award_application", args=[application.pk]) in text
    assert reverse("documents_pdf:award_assessment", args=[application.pk]) not in text
    assert reverse("awards:history", args=[world.dept.pk]) in text
    # The timetable in Thai dates: receiving 1 December 2568 – 13 February 2569.
    assert "13 กุมภาพันธ์ 2569" in text

    application = fill(application, world.coordinator)
    response = client.get(detail(application))
    assert response.context["view"].problems == []
    assert offered_moves(response) == {Move.SUBMIT}
    assert 'data-confirm="' in response.content.decode()


def test_the_page_is_a_404_for_another_organization_and_read_only_for_a_viewer(
    client, world, calls, pool
):
    application = start(calls, world)
    for person in (world.outsider, world.nobody, pool[0]):
        client.force_login(person)
        assert client.get(detail(application)).status_code == 404, person
        assert client.post(move_url(application, Move.SUBMIT)).status_code == 404, person
    for person in (world.collector, world.executive):
        client.force_login(person)
        response = client.get(detail(application))
        assert response.status_code == 200
        assert reverse("awards:form_1", args=[application.pk]) not in response.content.decode()
        assert offered_moves(response) == set()


def test_a_move_is_post_only_and_an_unknown_one_is_a_404(client, world, calls):
    application = start(calls, world)
    client.force_login(world.coordinator)
    assert client.get(move_url(application, Move.SUBMIT)).status_code == 405
    assert client.post(move_url(application, "jump")).status_code == 404


def test_sending_and_refusals_of_moves(client, world, calls, office):
    application = fill(start(calls, world), world.coordinator)
    client.force_login(world.collector)  # sees the application, may not send it
    assert client.post(move_url(application, Move.SUBMIT)).status_code == 403
    assert Application.objects.get().stage == Stage.DRAFT
    client.force_login(world.coordinator)
    response = client.post(move_url(application, Move.SUBMIT))
    assert response.status_code == 302
    assert Application.objects.get().stage == Stage.RECEIVED
    # Sent: forms can no longer be edited, and sending again is refused with the reason.
    response = client.post(move_url(application, Move.SUBMIT))
    assert response.status_code == 200
    assert Application.objects.get().stage == Stage.RECEIVED
    assert Event.objects.count() == 1
    assert response.context["offers"][0].move == Move.RECALL
    said = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(said) == 1 and said[0].message in response.content.decode()  # the stage's refusal
    client.force_login(office)
    client.post(move_url(application, Move.CHECK))
    # Not considered needs the reason, for the applicant: refused at the comment box, kept open.
    response = client.post(move_url(application, Move.REJECT), {f"{Move.REJECT}-comment": " "})
    assert response.status_code == 200
    offer = next(o for o in response.context["offers"] if o.move == Move.REJECT)
    assert offer.refused and "comment" in offer.form.errors
    assert Application.objects.get().stage == Stage.DOCUMENT_CHECK
    response = client.post(
        move_url(application, Move.REJECT), {f"{Move.REJECT}-comment": "ไม่มีบันทึกข้อตกลง"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.NOT_CONSIDERED
    assert application.events.last().comment == "ไม่มีบันทึกข้อตกลง"
    response = client.get(detail(application))
    assert "ไม่มีบันทึกข้อตกลง" in response.content.decode()


def test_the_office_assigns_and_unassigns_assessors_from_the_pool(
    client, world, calls, office, pool
):
    application = screening(calls, world, office)
    client.force_login(office)
    response = client.get(detail(application))
    choices = list(response.context["assign_form"].fields["assessor"].queryset)
    assert choices == pool[:3]  # the insider works in the applicant's department
    url = reverse("awards:assign", args=[application.pk])
    response = client.post(url, {"assessor": pool[3].pk})
    assert response.status_code == 200
    assert "assessor" in response.context["assign_form"].errors
    response = client.post(url, {"assessor": "abc"})
    assert "assessor" in response.context["assign_form"].errors
    assert not Assignment.objects.exists()
    assert client.post(url, {"assessor": pool[0].pk}).status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.assessor == pool[0]
    # Others may not assign: the coordinator sees the application (403), an outsider does not.
    client.force_login(world.coordinator)
    assert client.post(url, {"assessor": pool[1].pk}).status_code == 403
    unassign = reverse("awards:unassign", args=[application.pk, assignment.pk])
    assert client.post(unassign).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url, {"assessor": pool[1].pk}).status_code == 404
    assert Assignment.objects.count() == 1
    # The assessor sees the application now, with a link to their own sheet.
    client.force_login(pool[0])
    response = client.get(detail(application))
    assert response.status_code == 200
    assert reverse("awards:sheet", args=[application.pk]) in response.content.decode()
    history = reverse("awards:history", args=[world.dept.pk])
    assert history not in response.content.decode()  # the organization's history is not theirs
    assert client.get(history).status_code == 404
    client.force_login(office)
    assert client.post(unassign).status_code == 302
    assert not Assignment.objects.exists()


def test_the_result_is_provisional_for_the_office_and_hidden_from_the_applicant_until_announced(
    client, world, calls, office, pool
):
    application = screening(calls, world, office)
    first = services.assessor_assign(application=application, assessor=pool[0], user=office)
    second = services.assessor_assign(application=application, assessor=pool[1], user=office)
    score_all(first, pool[0])  # 1,050
    score_all(second, pool[1], value="110", finish=False)  # not finished: not counted
    client.force_login(office)
    response = client.get(detail(application))
    text = response.content.decode()
    assert response.context["result"]["total"] == 1050
    assert response.context["result"]["sheets"] == 1
    assert 'id="provisional"' in text
    assert 'data-status="provisional"' in text
    assert reverse("documents_pdf:award_assessment", args=[application.pk]) in text
    client.force_login(world.coordinator)
    response = client.get(detail(application))
    assert response.context["result"] is None
    assert 'id="result"' not in response.content.decode()
    assert reverse("documents_pdf:award_assessment", args=[application.pk]) not in (
        response.content.decode()
    )
    services.sheet_save(
        assignment=Assignment.objects.get(pk=second.pk),
        user=pool[1],
        version=2,
        finish=True,
    )
    application = moved(application, office, Move.VISIT, Move.COMMITTEE, Move.ANNOUNCE)
    response = client.get(detail(application))
    text = response.content.decode()
    assert response.context["result"]["total"] == 1025
    assert response.context["result"]["level"] == Level.DISTINGUISHED.label
    assert 'data-status="announced"' in text
    assert 'id="provisional"' not in text
    assert reverse("documents_pdf:award_assessment", args=[application.pk]) in text


def test_a_type_without_points_is_announced_with_the_committees_decision(
    client, world, calls, office, pool
):
    application = screening(calls, world, office, Family.PMQA, 1)
    sheet = services.assessor_assign(application=application, assessor=pool[0], user=office)
    services.sheet_save(assignment=sheet, user=pool[0], version=1, recommends=True, finish=True)
    application = moved(application, office, Move.COMMITTEE)
    client.force_login(office)
    response = client.get(detail(application))
    assert 'id="id_announce-level"' in response.content.decode()
    assert response.context["recommending"] == 1
    response = client.post(move_url(application, Move.ANNOUNCE), {"announce-note": "ผ่าน"})
    assert response.status_code == 200
    offer = next(o for o in response.context["offers"] if o.move == Move.ANNOUNCE)
    assert "level" in offer.form.errors
    assert offer.form["note"].value() == "ผ่าน"  # what was typed is kept
    assert Application.objects.get().stage == Stage.COMMITTEE
    response = client.post(
        move_url(application, Move.ANNOUNCE),
        {"announce-level": Level.AWARDED, "announce-note": "ผ่านการรับรอง"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.stage, application.level, application.result_note) == (
        Stage.ANNOUNCED,
        Level.AWARDED,
        "ผ่านการรับรอง",
    )
    assert AwardRecord.objects.get().application == application


def test_the_page_shows_the_eligibility_from_the_award_history(client, world, calls, office):
    application = start(calls, world, Family.PUBLIC_SERVICE, 5, "บริการยอดเยี่ยม")
    client.force_login(world.coordinator)
    response = client.get(detail(application))
    eligibility = response.context["eligibility"]
    assert not eligibility["met"]
    assert len(eligibility["reasons"]) == 3  # types 1, 2 and 3 or 4
    for number in (1, 2, 3):
        services.record_add(
            organization=world.dept,
            user=office,
            year=2569,
            family=Family.PUBLIC_SERVICE,
            number=number,
            scheme_name=f"ประเภท {number}",
            level=Level.DISTINGUISHED,
            work=f"ผลงาน {number}",
        )
    response = client.get(detail(application))
    eligibility = response.context["eligibility"]
    assert eligibility["met"]
    assert [a["number"] for a in eligibility["evidence"]] == [1, 2, 3]
    assert "ผลงาน 2" in response.content.decode()


def test_the_writing_aid_shows_words_pages_figures_and_repeated_sentences(client, world, calls):
    application = start(calls, world)
    repeated = "ประชาชนได้รับบริการที่รวดเร็วและสะดวกมากขึ้น"
    application = services.report_save(
        application=application,
        user=world.coordinator,
        version=application.version,
        summary="สรุป",
        answers={
            "1": f"{repeated} ลดเวลาลงร้อยละ 35 จาก 1,200 ราย",
            "2": f"ผลงานใหม่ {repeated}",
        },
    )
    client.force_login(world.coordinator)
    response = client.get(detail(application))
    aid = response.context["view"].writing
    assert aid.figures == 2
    assert [r.sentence for r in aid.repeats] == [repeated]
    assert len(aid.unanswered) == 10  # twelve questions, two answered
    text = response.content.decode()
    assert 'id="repeats"' in text
    assert f'data-figure="figures">{aid.figures}<' in text
    assert f'data-figure="words">{aid.words}<' in text


# --- the page offers exactly what the service takes ----------------------------------------------


def takes(application, move, user) -> bool:
    """Whether application_move accepts `move` from `user` now (undone afterwards)."""
    extra = {}
    if move == Move.REJECT:
        extra["comment"] = "เอกสารไม่ครบ"
    if move == Move.ANNOUNCE and not application.scheme.criteria.exists():
        extra["decision"] = services.Decision(Level.AWARDED)
    try:
        with transaction.atomic():
            services.application_move(application=application, move=move, user=user, **extra)
            transaction.set_rollback(True)
    except (PermissionDenied, ValidationError):
        return False
    return True


@pytest.mark.parametrize(("family", "number"), [(Family.PUBLIC_SERVICE, 1), (Family.PMQA, 1)])
def test_the_page_offers_exactly_the_moves_the_service_takes(
    client, world, calls, office, pool, family, number
):
    people = [world.coordinator, world.collector, world.executive, office, pool[0]]
    application = start(calls, world, family, number)

    def check():
        application.refresh_from_db()
        for person in people:
            client.force_login(person)
            response = client.get(detail(application))
            offered = offered_moves(response) if response.status_code == 200 else set()
            taken = {m for m in Move.values if takes(application, m, person)}
            assert offered == taken, (application.stage, person, offered, taken)

    check()  # an empty draft: nothing to send
    fill(application, world.coordinator)
    check()
    sent(application, world.coordinator)
    check()
    moved(application, office, Move.CHECK)
    check()
    moved(application, office, Move.SCREEN)
    check()  # no assessor yet: no committee
    sheet = services.assessor_assign(application=application, assessor=pool[0], user=office)
    check()  # an unfinished sheet: no committee
    score_all(sheet, pool[0])
    check()
    moved(application, office, Move.VISIT, Move.COMMITTEE)
    check()
    services.application_move(
        application=application,
        move=Move.ANNOUNCE,
        user=office,
        decision=services.Decision(Level.AWARDED),
    )
    check()


# --- query counts ------------------------------------------------------------------------------


def test_the_application_page_runs_a_fixed_number_of_queries(
    client, world, calls, office, pool, django_assert_num_queries
):
    from khamrap.awards.models import Assessor

    application = screening(calls, world, office)
    client.force_login(office)
    url = detail(application)

    def assessors(start, stop):
        for n in range(start, stop):
            user = world.person(f"extra{n}")
            Assessor.objects.create(user=user)
            sheet = services.assessor_assign(application=application, assessor=user, user=office)
            score_all(sheet, user, finish=n % 2 == 0)

    assessors(0, 1)
    client.get(url)
    # session, user; the application; rights (coordinate, evaluate, own sheet); criteria,
    # conditions, answers, questions; the writing aid's answers and questions; timetable, events;
    # the sheets and their scores; the consolidation's criteria and scores; header memberships;
    # the pool offered
    with django_assert_num_queries(20):
        response = client.get(url)
    assert len(response.context["view"].sheets) == 1
    assessors(1, 4)
    with django_assert_num_queries(20):
        response = client.get(url)
    assert len(response.context["view"].sheets) == 4
