"""What the home page ("my work") shows for each of the user's roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from khamrap.agreements.choices import TRANSITIONS, Transition
from khamrap.agreements.models import Agreement
from khamrap.awards.selectors import Owed, owed_awards
from khamrap.organizations.choices import ROLE_ACTIONS, Action, Role
from khamrap.organizations.models import Membership
from khamrap.organizations.selectors import membership_list_for_user
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.periods.selectors import fiscal_year_current, reporting_rounds_due
from khamrap.pmqa.selectors import OwedPmqa, owed_pmqa
from khamrap.reporting.choices import ReportStatus
from khamrap.reporting.models import RoundReport
from khamrap.reporting.reminders import owed_work

# The home page lists this many reports to verify or agreements to sign; the rest are a link away.
HOME_LIST_LIMIT = 20

# What each role is responsible for, in the words of DOMAIN.md; later issues add the work items.
ROLE_DUTIES = {
    Role.ADMINISTRATOR: _("Set up organizations, fiscal years and users."),
    Role.COORDINATOR: _(
        "Draft the agreement, assign indicator owners and submit the organization's report."
    ),
    Role.SUPERVISOR: _("Review and approve the results of your indicators."),
    Role.COLLECTOR: _("Enter results and evidence for your indicators each round."),
    Role.EXECUTIVE: _("Sign the agreement and follow the results on the dashboards."),
    Role.EVALUATOR: _("Verify results and give the verified scores."),
}


@dataclass
class RoleCard:
    membership: Membership
    duty: str


@dataclass
class MyWork:
    fiscal_year: FiscalYear | None
    rounds_due: list[ReportingRound]
    cards: list[RoleCard] = field(default_factory=list)
    owed: list = field(default_factory=list)
    # The evaluator's turn: reports submitted and waiting for verification (oldest first).
    to_verify: list[RoundReport] = field(default_factory=list)
    to_verify_count: int = 0
    # The executive's turn: agreements negotiated and waiting for a signature.
    to_sign: list[Agreement] = field(default_factory=list)
    # PMQA: plans to approve, plans to send, assessments to finish.
    pmqa: list[OwedPmqa] = field(default_factory=list)
    # Awards: score sheets to finish, drafts to send, applications waiting for the award office.
    awards: list[Owed] = field(default_factory=list)

    @property
    def overdue(self) -> list:
        return [item for item in self.owed if item.overdue]

    @property
    def due(self) -> list:
        return [item for item in self.owed if not item.overdue]


def my_work(user, today: dt.date) -> MyWork:
    """The home page's content: the current year, the next deadlines and a card per role held."""
    cards = [RoleCard(m, ROLE_DUTIES[m.role]) for m in membership_list_for_user(user)]
    rounds = reporting_rounds_due(today)
    for reporting_round in rounds:
        reporting_round.status = reporting_round.status_on(today)
    owed = sorted(owed_work(today, user=user), key=lambda item: (item.deadline, item.agreement.pk))
    work = MyWork(fiscal_year=fiscal_year_current(today), rounds_due=rounds, cards=cards, owed=owed)
    roles = {card.membership.role for card in cards}
    # By membership, not by superuser: a system administrator is not everyone's evaluator.
    if roles & ROLE_ACTIONS[Action.EVALUATE]:
        waiting = RoundReport.objects.for_user(user, Action.EVALUATE).filter(
            status=ReportStatus.SUBMITTED
        )
        work.to_verify = list(
            waiting.select_related(
                "agreement__organization", "agreement__fiscal_year", "reporting_round"
            ).order_by("submitted_at", "pk")[:HOME_LIST_LIMIT]
        )
        work.to_verify_count = (
            len(work.to_verify) if len(work.to_verify) < HOME_LIST_LIMIT else waiting.count()
        )
    if roles & ROLE_ACTIONS[Action.SIGN]:
        allowed_from, _to, _action = TRANSITIONS[Transition.SIGN]
        work.to_sign = list(
            Agreement.objects.for_user(user, Action.SIGN)
            .filter(status__in=allowed_from)
            .select_related("organization", "fiscal_year")
            .order_by("fiscal_year__year", "organization__path")[:HOME_LIST_LIMIT]
        )
    if cards:
        work.pmqa = owed_pmqa(
            user, may_approve=bool(roles & ROLE_ACTIONS[Action.SIGN]), limit=HOME_LIST_LIMIT
        )
    # An assessor of the awards' pool may hold no membership at all: their sheets are always read.
    work.awards = owed_awards(
        user,
        coordinate=bool(roles & ROLE_ACTIONS[Action.COORDINATE]),
        office=bool(roles & ROLE_ACTIONS[Action.EVALUATE]),
        limit=HOME_LIST_LIMIT,
    )
    return work
