"""Who still owes work for a reporting round, and the e-mails that remind them of the deadline."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from khamrap.agreements.choices import LOCKED_STATUSES, ScoringKind
from khamrap.agreements.models import Agreement, Indicator
from khamrap.organizations.choices import ROLE_ACTIONS, Action
from khamrap.organizations.models import Membership
from khamrap.periods.models import ReportingRound

from .choices import ReportStatus, ResultStatus
from .models import Result, RoundReport

logger = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = (7, 3, 1)
DEFAULT_DAYS_AFTER = (1, 3, 7)
DEFAULT_SITE_URL = "http://127.0.0.1:8000"

# A missing result (None) is owed exactly like a draft or a returned one.
_TO_ENTER = frozenset({None, ResultStatus.DRAFT, ResultStatus.RETURNED})
# No report yet (None) is the same as an open one: the round is still being reported.
_STILL_OPEN = frozenset({None, ReportStatus.OPEN})


class OwedKind(models.TextChoices):
    """What a person still has to do for a round."""

    ENTER_RESULT = "enter_result", _("Enter and submit the result")
    APPROVE_RESULT = "approve_result", _("Approve or return the submitted result")
    SUBMIT_REPORT = "submit_report", _("Submit the organization's self-assessment report")


_KIND_ORDER = {kind: n for n, kind in enumerate(OwedKind)}

# Who submits the organization's report: the roles that may coordinate it (ROLE_ACTIONS), not one
# role's name, so the reminder and the permission to act cannot disagree.
COORDINATING_ROLES = sorted(ROLE_ACTIONS[Action.COORDINATE])


@dataclass(frozen=True)
class OwedItem:
    """One piece of work a person owes for a round, and how far its deadline is."""

    user: models.Model
    kind: OwedKind
    agreement: Agreement
    reporting_round: ReportingRound
    indicator: Indicator | None
    deadline: dt.date
    days_left: int  # negative once the deadline has passed
    overdue: bool
    # A result the supervisor sent back: the collector sees why ("ส่งกลับแก้ไข" with the comment).
    returned: bool = False
    return_comment: str = ""

    @property
    def days_overdue(self) -> int:
        """Days since the deadline (0 while it has not passed)."""
        return max(0, -self.days_left)

    @property
    def path(self) -> str:
        """The page where the work is done, without the site's address."""
        # The result page carries the approve and return buttons too.
        if self.indicator is not None:
            return reverse(
                "reporting:result_edit", args=[self.indicator.pk, self.reporting_round.pk]
            )
        return reverse("reporting:round_detail", args=[self.agreement.pk, self.reporting_round.pk])


def owed_work(today: dt.date, *, user=None) -> list[OwedItem]:
    """What each person (or only `user`) still owes for rounds whose reporting period has opened."""
    return _owed(today, user=user)


