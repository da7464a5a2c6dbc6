"""Random interleavings of the PMQA services by the right and the wrong people keep the year whole.

After every step:
- a refused step changed nothing (the year, its plan, profile, assessments, projects, events);
- the plan approval day is set exactly while the plan is approved, the report day exactly while
  the preliminary report is complete, and a complete report has every chosen item answered;
- the profile's completion day is set exactly while every required question is answered;
- the plan (categories, working group, units) changes only while planning;
- the events chain from status to status along YEAR_TRANSITIONS and end at the year's status;
- the page offers a move exactly when the service takes it (one policy for both); submitting and
  completing are also refused for what the plan or the report lacks;
- after every step taken the linked indicator holds the year's steps (seed 000), the head's
  approval recorded on behalf of the coordinator who linked it.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khamrap.pmqa import services
from khamrap.pmqa.choices import YEAR_TRANSITIONS, Scope, YearMove, YearStatus
from khamrap.pmqa.models import Item, PmqaYear, ProfileQuestion
from khamrap.pmqa.policy import year_rights
from khamrap.pmqa.services.indicator import reporting_round
from khamrap.pmqa.services.work import profile_completeness, report_messages
from khamrap.pmqa.services.year import CategoryChoice
from khamrap.reporting.models import Result
from khamrap.rules import pmqa as rules

from .conftest import answer_profile, assess_all, plan

pytestmark = pytest.mark.django_db

OPS = (
    "plan",
    "plan_without_mandatory",
    "briefing",
    "training",
    "profile",
    "profile_blank",
    "assess",
    "project",
    *YearMove.values,
)
# The coordinator twice over: most steps are theirs; the others are there to be refused.
PEOPLE = ("coordinator", "coordinator", "head", "collector", "outsider")
SEEN: set[str] = set()


def snapshot(year: PmqaYear) -> tuple:
    year = PmqaYear.objects.get(pk=year.pk)
    return (
        year.status,
        year.plan_approved_on,
        year.report_completed_on,
        year.profile_completed_on,
        year.briefing_on,
        year.training_on,
        year.return_comment,
        plan_of(year),
        tuple(year.profile_answers.values_list("question_id", "text").order_by("question_id")),
        tuple(year.assessments.values_list("item_id", "version").order_by("item_id")),
        tuple(year.projects.values_list("title", "status").order_by("pk")),
        year.events.count(),
    )


def plan_of(year: PmqaYear) -> tuple:
    return (
        tuple(year.category_plans.values_list("category__number", "scope", "responsible_name")),
        tuple(year.members.values_list("name", "role")),
        tuple(year.selected_units.values_list("unit_id", flat=True)),
    )


def take(op: str, who, year: PmqaYear, n: int) -> None:
    if op == "plan":
        plan(year, who)
    elif op == "plan_without_mandatory":
        services.plan_save(year=year, user=who, categories=[CategoryChoice(3, Scope.VOLUNTARY)])
    elif op in ("briefing", "training"):
        services.activity_record(
            year=year, user=who, activity=op, held_on=dt.date(2025, 11, 1 + n), attendees=10 + n
        )
    elif op == "profile":
        answer_profile(year, who)
    elif op == "profile_blank":
        question = ProfileQuestion.objects.filter(section__version=year.criteria_id).first()
        services.profile_save(year=year, user=who, answers={question.pk: ""})
    elif op == "assess":
        items = Item.objects.filter(category__in=year.category_plans.values("category"))
        for item in items:  # each save names the version it read, as the page does
            assessment = year.assessments.filter(item=item).first()
            services.assessment_save(
                year=year,
                item=item,
                user=who,
                version=assessment.version if assessment else 1,
                ratings=dict.fromkeys(item.dimensions, n % 6),
                strengths=["จุดแข็ง"],
                ofis=["โอกาสในการปรับปรุง"],
            )
        if not items:
            assess_all(year, who)
    elif op == "project":
        services.project_save(
            year=year,
            user=who,
            title=f"โครงการ {n}",
            owner_name="กองแผนงาน",
            deadline=dt.date(2026, 6, 30),
        )
    else:
        services.year_move(year=year, move=op, user=who, comment="แก้ไขแผน" if n % 2 else "")


# The moves twice over: the year's states are reached by moves, so they come up more often.
step = st.tuples(
    st.sampled_from(OPS + tuple(YearMove.values)), st.sampled_from(PEOPLE), st.integers(0, 9)
)


@pytest.mark.parametrize("start", ["planning", "approved", "assessed", "reported"])
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same interleavings on every run and database
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=3, max_size=20))
def test_random_interleavings_keep_the_year_whole(year, world, head, signed, start, steps):
    people = {
        "coordinator": world.coordinator,
        "head": head,
        "collector": world.collector,
        "outsider": world.outsider,
    }
    with transaction.atomic():
        services.indicator_link(
            year=year, indicator=signed.indicators.get(number="16"), user=world.coordinator
        )
        # Start part-way too, so that completing and reopening the report come up often.
        if start != "planning":
            take("plan", world.coordinator, year, 0)
            take(YearMove.SUBMIT, world.coordinator, year, 0)
            take(YearMove.APPROVE, head, year, 0)
        if start in ("assessed", "reported"):
            take("assess", world.coordinator, PmqaYear.objects.get(pk=year.pk), 3)
        if start == "reported":
            take(YearMove.COMPLETE, world.coordinator, year, 0)
        fixed_plan = None
        for op, person, n in steps:
            who = people[person]
            current = PmqaYear.objects.get(pk=year.pk)
            offered = op in YearMove.values and op in year_rights(who, current).moves
            before = snapshot(year)
            try:
                with transaction.atomic():
                    take(op, who, current, n)
                done, refusal = True, None
            except (ValidationError, PermissionDenied) as error:
                done, refusal = False, error
            if not done:
                assert snapshot(year) == before, (op, person, refusal)
            if op in YearMove.values:
                content = isinstance(refusal, ValidationError) and refusal.error_list[0].code in (
                    "plan",
                    "incomplete",
                    "comment",
                )
                assert offered == (done or content), (op, person, refusal)
            current = PmqaYear.objects.get(pk=year.pk)
            if done:
                SEEN.add(f"{op} {current.status}")
            check(current, fixed_plan)
            fixed_plan = None if current.status == YearStatus.PLANNING else plan_of(current)
            if done:
                target = reporting_round(current)
                result = Result.objects.filter(
                    indicator=current.indicator, reporting_round=target
                ).first()
                expected = rules.milestone_steps(current.state()).done
                assert tuple(result.steps_done) == expected, (op, expected)
        transaction.set_rollback(True)


def check(year: PmqaYear, fixed_plan) -> None:
    approved = year.status in (YearStatus.APPROVED, YearStatus.REPORTED)
    assert (year.plan_approved_on is not None) == approved
    assert (year.report_completed_on is not None) == (year.status == YearStatus.REPORTED)
    if year.status == YearStatus.REPORTED:
        assert report_messages(year) == []
    assert (year.profile_completed_on is not None) == profile_completeness(year).complete
    if fixed_plan is not None:
        assert plan_of(year) == fixed_plan
    status = YearStatus.PLANNING
    for event in year.events.all():
        rule = YEAR_TRANSITIONS[event.move]
        assert event.from_status == status and event.from_status in rule.sources
        assert event.to_status == rule.target
        status = event.to_status
    assert status == year.status


def test_the_random_interleavings_reached_a_complete_report():
    """The property test is only as good as the states it reaches."""
    if not SEEN:
        pytest.skip("run with the property test")
    # Completed and reopened within the steps, not only at the start.
    assert {f"complete {YearStatus.REPORTED}", f"reopen {YearStatus.APPROVED}"} <= SEEN
