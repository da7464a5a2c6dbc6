"""Deadline reminders: who owes what for a round, which days they are told, and the e-mail itself."""

import datetime as dt
import io
import os
import signal
import smtplib
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.utils import translation

from khamrap.agreements.choices import AgreementStatus
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.tests.builders import group
from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.services import organization_create
from khamrap.reporting.choices import ReportStatus, ResultStatus
from khamrap.reporting.management.commands.send_reminders import (
    Command,
    seconds_until_next_day,
)
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.reminders import (
    OwedKind,
    owed_work,
    reminder_message,
    reminders_due,
    send_reminders,
)
from khamrap.reporting.services import result_record

BANGKOK = ZoneInfo("Asia/Bangkok")
# Fiscal year 2569's six-month round: results up to 31 March 2026, due by 30 April 2026.
CUTOFF = dt.date(2026, 3, 31)
DEADLINE = dt.date(2026, 4, 30)
WEEK_BEFORE = dt.date(2026, 4, 23)

ENTER, APPROVE, REPORT = OwedKind.ENTER_RESULT, OwedKind.APPROVE_RESULT, OwedKind.SUBMIT_REPORT
# What result_record needs for each indicator of the `agreement` fixture.
ENTRIES = {"1": {"value": Decimal(90)}, "16": {"steps_done": [1, 2]}, "3": {"passed": True}}


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 23, 8, 0, tzinfo=BANGKOK), tick=False)


def record(world, agreement, six, number, status):
    """A result recorded through the service, then moved to `status` (no workflow service yet)."""
    indicator = agreement.indicators.get(number=number)
    result = result_record(
        indicator=indicator, reporting_round=six, user=world.collector, **ENTRIES[number]
    )
    Result.objects.filter(pk=result.pk).update(status=status)


def owed(today, **kwargs):
    return {
        (i.user.username, i.kind, i.indicator.number if i.indicator else None)
        for i in owed_work(today, **kwargs)
    }


# --- who owes what -----------------------------------------------------------------------------------


def test_it_asks_collectors_for_missing_results_and_the_coordinator_for_the_report(signed):
    assert owed(WEEK_BEFORE) == {
        ("charlie", ENTER, "1"),
        ("charlie", ENTER, "16"),
        ("charlie", ENTER, "3"),
        ("bob", REPORT, None),
    }


def test_it_follows_each_results_status(world, signed, six):
    record(world, signed, six, "1", ResultStatus.RETURNED)
    record(world, signed, six, "16", ResultStatus.SUBMITTED)
    record(world, signed, six, "3", ResultStatus.APPROVED)
    assert owed(WEEK_BEFORE) == {
        ("charlie", ENTER, "1"),  # returned: the collector corrects it
        ("alice", APPROVE, "16"),  # submitted: the supervisor approves or returns it
        ("bob", REPORT, None),
    }


def test_the_submitter_is_not_asked_to_approve_their_own_result(world, signed, six, settings):
    record(world, signed, six, "16", ResultStatus.SUBMITTED)
    # alice supervises indicator 16 and submitted it herself: with FOUR_EYES another approves.
    Result.objects.filter(indicator__number="16").update(submitted_by=world.executive)
    assert ("alice", APPROVE, "16") not in owed(WEEK_BEFORE)
    settings.FOUR_EYES = False
    assert ("alice", APPROVE, "16") in owed(WEEK_BEFORE)


def test_a_draft_result_is_still_owed_by_its_collector(world, signed, six):
    record(world, signed, six, "1", ResultStatus.DRAFT)
    assert ("charlie", ENTER, "1") in owed(WEEK_BEFORE)


def test_the_coordinator_owes_an_open_report_and_nobody_a_submitted_one(world, signed, six):
    report = RoundReport.objects.create(agreement=signed, reporting_round=six)
    record(world, signed, six, "16", ResultStatus.SUBMITTED)
    assert {("bob", REPORT, None), ("alice", APPROVE, "16")} <= owed(WEEK_BEFORE)
    # A submitted report locks its results: it is the evaluator's turn, not theirs.
    report.status = ReportStatus.SUBMITTED
    report.save()
    assert owed_work(WEEK_BEFORE) == []


def test_nobody_owes_anything_once_the_report_is_closed(signed, six):
    RoundReport.objects.create(agreement=signed, reporting_round=six, status=ReportStatus.CLOSED)
    assert owed_work(WEEK_BEFORE) == []