def reminders_due(
    today: dt.date,
    *,
    before: Sequence[int] | None = None,
    after: Sequence[int] | None = None,
) -> dict[models.Model, list[OwedItem]]:
    """The owed items whose deadline is exactly N days ahead (`before`) or past (`after`), by person.

    Exact days rather than "within N days" so a daily run sends each reminder once per threshold.
    """
    if before is None:
        before = getattr(settings, "REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE)
    if after is None:
        after = getattr(settings, "REMINDER_DAYS_AFTER", DEFAULT_DAYS_AFTER)
    deadlines = {today + dt.timedelta(days=n) for n in before}
    deadlines |= {today - dt.timedelta(days=n) for n in after}
    due: dict[models.Model, list[OwedItem]] = {}
    for item in _owed(today, deadlines=deadlines):
        due.setdefault(item.user, []).append(item)
    return due


def send_reminders(today: dt.date, *, connection: BaseEmailBackend | None = None) -> int:
    """E-mail each person who has reminders due today, in Thai; returns how many e-mails were sent."""
    site_url = getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/")
    with translation.override("th"):
        messages = [
            reminder_message(user, items, today=today, site_url=site_url)
            for user, items in reminders_due(today).items()
            if user.email
        ]
    if not messages:
        return 0
    connection = connection or mail.get_connection()
    sent = 0
    # One open connection for the whole batch; one failed address must not stop the others.
    with connection:
        for message in messages:
            try:
                sent += connection.send_messages([message]) or 0
            except (smtplib.SMTPException, OSError):
                logger.exception("Could not send a deadline reminder to %s", message.to)
    return sent


def reminder_message(
    user, items: Sequence[OwedItem], *, today: dt.date, site_url: str
) -> EmailMultiAlternatives:
    """The reminder e-mail for one person: a plain-text body with a simple HTML alternative."""
    overdue = [i for i in items if i.overdue]
    upcoming = [i for i in items if not i.overdue]
    # The subject names the most urgent date: the oldest missed deadline, else the nearest one.
    headline = min(i.deadline for i in (overdue or upcoming))
    context = {
        "user": user,
        "items": items,
        "overdue": overdue,
        "upcoming": upcoming,
        "headline_deadline": headline,
        "today": today,
        "site_url": site_url,
    }
    subject = render_to_string("reporting/email/reminder_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("reporting/email/reminder.txt", context),
        to=[user.email],
        # RFC 3834: tells mail servers not to answer with out-of-office replies.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("reporting/email/reminder.html", context), "text/html"
    )
    return message


def _owed(
    today: dt.date, *, user=None, deadlines: Collection[dt.date] | None = None
) -> list[OwedItem]:
    """The owed items, in eight queries whatever the number of organizations and indicators.

    One query when no round is being reported, two when no signed agreement concerns the rounds.
    """
    rounds_qs = ReportingRound.objects.filter(cutoff_date__lt=today)
    if deadlines is not None:
        rounds_qs = rounds_qs.filter(deadline__in=deadlines)
    rounds = list(rounds_qs.order_by("deadline", "months", "pk"))
    if not rounds:
        return []

    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .only("id", "username", "title", "first_name", "last_name", "email")
    )
    if user is not None:
        people = people.filter(pk=user.pk)
    agreements_qs = Agreement.objects.filter(
        status__in=LOCKED_STATUSES, fiscal_year__in=rounds_qs.values("fiscal_year")
    )
    if user is not None:
        agreements_qs = agreements_qs.filter(_involves(user))
    agreements = list(
        agreements_qs.select_related("organization", "fiscal_year")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(retired_from__isnull=True)
                .order_by("order", "pk")
                .prefetch_related(
                    Prefetch("collectors", queryset=people, to_attr="owing_collectors"),
                    Prefetch("supervisors", queryset=people, to_attr="owing_supervisors"),
                ),
            ),
            Prefetch(
                "round_reports", queryset=RoundReport.objects.filter(reporting_round__in=rounds_qs)
            ),
        )
        .order_by("organization__path", "pk")
    )
    if not agreements:
        return []
    # One person's few agreements by their keys, so the results are found through the indexes
    # (the subquery made PostgreSQL scan every result of the country for one home page).
    agreement_keys = [a.pk for a in agreements] if user is not None else agreements_qs
    organization_keys = (
        [a.organization_id for a in agreements]
        if user is not None
        else agreements_qs.values("organization")
    )
    results = {
        (indicator_id, round_id): (status, submitted_by_id, comment)
        for indicator_id, round_id, status, submitted_by_id, comment in Result.objects.filter(
            indicator__agreement__in=agreement_keys,
            reporting_round__in=[r.pk for r in rounds],
        ).values_list(
            "indicator_id", "reporting_round_id", "status", "submitted_by_id", "return_comment"
        )
    }
    coordinators: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.filter(
        role__in=COORDINATING_ROLES,
        organization__in=organization_keys,
        user__in=people,
    ).select_related("user")
    for membership in memberships.order_by("user__username", "pk"):
        coordinators[membership.organization_id].append(membership.user)

    rounds_of_year: dict[int, list[ReportingRound]] = defaultdict(list)
    for reporting_round in rounds:
        rounds_of_year[reporting_round.fiscal_year_id].append(reporting_round)

    items: list[OwedItem] = []
    for agreement in agreements:
        reports = {r.reporting_round_id: r.status for r in agreement.round_reports.all()}
        indicators = list(agreement.indicators.all())
        by_pk = {i.pk: i for i in indicators}
        for reporting_round in rounds_of_year[agreement.fiscal_year_id]:
            # Once the report is submitted its results are locked and it is the evaluator's turn;
            # once closed the round is over. Either way nobody here owes anything more.
            if reports.get(reporting_round.pk) not in _STILL_OPEN:
                continue
            owing: list[tuple[models.Model, OwedKind, Indicator | None, str | None]] = []
            for indicator in indicators:
                # A composite is scored from its parts; only the parts are reported.
                if indicator.kind == ScoringKind.COMPOSITE:
                    continue
                # People named on a composite answer for its parts too (as may_record allows).
                named = [indicator]
                if indicator.parent_id in by_pk:
                    named.append(by_pk[indicator.parent_id])
                status, submitted_by_id, comment = results.get(
                    (indicator.pk, reporting_round.pk), (None, None, "")
                )
                if status in _TO_ENTER:
                    kind, role = OwedKind.ENTER_RESULT, "owing_collectors"
                elif status == ResultStatus.SUBMITTED:
                    kind, role = OwedKind.APPROVE_RESULT, "owing_supervisors"
                else:
                    continue
                who = (person for i in named for person in getattr(i, role))
                if kind == OwedKind.APPROVE_RESULT and settings.FOUR_EYES:
                    # Whoever submitted the result may not approve it (services.submitted_by_self).
                    who = (person for person in who if person.pk != submitted_by_id)
                returned = comment if status == ResultStatus.RETURNED else None
                owing += [(person, kind, indicator, returned) for person in _distinct(who)]
            owing += [
                (p, OwedKind.SUBMIT_REPORT, None, None)
                for p in coordinators[agreement.organization_id]
            ]
            days_left = (reporting_round.deadline - today).days
            items += [
                OwedItem(
                    user=person,
                    kind=kind,
                    agreement=agreement,
                    reporting_round=reporting_round,
                    indicator=indicator,
                    deadline=reporting_round.deadline,
                    days_left=days_left,
                    overdue=days_left < 0,
                    returned=returned is not None,
                    return_comment=returned or "",
                )
                for person, kind, indicator, returned in owing
            ]

    items.sort(
        key=lambda i: (
            i.deadline,
            i.agreement.organization.path,
            i.reporting_round.months,
            _KIND_ORDER[i.kind],
            i.indicator.order if i.indicator else 0,
            i.indicator.pk if i.indicator else 0,
            i.user.pk,
        )
    )
    return items


def _involves(user) -> Q:
    """Agreements where `user` is named on an indicator or coordinates the organization.

    Starts from the person's own few rows (their names on indicators, their memberships), so the
    database never checks the country's agreements one by one for a home page.
    """
    named = Indicator.collectors.through.objects.filter(user=user).values("indicator__agreement_id")
    supervised = Indicator.supervisors.through.objects.filter(user=user).values(
        "indicator__agreement_id"
    )
    coordinated = Membership.objects.filter(user=user, role__in=COORDINATING_ROLES).values(
        "organization_id"
    )
    return Q(pk__in=named) | Q(pk__in=supervised) | Q(organization__in=coordinated)


def _distinct(people: Iterable) -> list:
    """The people once each, in the order first met (one may be named on a part and its composite)."""
    seen: dict[int, object] = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return list(seen.values())
