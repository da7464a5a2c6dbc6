"""Reads of agreements: lists, the agreement page, its timeline and its score table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khamrap.organizations.choices import Action, Role
from khamrap.organizations.models import Membership
from khamrap.organizations.selectors import organization_ancestors
from khamrap.periods.models import ReportingRound

from . import history
from .choices import PLANNED_DAYS, STATUS_ORDER, AgreementStatus
from .models import (
    Agreement,
    AgreementEvent,
    Amendment,
    FrameworkGroup,
    Indicator,
    IndicatorChange,
    IndicatorStep,
    ReformIssue,
)


def agreement_list_for_user(user, *, fiscal_year=None) -> QuerySet[Agreement]:
    """The agreements the user may see, with what a list row shows, in one query."""
    agreements = (
        Agreement.objects.for_user(user)
        .select_related("organization", "fiscal_year", "framework")
        .annotate(indicator_count=Count("indicators", filter=Q(indicators__parent__isnull=True)))
        .order_by("-fiscal_year__year", "organization__path")
    )
    if fiscal_year is not None:
        agreements = agreements.filter(fiscal_year=fiscal_year)
    return agreements


def agreement_get_for_user(user, pk: int, action: str = Action.VIEW) -> Agreement:
    """One agreement the user may act on, or 404."""
    return get_object_or_404(
        Agreement.objects.for_user(user, action).select_related(
            "organization", "fiscal_year", "framework"
        ),
        pk=pk,
    )


def indicators_editable(agreement: Agreement) -> bool:
    """Whether the agreement's indicators may change now: a draft, or a signed agreement with an
    open amendment (services._require_editable refuses the others)."""
    return not agreement.is_locked or agreement.amendments.filter(closed_at__isnull=True).exists()


def signatories_suggested(agreement: Agreement, signer) -> dict:
    """The signing form's first values: who makes the promise, who receives it, and today.

    The promisor is the organization's own executive (its head), the promisee the nearest executive
    above it; the signer stands on whichever side they are. Where nobody holds the role, the names
    signed on the organization's latest earlier agreement stand in; where there is none, it is left
    for the signer to write.
    """
    organization = agreement.organization
    chain = [organization, *reversed(organization_ancestors(organization))]
    nearness = {o.pk: n for n, o in enumerate(chain)}
    executives = sorted(
        Membership.objects.filter(role=Role.EXECUTIVE, organization__in=chain, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__username"),
        key=lambda m: nearness[m.organization_id],
    )
    own = [m.user for m in executives if m.organization_id == organization.pk]
    above = [m.user for m in executives if m.organization_id != organization.pk]
    if signer in own:
        promisor, promisee = signer, next(iter(above), None)
    else:
        promisor = next(iter(own), None)
        promisee = signer if signer in above else next(iter(above), None)
    earlier = (
        Agreement.objects.filter(
            organization=organization,
            signed_on__isnull=False,
            fiscal_year__year__lt=agreement.fiscal_year.year,
        )
        .order_by("-fiscal_year__year")
        .first()
    )
    values: dict = {"signed_on": timezone.localdate()}
    for side, person in (("promisor", promisor), ("promisee", promisee)):
        if person is not None:
            values[f"{side}_name"] = person.display_name
            values[f"{side}_position"] = person.position
        elif earlier is not None:
            values[f"{side}_name"] = getattr(earlier, f"{side}_name")
            values[f"{side}_position"] = getattr(earlier, f"{side}_position")
    return values


# What pages and documents show of the people named on an indicator (not their whole rows).
PERSON_FIELDS = ("id", "username", "title", "first_name", "last_name", "position", "phone", "email")


def indicator_queryset(*, retired: bool = False):
    """Indicators in force (not retired by an amendment), or every one with `retired`."""
    in_force = Q() if retired else Q(retired_from__isnull=True)
    steps = Prefetch("steps", queryset=IndicatorStep.objects.order_by("number"))
    people = [
        Prefetch(relation, queryset=get_user_model().objects.only(*PERSON_FIELDS))
        for relation in ("supervisors", "collectors")
    ]
    parts = Prefetch(
        "parts",
        queryset=Indicator.objects.filter(in_force)
        .order_by("order", "pk")
        .prefetch_related(steps, *people),
    )
    return (
        Indicator.objects.filter(in_force)
        .select_related("group", "retired_from")
        .prefetch_related(steps, parts, *people, "issues")
        .order_by("group__order", "order", "pk")
    )


def indicators_of(agreement: Agreement) -> list[Indicator]:
    """The indicators in force of an agreement with their steps, parts, people and issues.

    An indicator retired by an amendment is left out: it counts only in rounds closed before the
    amendment, whose figures are frozen on their report (scorecard reads it from there).
    """
    return list(indicator_queryset().filter(agreement=agreement))


def indicators_of_many(agreements: list[Agreement]) -> dict[int, list[Indicator]]:
    """indicators_of for many agreements in the same fixed number of queries."""
    by_agreement: dict[int, list[Indicator]] = {a.pk: [] for a in agreements}
    for indicator in indicator_queryset().filter(agreement__in=[a.pk for a in agreements]):
        by_agreement[indicator.agreement_id].append(indicator)
    return by_agreement


# What scoring reads of an indicator (rules.scoring through criteria.criteria_for) and what a
# score table shows of it; the long texts stay in the database.
SCORING_FIELDS = (
    "id",
    "agreement_id",
    "group_id",
    "parent_id",
    "number",
    "order",
    "name",
    "weight",
    "kind",
    "direction",
    "mixed_steps",
    "target_1",
    "target_2",
    "target_3",
    "target_4",
    "target_5",
    "unit",
    "retired_from_id",
)


def scoring_indicators_of_many(agreement_ids) -> dict[int, list[Indicator]]:
    """The indicators in force of many agreements as scoring reads them, in three flat queries:
    for the stored standings and the roll-ups at national size.

    Each indicator answers `steps.all()` with as many entries as it has steps (scoring reads
    only their number) and `parts.all()` with its sub-indicators in order: attached here rather
    than by prefetch_related, whose cost per object made a national rebuild take minutes.
    """
    agreement_ids = list(agreement_ids)
    step_counts = dict(
        IndicatorStep.objects.filter(
            indicator__agreement__in=agreement_ids, indicator__retired_from__isnull=True
        )
        .values("indicator_id")
        .annotate(count=Count("pk"))
        .values_list("indicator_id", "count")
    )
    indicators = list(
        Indicator.objects.filter(agreement_id__in=agreement_ids, retired_from__isnull=True)
        .only(*SCORING_FIELDS)
        .order_by("order", "pk")
    )
    groups = FrameworkGroup.objects.in_bulk({i.group_id for i in indicators})
    parts: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.parent_id is not None:
            parts[indicator.parent_id].append(indicator)
    by_agreement: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicator.group = groups[indicator.group_id]
        indicator._prefetched_objects_cache = {
            "steps": [None] * step_counts.get(indicator.pk, 0),
            "parts": parts.get(indicator.pk, []),
        }
        by_agreement[indicator.agreement_id].append(indicator)
    for listed in by_agreement.values():
        listed.sort(key=lambda i: (i.group.order, i.order, i.pk))
    return by_agreement


@dataclass
class GroupOfIndicators:
    group: FrameworkGroup
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def weight(self) -> Decimal:
        return sum((i.weight for i in self.indicators), Decimal(0))


def grouped(indicators: list[Indicator]) -> list[GroupOfIndicators]:
    """Top-level indicators by framework group, in the framework's order."""
    groups: dict[int, GroupOfIndicators] = {}
    for indicator in indicators:
        if indicator.parent_id is None:
            groups.setdefault(
                indicator.group_id, GroupOfIndicators(indicator.group)
            ).indicators.append(indicator)
    return list(groups.values())