def test_nobody_owes_anything_for_an_agreement_not_yet_signed(agreement):
    assert agreement.status == AgreementStatus.DRAFT
    assert owed_work(WEEK_BEFORE) == []


def test_nothing_is_owed_until_the_cutoff_date_has_passed(signed):
    assert owed_work(CUTOFF) == []
    assert owed(CUTOFF + dt.timedelta(days=1))
    # The nine-month round (cut-off 30 June) is not reported yet.
    assert {i.reporting_round.months for i in owed_work(WEEK_BEFORE)} == {6}


def test_it_counts_the_days_left_and_marks_what_is_overdue(signed):
    on_the_day = owed_work(DEADLINE)
    assert {(i.days_left, i.overdue, i.deadline) for i in on_the_day} == {(0, False, DEADLINE)}
    late = owed_work(dt.date(2026, 5, 3))
    assert {(i.days_left, i.overdue, i.days_overdue) for i in late} == {(-3, True, 3)}


def test_the_parts_of_a_composite_are_owed_by_the_people_named_on_it(world, signed):
    composite = Indicator.objects.create(
        agreement=signed,
        group=group("2"),
        number="4",
        name="ดัชนีรวม",
        weight=Decimal(10),
        kind="composite",
        order=10,
    )
    for n in (1, 2):
        Indicator.objects.create(
            agreement=signed,
            group=group("2"),
            parent=composite,
            number=f"4.{n}",
            name=f"ส่วนที่ {n}",
            weight=Decimal(5),
            kind="pass_fail",
            order=10 + n,
        )
    frank = world.person("frank")
    composite.collectors.add(frank, world.collector)
    signed.indicators.get(number="4.1").collectors.add(world.collector)
    items = owed(WEEK_BEFORE)
    assert {("frank", ENTER, "4.1"), ("frank", ENTER, "4.2")} <= items
    assert not any(number == "4" for _who, _kind, number in items)
    # Named on the part and on its composite: one item, not two.
    assert [
        i.user.username
        for i in owed_work(WEEK_BEFORE)
        if i.indicator and i.indicator.number == "4.1"
    ] == [
        "charlie",
        "frank",
    ]


def test_it_can_be_narrowed_to_one_person(world, signed, six):
    record(world, signed, six, "16", ResultStatus.SUBMITTED)
    assert owed(WEEK_BEFORE, user=world.collector) == {
        ("charlie", ENTER, "1"),
        ("charlie", ENTER, "3"),
    }
    assert owed(WEEK_BEFORE, user=world.executive) == {("alice", APPROVE, "16")}
    assert owed(WEEK_BEFORE, user=world.coordinator) == {("bob", REPORT, None)}
    assert owed_work(WEEK_BEFORE, user=world.outsider) == []


def test_whoever_may_coordinate_the_organization_is_asked_for_the_report(world, signed, six):
    # The organization's administrator may submit its report (ROLE_ACTIONS), so is reminded too;
    # an administrator of the ministry above is not (the report is the department's own).
    admin = world.person("dept-admin", Role.ADMINISTRATOR, world.dept)
    above = world.person("ministry-admin", Role.ADMINISTRATOR, world.ministry)
    assert owed(WEEK_BEFORE, user=admin) == {("dept-admin", REPORT, None)}
    assert owed_work(WEEK_BEFORE, user=above) == []
    assert ("dept-admin", REPORT, None) in owed(WEEK_BEFORE)


def test_people_whose_account_is_disabled_are_left_out(world, signed):
    world.collector.is_active = False
    world.collector.save()
    assert owed(WEEK_BEFORE) == {("bob", REPORT, None)}


def test_each_item_links_to_the_page_where_the_work_is_done(world, signed, six):
    record(world, signed, six, "16", ResultStatus.SUBMITTED)
    paths = {
        (i.kind, i.indicator.number if i.indicator else None): i.path
        for i in owed_work(WEEK_BEFORE)
    }
    one = signed.indicators.get(number="1")
    sixteen = signed.indicators.get(number="16")
    assert paths[ENTER, "1"] == f"/results/indicator/{one.pk}/round/{six.pk}/"
    assert paths[APPROVE, "16"] == f"/results/indicator/{sixteen.pk}/round/{six.pk}/"
    assert paths[REPORT, None] == f"/results/agreement/{signed.pk}/round/{six.pk}/"


# --- the same number of queries, however many organizations --------------------------------------


