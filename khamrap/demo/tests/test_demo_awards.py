"""The demo's awards (khamrap/demo/awards.py): the calls of 2569, the assessors' pool, the award
history and one application of each family at its own stage, written through the award services."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from khamrap.awards import selectors, services
from khamrap.awards.choices import Family, Level, Move, Stage
from khamrap.awards.models import (
    Answer,
    Application,
    Assessor,
    Assignment,
    AwardRecord,
    Call,
    CallDate,
    ConditionAnswer,
    Event,
    MaintenanceReport,
    Score,
)
from khamrap.awards.readiness import history_eligibility, send_problems, writing_aid
from khamrap.demo.award_texts import REPEATED
from khamrap.demo.awards import POOL, YEAR
from khamrap.demo.loader import demo_load, demo_logins
from khamrap.demo.people import CHIANG_RAI
from khamrap.organizations.models import Membership


def user(username):
    return get_user_model().objects.get(username=username)


def application(code, family, number):
    return Application.objects.select_related("organization", "scheme__call__fiscal_year").get(
        organization__code=code, scheme__call__family=family, scheme__number=number
    )


def integration():
    return application("DOAE", Family.PUBLIC_SERVICE, 2)


def haze():
    return application(CHIANG_RAI, Family.PARTICIPATORY, 2)


def leadership():
    return application("DOA", Family.PMQA, 2)


def continuous():
    return application("DOAE", Family.PUBLIC_SERVICE, 6)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def window(app, stage) -> CallDate:
    return CallDate.objects.get(call=app.scheme.call, stage=stage)


def test_the_three_families_calls_of_2569_are_open_from_seed_004(demo):
    calls = Call.objects.filter(fiscal_year__year=YEAR)
    assert sorted(calls.values_list("family", flat=True)) == sorted(Family.values)
    public = calls.get(family=Family.PUBLIC_SERVICE)
    assert list(public.schemes.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert public.dates.count() == 6


def test_each_family_has_one_application_at_its_own_stage(demo):
    stages = {
        (a.organization.code, a.scheme.call.family, a.scheme.number): a.stage
        for a in Application.objects.select_related("organization", "scheme__call")
    }
    assert stages == {
        ("DOAE", Family.PUBLIC_SERVICE, 2): Stage.ANNOUNCED,
        (CHIANG_RAI, Family.PARTICIPATORY, 2): Stage.SITE_VISIT,
        ("DOA", Family.PMQA, 2): Stage.DOCUMENT_CHECK,
        ("DOAE", Family.PUBLIC_SERVICE, 6): Stage.DRAFT,
    }
    assert [e.move for e in integration().events.all()] == [
        Move.SUBMIT,
        Move.CHECK,
        Move.SCREEN,
        Move.VISIT,
        Move.COMMITTEE,
        Move.ANNOUNCE,
    ]
    assert [e.move for e in haze().events.all()] == [
        Move.SUBMIT,
        Move.CHECK,
        Move.SCREEN,
        Move.VISIT,
    ]
    assert [e.move for e in leadership().events.all()] == [Move.SUBMIT, Move.CHECK]
    assert not continuous().events.exists()


def test_each_application_was_sent_inside_its_calls_receiving_window_and_moved_in_order(demo):
    for app in (integration(), haze(), leadership()):
        received = window(app, Stage.RECEIVED)
        assert received.starts_on <= local_day(app.submitted_at) <= received.ends_on
        days = [local_day(e.at) for e in app.events.all()]
        assert days == sorted(days)
        assert {e.actor.username for e in app.events.exclude(move=Move.SUBMIT)} == {"evaluator"}
    announced = integration()
    result = window(announced, Stage.ANNOUNCED)
    assert result.starts_on <= announced.announced_on <= result.ends_on


def test_the_announced_total_and_level_are_the_consolidations(demo):
    app = integration()
    consolidated = services.consolidation(app)
    assert consolidated is not None and consolidated.sheets == 2
    assert (app.total, app.level) == (consolidated.total, consolidated.level)
    assert app.total >= 800 and app.level == Level.DISTINGUISHED
    sheets = selectors.application_view(app, user("evaluator")).sheets
    assert len(sheets) == 2
    assert all(sheet.finished for sheet in sheets)
    assert len({sheet.total for sheet in sheets}) == 2  # the assessors differ
    assert all(row.note for sheet in sheets for row in sheet.rows)  # a note on every criterion
    record = AwardRecord.objects.get(application=app)
    assert (record.organization.code, record.year, record.number, record.level) == (
        "DOAE",
        YEAR,
        2,
        Level.DISTINGUISHED,
    )


def test_the_integration_report_is_complete_within_its_limits_with_figures(demo):
    app = integration()
    aid = writing_aid(app)
    assert aid.unanswered == [] and aid.over_limit == [] and aid.repeats == []
    assert aid.pages <= app.scheme.call.page_limit
    answers = list(Answer.objects.filter(application=app).select_related("question"))
    assert len(answers) == app.scheme.questions.count() == 12
    for answer in answers:
        assert 100 <= answer.words <= answer.question.word_limit
    assert aid.figures >= 50
    assert all(c.met for c in ConditionAnswer.objects.filter(application=app))
    assert send_problems(app, today=window(app, Stage.RECEIVED).starts_on) == []


def test_the_history_makes_type_6_eligible_and_the_draft_shows_its_repeated_sentence(demo):
    draft = continuous()
    eligibility = history_eligibility(draft)
    assert eligibility is not None and eligibility.met
    assert [(a.year, a.number) for a in eligibility.evidence] == [(2565, 4)]
    reports = MaintenanceReport.objects.filter(record__organization__code="DOAE")
    assert sorted(reports.values_list("year", flat=True)) == [2567, 2568, 2569]
    aid = writing_aid(draft)
    assert [r.sentence for r in aid.repeats] == [REPEATED]
    # Partly written: form 2's condition 3 and the summary are missing; after the closing day,
    # the closed window is one problem more.
    assert ConditionAnswer.objects.filter(application=draft, met__isnull=True).count() == 1
    assert draft.summary == "" and draft.contact_phone == ""
    closing = window(draft, Stage.RECEIVED).ends_on
    on_the_last_day = send_problems(draft, today=closing)
    assert len(on_the_last_day) >= 3
    assert (
        len(send_problems(draft, today=closing + dt.timedelta(days=1))) == len(on_the_last_day) + 1
    )


def test_chiang_rai_extends_its_2567_award_with_one_sheet_finished_and_one_begun(demo):
    app = haze()
    assert app.earlier_award.year == 2567 and app.earlier_award.level == Level.GOOD
    assert app.added_areas == 4
    assert history_eligibility(app).met
    assert app.assignments.count() == 2
    finished = app.assignments.get(submitted_at__isnull=False)
    begun = app.assignments.get(submitted_at__isnull=True)
    criteria = app.scheme.criteria.count()
    assert finished.scores.filter(points__isnull=False).count() == criteria
    assert 0 < begun.scores.filter(points__isnull=False).count() < criteria
    assert services.consolidation(app).sheets == 1


def test_the_pmqa_category_application_rests_on_a_fundamental_level_record(demo):
    app = leadership()
    assert app.pmqa_category == 1
    eligibility = history_eligibility(app)
    assert eligibility.met
    assert [(a.year, a.family, a.number) for a in eligibility.evidence] == [(2567, Family.PMQA, 1)]
    assert not app.assignments.exists()


def test_the_pool_assessors_are_assigned_only_to_what_they_score(demo):
    assert set(Assessor.objects.values_list("user__username", flat=True)) == set(POOL)
    assert not Assessor.objects.filter(user__username="evaluator").exists()
    for username in POOL:
        person = user(username)
        assert not Membership.objects.filter(user=person).exists()
        assignments = Assignment.objects.filter(assessor=person)
        assert assignments.exists()
        assert all(a.scores.exists() for a in assignments)
        seen = set(selectors.application_list(person).values_list("pk", flat=True))
        assert seen == set(assignments.values_list("application_id", flat=True))
    assert {a.assessor.username for a in integration().assignments.all()} == set(POOL)


def test_the_assessors_sign_in_like_every_demo_user(demo):
    logins = {username: roles for username, _password, roles in demo_logins()}
    assert logins["assessor"] == logins["assessor2"] == "ผู้ตรวจประเมินรางวัล"
    assert user("assessor").check_password("khamrap-demo")


def test_loading_the_demo_again_adds_no_award_row(demo):
    models = (
        Call,
        CallDate,
        Assessor,
        AwardRecord,
        MaintenanceReport,
        Application,
        ConditionAnswer,
        Answer,
        Event,
        Assignment,
        Score,
    )

    def counts():
        return [model.objects.count() for model in models]

    before = counts()
    versions = list(Application.objects.order_by("pk").values_list("version", flat=True))
    demo_load()
    assert counts() == before
    assert list(Application.objects.order_by("pk").values_list("version", flat=True)) == versions