@dataclass(frozen=True)
class TimelineStep:
    status: str
    label: str
    done_at: dt.datetime | None
    due_on: dt.date | None
    planned_days: int | None
    late: bool
    current: bool


def agreement_timeline(
    agreement: Agreement, events: list[AgreementEvent], today: dt.date
) -> list[TimelineStep]:
    """Each status of the life with when it was reached, its planned due date and lateness."""
    reached: dict[str, dt.datetime] = {}
    for event in events:
        # A step taken again after a revision counts from its latest time.
        reached[event.to_status] = event.at
    current_index = STATUS_ORDER.index(agreement.status)
    steps = []
    for index, status in enumerate(STATUS_ORDER):
        done_at = reached.get(status) if index <= current_index else None
        due_on = planned = None
        if status in PLANNED_DAYS:
            since, planned = PLANNED_DAYS[status]
            start = reached.get(since) if STATUS_ORDER.index(since) <= current_index else None
            if start is not None:
                due_on = timezone.localtime(start).date() + dt.timedelta(days=planned)
        finished_on = timezone.localtime(done_at).date() if done_at else None
        late = due_on is not None and ((finished_on or today) > due_on)
        steps.append(
            TimelineStep(
                status,
                AgreementStatus(status).label,
                done_at,
                due_on,
                planned,
                late,
                index == current_index,
            )
        )
    return steps