def more_signed_agreements(world, fiscal_year, six, count):
    """`count` more signed agreements, each with a coordinator, people and results in every state."""
    for k in range(count):
        organization = organization_create(
            code=f"M1-X{k}",
            name_th=f"กรมทดสอบ {k}",
            kind=OrganizationKind.DEPARTMENT,
            parent=world.ministry,
        )
        world.person(f"coordinator{k}", Role.COORDINATOR, organization)
        collector = world.person(f"collector{k}", Role.COLLECTOR, organization)
        supervisor = world.person(f"supervisor{k}", Role.SUPERVISOR, organization)
        agreement = Agreement.objects.create(
            organization=organization,
            fiscal_year=fiscal_year,
            framework=fiscal_year.framework,
            status=AgreementStatus.PUBLISHED,
        )
        statuses = [None, ResultStatus.DRAFT, ResultStatus.SUBMITTED, ResultStatus.RETURNED]
        for j, status in enumerate(statuses):
            indicator = Indicator.objects.create(
                agreement=agreement,
                group=group("1"),
                number=str(j + 1),
                name=f"ตัวชี้วัดที่ {j + 1}",
                weight=Decimal(25),
                kind="numeric",
                order=j,
            )
            indicator.collectors.add(collector)
            indicator.supervisors.add(supervisor)
            if status:
                Result.objects.create(indicator=indicator, reporting_round=six, status=status)
        RoundReport.objects.create(agreement=agreement, reporting_round=six)


@pytest.mark.parametrize("extra", [1, 6])
def test_it_runs_a_fixed_number_of_queries(
    world, signed, fiscal_year, six, extra, django_assert_num_queries
):
    more_signed_agreements(world, fiscal_year, six, extra)
    with django_assert_num_queries(8):
        items = owed_work(WEEK_BEFORE)
    # Each extra agreement: three results to enter, one to approve, one report.
    assert len(items) == 4 + 5 * extra
    with django_assert_num_queries(8):
        assert len(owed_work(WEEK_BEFORE, user=world.collector)) == 3
    with django_assert_num_queries(8):
        assert len(reminders_due(WEEK_BEFORE)) == 2 + 3 * extra


def test_it_stops_early_when_nothing_can_be_owed(agreement, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert owed_work(CUTOFF) == []  # no round being reported
    with django_assert_num_queries(2):
        assert owed_work(WEEK_BEFORE) == []  # the only agreement is a draft


# --- which days people are reminded ------------------------------------------------------------------


def reminded_on(first: dt.date, last: dt.date) -> dict[dt.date, list[str]]:
    """Run the daily job on every day from `first` to `last`; who got an e-mail on which day."""
    days = {}
    day = first
    while day <= last:
        mail.outbox.clear()
        send_reminders(day)
        if mail.outbox:
            days[day] = sorted(address for m in mail.outbox for address in m.to)
        day += dt.timedelta(days=1)
    return days


def test_it_reminds_7_3_and_1_days_before_and_1_3_and_7_days_after_the_deadline(signed):
    days = reminded_on(dt.date(2026, 4, 1), dt.date(2026, 5, 20))
    everyone = ["bob@example.org", "charlie@example.org"]
    assert days == {
        dt.date(2026, 4, 23): everyone,
        dt.date(2026, 4, 27): everyone,
        dt.date(2026, 4, 29): everyone,
        dt.date(2026, 5, 1): everyone,
        dt.date(2026, 5, 3): everyone,
        dt.date(2026, 5, 7): everyone,
    }


def test_the_days_come_from_the_settings_when_given(signed, settings):
    settings.REMINDER_DAYS_BEFORE = (2,)
    settings.REMINDER_DAYS_AFTER = ()
    assert list(reminded_on(dt.date(2026, 4, 1), dt.date(2026, 5, 20))) == [dt.date(2026, 4, 28)]
    assert reminders_due(dt.date(2026, 5, 5), after=(5,))


def test_one_email_per_person_lists_everything_they_owe(world, signed):
    assert send_reminders(WEEK_BEFORE) == 2
    (to_charlie,) = [m for m in mail.outbox if m.to == ["charlie@example.org"]]
    for name in ("ร้อยละของเกษตรกรที่ได้รับการส่งเสริม", "ผ่านการรับรองมาตรฐานการให้บริการ"):
        assert name in to_charlie.body


def test_people_without_an_email_address_are_skipped(world, signed):
    world.collector.email = ""
    world.collector.save()
    assert send_reminders(WEEK_BEFORE) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]