def rounds_of(agreement: Agreement) -> list[ReportingRound]:
    return list(agreement.fiscal_year.rounds.order_by("months"))


def milestone_levels(indicator: Indicator) -> list[tuple[int, list[bool]]]:
    """Seed 000's ✓ table: for each level, which steps must be done (level k = steps 1..k)."""
    count = len(indicator.steps.all())
    if indicator.kind == "mixed":
        count = indicator.mixed_steps or 0
    return [
        (level, [step <= level for step in range(1, count + 1)]) for level in range(1, count + 1)
    ]


@dataclass(frozen=True)
class FieldChange:
    number: str
    field: str
    before: object
    after: object


def amendment_changes(before: dict, after: dict | None) -> list[FieldChange]:
    """What an amendment changed, indicator by indicator, from its two snapshots."""
    if after is None:
        return []

    def by_number(snapshot):
        flat = {}
        for indicator in snapshot.get("indicators", []):
            flat[indicator["number"]] = indicator
            for part in indicator.get("parts", []) or []:
                flat[part["number"]] = part
        return flat

    old, new = by_number(before), by_number(after)
    changes = []
    for number in [*old, *(n for n in new if n not in old)]:
        a, b = old.get(number), new.get(number)
        if a is None or b is None:
            changes.append(FieldChange(number, "*", a and a.get("name"), b and b.get("name")))
            continue
        for key in sorted(set(a) | set(b)):
            if key not in {"parts", "result", "verified_score"} and a.get(key) != b.get(key):
                changes.append(FieldChange(number, key, a.get(key), b.get(key)))
    return changes


def amendment_lines(amendment: Amendment) -> list[history.Line]:
    """What an amendment changes, as sentences (agreements.history). Once closed, from its two
    snapshots; while open, the indicator changes made under it so far, with who and when."""
    agreement = amendment.agreement
    groups = list(FrameworkGroup.objects.filter(framework=agreement.framework_id))
    if amendment.closed_at is None:
        changes = (
            IndicatorChange.objects.filter(amendment=amendment)
            .select_related("actor")
            .order_by("at", "pk")
        )
        parents = agreement.indicators.values_list("pk", "number")
        return history.indicator_lines(
            changes,
            groups={str(g.pk): str(g) for g in groups},
            parents={str(pk): number for pk, number in parents},
        )
    issues = {issue.code: str(issue) for issue in ReformIssue.objects.all()}
    lines = []
    for change in amendment_changes(amendment.before, amendment.after):
        text = history.snapshot_change(
            change.field,
            change.before,
            change.after,
            number=change.number,
            groups={g.key: str(g) for g in groups},
            issues=issues,
        )
        if text:  # targets that differ only in how they are written (70 and 70.0000) say nothing
            lines.append(history.Line(change.number, text))
    return lines