def test_one_refused_address_does_not_stop_the_others(signed, caplog):
    class RefusesCharlie(locmem.EmailBackend):
        def send_messages(self, messages):
            if any("charlie@example.org" in m.to for m in messages):
                raise smtplib.SMTPRecipientsRefused({"charlie@example.org": (550, b"no")})
            return super().send_messages(messages)

    assert send_reminders(WEEK_BEFORE, connection=RefusesCharlie()) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert "charlie@example.org" in caplog.text


def test_nothing_is_sent_on_an_ordinary_day(signed):
    assert send_reminders(dt.date(2026, 4, 24)) == 0
    assert mail.outbox == []


# --- the e-mail ----------------------------------------------------------------------------------------


def test_the_email_is_in_thai_with_thai_dates_and_links(world, signed, six, settings):
    settings.SITE_URL = "https://khamrap.example.go.th/"
    # Even when the job runs in English, the e-mail is Thai.
    with translation.override("en"):
        send_reminders(WEEK_BEFORE)
    (message,) = [m for m in mail.outbox if m.to == ["charlie@example.org"]]
    assert "คำรับรอง" in message.subject
    assert "30 เมษายน 2569" in message.subject
    assert "\n" not in message.subject
    assert "30 เมษายน 2569" in message.body
    assert "23 เมษายน 2569" in message.body  # today
    assert "รอบ 6 เดือน" in message.body
    assert "กรมหนึ่ง" in message.body
    assert "ตัวชี้วัด" in message.body
    indicator = signed.indicators.get(number="1")
    link = f"https://khamrap.example.go.th/results/indicator/{indicator.pk}/round/{six.pk}/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="th"' in html
    assert "30 เมษายน 2569" in html
    assert f'href="{link}"' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_wording_says_due_before_and_overdue_after_the_deadline(world, signed):
    # English, so that the wording is checked before the Thai catalogue has these strings.
    with translation.override("en"):
        before = reminders_due(WEEK_BEFORE)[world.coordinator]
        after = reminders_due(dt.date(2026, 5, 3))[world.coordinator]
        due = reminder_message(world.coordinator, before, today=WEEK_BEFORE, site_url="http://x")
        late = reminder_message(
            world.coordinator, after, today=dt.date(2026, 5, 3), site_url="http://x"
        )
    # An English reader gets English month names, the year still in the Buddhist Era.
    assert "1 item is due by 30 April 2569 BE" in due.subject
    assert "in 7 days" in due.body
    assert "overdue" in late.subject
    assert "30 April 2569 BE, 3 days ago" in late.body


# --- the command ---------------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_once_for_today_by_default(signed):
    output = run()
    assert "2026-04-23" in output
    assert "2" in output
    assert len(mail.outbox) == 2


def test_the_command_sends_for_a_given_date(signed):
    assert "2026-04-24" in run("--date", "2026-04-24")
    assert mail.outbox == []
    run("--date", "2026-05-07")
    assert len(mail.outbox) == 2


def test_the_command_refuses_a_date_with_the_loop(signed):
    with pytest.raises(CommandError):
        run("--loop", "--date", "2026-04-23")


def test_the_loop_runs_until_its_iterations_are_used_up(signed):
    output = run("--loop", "--interval", "0", "--max-iterations", "3")
    assert output.count("2026-04-23") == 3
    assert len(mail.outbox) == 6


def test_the_loop_option_for_tests_is_hidden_from_help():
    text = Command().create_parser("manage.py", "send_reminders").format_help()
    assert "--loop" in text
    assert "--interval" in text
    assert "--max-iterations" not in text


def test_the_daily_loop_stops_cleanly_on_sigterm(signed):
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        # Without --interval it would wait until tomorrow; SIGTERM must end the wait at once.
        output = run("--loop")
    finally:
        timer.cancel()
    assert output.count("2026-04-23") == 1
    assert len(mail.outbox) == 2
    assert signal.getsignal(signal.SIGTERM) == before


def test_the_loop_stops_cleanly_on_keyboard_interrupt(signed, monkeypatch):
    from khamrap.reporting.management.commands import send_reminders as command

    calls = []

    def interrupted(day):
        calls.append(day)
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "send_reminders", interrupted)
    output = run("--loop", "--interval", "0")
    assert len(calls) == 1
    assert output.strip()


def test_the_loop_waits_until_just_after_midnight():
    now = dt.datetime(2026, 4, 23, 23, 59, 0, tzinfo=BANGKOK)
    assert seconds_until_next_day(now) == 61
    assert seconds_until_next_day(dt.datetime(2026, 4, 23, 8, 0, tzinfo=BANGKOK)) == 16 * 3600 + 1
