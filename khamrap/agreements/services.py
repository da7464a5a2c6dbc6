"""Writes to agreements and indicators. Every step of an agreement's life goes through here.

Every refusal is a ValidationError whose `code` says what was refused, so callers and tests tell
refusals apart without reading their (translated) text; a field's error carries it on
`error_dict[field][0].code`:

- required: a reason, note, agreed change, signatory or framework the step needs is missing;
- unique: the organization already has an agreement for the fiscal year;
- status: the step is not taken from the agreement's current status;
- open_amendment: an amendment is open (close it first, or it is open already);
- not_locked: only a signed agreement is amended;
- locked: the agreement is signed and no amendment is open, so its indicators cannot change;
- closed: the amendment is closed already;
- problems: the check list still has errors (signing, closing an amendment);
- retired: the indicator was removed by an amendment;
- other_framework, other_agreement: the group or parent belongs elsewhere;
- evaluator: an evaluator of the organization named as an indicator's supervisor or collector;
- step_count: a mixed or milestone indicator has the wrong number of steps;
- not_a_number, and the scoring engine's own codes (scoring.ScoringError.code): the criteria;
- no_round: the fiscal year has no reporting round to retire an indicator from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import require
from khamrap.organizations.selectors import evaluator_ids_of
from khamrap.periods.models import FiscalYear
from khamrap.rules import counting, scoring

from . import checks, signals
from .choices import TRANSITIONS, AgreementStatus, ScoringKind, Transition
from .models import (
    Agreement,
    AgreementEvent,
    Amendment,
    Framework,
    FrameworkGroup,
    Indicator,
    IndicatorChange,
    IndicatorStep,
)


@transaction.atomic
def agreement_create(
    *, organization: Organization, fiscal_year: FiscalYear, user, framework: Framework | None = None
) -> Agreement:
    """Start a draft agreement for an organization and year, grouped by the year's framework."""
    require(user, organization, Action.COORDINATE)
    framework = framework or fiscal_year.framework
    if framework is None:
        raise ValidationError(
            {
                "framework": ValidationError(
                    _("Choose a framework: this fiscal year has none set."), code="required"
                )
            }
        )
    # Two identical posts at the same moment: the lock makes the second wait for the first to
    # commit, so it sees the first agreement and answers the constraint's message.
    # NO KEY UPDATE: rows that only point at the organization (checked at commit, the foreign
    # keys are deferred) must not wait for this lock, or they deadlock with it.
    Organization.objects.select_for_update(no_key=True).get(pk=organization.pk)
    if refusal := _second_agreement_refusal(organization, fiscal_year):
        raise refusal
    agreement = Agreement(organization=organization, fiscal_year=fiscal_year, framework=framework)
    agreement.full_clean()
    agreement.status_changed_at = timezone.now()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        # A writer that took no lock (the admin, a script) can still win the race: the same
        # refusal, not a 500.
        refusal = _second_agreement_refusal(organization, fiscal_year)
        if refusal is None:
            raise
        raise refusal from None
    AgreementEvent.objects.create(
        agreement=agreement,
        from_status="",
        to_status=AgreementStatus.DRAFT,
        actor=user,
        at=agreement.status_changed_at,
    )
    _refresh_standings(agreement)
    return agreement


def _refresh_standings(agreement: Agreement) -> None:
    """Have the agreement's figures for every round of its year stored again (reporting listens:
    signals.indicators_changed), in the caller's transaction: an indicator's weight, targets or
    kind change every round's totals."""
    signals.indicators_changed.send(sender=Agreement, agreement=agreement)


def _second_agreement_refusal(
    organization: Organization, fiscal_year: FiscalYear
) -> ValidationError | None:
    """The refusal of a second agreement for the organization's year (None when it has none yet):
    the constraint's own message, with the code its check in full_clean() does not give."""
    if not Agreement.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
        return None
    constraint = next(
        c for c in Agreement._meta.constraints if c.name == "agreements_one_per_organization_year"
    )
    return ValidationError(constraint.get_violation_error_message(), code="unique")


@dataclass(frozen=True)
class Signatories:
    """Seed 001: who signs the agreement and who receives it, and when it was signed."""

    promisor_name: str
    promisor_position: str
    promisee_name: str
    promisee_position: str
    signed_on: dt.date


@transaction.atomic
def agreement_transition(
    *,
    agreement: Agreement,
    transition: str,
    user,
    note: str = "",
    agreed_changes: str = "",
    signatories: Signatories | None = None,
) -> Agreement:
    """Move an agreement one step along its life, recording who, when and why."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    allowed_from, to_status, action = TRANSITIONS[Transition(transition)]
    require(user, agreement.organization, action)
    if agreement.status not in allowed_from:
        raise ValidationError(
            _("This step cannot be taken while the agreement is “%(status)s”.")
            % {"status": agreement.get_status_display()},
            code="status",
        )
    if agreement.amendments.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("Close the open amendment first."), code="open_amendment")
    if transition == Transition.NEGOTIATE and not agreed_changes.strip():
        raise ValidationError(
            {
                "agreed_changes": ValidationError(
                    _("Write down what was agreed with the evaluator."), code="required"
                )
            }
        )
    if transition == Transition.REVISE and not note.strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Say why the agreement goes back to draft."), code="required"
                )
            }
        )
    if transition == Transition.SIGN:
        if signatories is None:
            raise ValidationError(
                _("Give the signatories and the date of signing."), code="required"
            )
        problems = checks.agreement_problems(agreement)
        if checks.has_errors(problems):
            raise ValidationError(
                _(
                    "The agreement cannot be signed while it has %(count)s problem(s): see the check list."
                )
                % {"count": sum(1 for p in problems if p.severity == "error")},
                code="problems",
            )
        for field, value in vars(signatories).items():
            setattr(agreement, field, value)
    previous = agreement.status
    agreement.status = to_status
    agreement.status_changed_at = timezone.now()
    agreement.full_clean()
    agreement.save()
    AgreementEvent.objects.create(
        agreement=agreement,
        from_status=previous,
        to_status=to_status,
        actor=user,
        at=agreement.status_changed_at,
        note=note.strip(),
        agreed_changes=agreed_changes.strip(),
    )
    return agreement


def _require_editable(agreement: Agreement, user) -> None:
    require(user, agreement.organization, Action.COORDINATE)
    if agreement.is_locked and not agreement.amendments.filter(closed_at__isnull=True).exists():
        raise ValidationError(
            _(
                "The agreement is signed: open an amendment, saying why, before changing its indicators."
            ),
            code="locked",
        )


@dataclass(frozen=True)
class StepData:
    description: str
    evidence: str = ""


def _validate_criteria(indicator: Indicator, steps: Sequence[StepData], floor: Decimal) -> None:
    """Ask the scoring engine whether the criteria make sense; its Thai message goes on the form."""
    try:
        if indicator.kind == ScoringKind.NUMERIC:
            scoring.NumericCriteria(
                tuple(indicator.targets), scoring.Direction(indicator.direction), floor
            )
        elif indicator.kind == ScoringKind.MIXED:
            m = indicator.mixed_steps or 0
            if len(steps) != m:
                raise ValidationError(
                    {
                        "mixed_steps": ValidationError(
                            _("A mixed indicator needs exactly as many steps as its step levels."),
                            code="step_count",
                        )
                    }
                )
            scoring.MixedCriteria(
                m, tuple(indicator.targets[m:]), scoring.Direction(indicator.direction), floor
            )
        elif indicator.kind == ScoringKind.MILESTONE and not steps:
            raise ValidationError(
                _("A milestone indicator needs at least one step."), code="step_count"
            )
    except scoring.ScoringError as error:
        refusal = ValidationError(error.text(get_language()), code=error.code)
        raise (
            ValidationError({"target_1": refusal}) if "target" in error.code else refusal
        ) from error
    except (TypeError, ValueError) as error:
        raise ValidationError(
            {"target_1": ValidationError(_("Every target must be a number."), code="not_a_number")}
        ) from error


@transaction.atomic
def indicator_save(
    *,
    agreement: Agreement,
    user,
    fields: dict,
    steps: Sequence[StepData] = (),
    supervisors: Sequence = (),
    collectors: Sequence = (),
    issues: Sequence = (),
    indicator: Indicator | None = None,
) -> Indicator:
    """Create or change an indicator with its steps, people and issues, all or nothing."""
    agreement = (
        Agreement.objects.select_for_update().select_related("framework").get(pk=agreement.pk)
    )
    _require_editable(agreement, user)
    _refuse_evaluators(agreement.organization, supervisors=supervisors, collectors=collectors)
    before: dict[str, str] = {}
    if indicator is None:
        indicator = Indicator(agreement=agreement)
        last = agreement.indicators.order_by("-order").values_list("order", flat=True).first()
        indicator.order = (last or 0) + 1
    elif indicator.agreement_id != agreement.pk:
        raise PermissionDenied
    else:
        indicator = Indicator.objects.get(pk=indicator.pk)
        if indicator.retired_from_id is not None:
            raise ValidationError(_("This indicator was removed by an amendment."), code="retired")
        before = _definition(indicator, [s.description for s in indicator.steps.all()])
    for name, value in fields.items():
        setattr(indicator, name, value)
    if (
        indicator.group_id
        and not FrameworkGroup.objects.filter(
            pk=indicator.group_id, framework=agreement.framework_id
        ).exists()
    ):
        raise ValidationError(
            {
                "group": ValidationError(
                    _("The group must belong to the agreement's framework."), code="other_framework"
                )
            }
        )
    if indicator.parent_id and indicator.parent.agreement_id != agreement.pk:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("A sub-indicator must belong to the same agreement."), code="other_agreement"
                )
            }
        )
    indicator.full_clean()
    _validate_criteria(indicator, steps, agreement.framework.floor)
    indicator.save()
    indicator.steps.all().delete()
    IndicatorStep.objects.bulk_create(
        IndicatorStep(
            indicator=indicator,
            number=n,
            description=s.description.strip(),
            evidence=s.evidence.strip(),
        )
        for n, s in enumerate(steps, start=1)
    )
    indicator.supervisors.set(supervisors)
    indicator.collectors.set(collectors)
    indicator.issues.set(issues)
    after = _definition(indicator, [s.description.strip() for s in steps])
    _log_definition(agreement, indicator, user, before, after)
    _refresh_standings(agreement)
    return indicator


def _refuse_evaluators(organization: Organization, **named: Sequence) -> None:
    """Evaluators verify what an indicator's people report, so they cannot be those people."""
    evaluators = evaluator_ids_of(organization)
    errors = {}
    for field, people in named.items():
        ids = [getattr(person, "pk", person) for person in people]
        if not ids:
            continue
        refused = get_user_model().objects.filter(pk__in=ids).filter(pk__in=evaluators)
        if refused:
            errors[field] = [
                ValidationError(
                    _(
                        "%(name)s evaluates this organization, so cannot also be a KPI supervisor "
                        "or data collector of its indicators."
                    )
                    % {"name": person.display_name},
                    code="evaluator",
                )
                for person in refused
            ]
    if errors:
        raise ValidationError(errors)


# What the history keeps of an indicator's definition: everything that changes how it is scored.
TRACKED_FIELDS = (
    "number",
    "name",
    "group",
    "parent",
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
    "criteria_text",
    "formula",
)


def _definition(indicator: Indicator, steps: Sequence[str]) -> dict[str, str]:
    values = {
        name: getattr(indicator, f"{name}_id" if name in ("group", "parent") else name)
        for name in TRACKED_FIELDS
    }
    values["steps"] = " | ".join(steps)
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _log_definition(
    agreement: Agreement, indicator: Indicator | None, user, before: dict, after: dict
) -> None:
    """One IndicatorChange per changed field, tied to the open amendment when there is one."""
    amendment = agreement.amendments.filter(closed_at__isnull=True).first()
    now = timezone.now()
    number = after.get("number") or before.get("number", "")
    IndicatorChange.objects.bulk_create(
        IndicatorChange(
            agreement=agreement,
            indicator=indicator,
            number=number,
            amendment=amendment,
            actor=user,
            at=now,
            field=name,
            old=before.get(name, ""),
            new=after.get(name, ""),
        )
        for name in [*TRACKED_FIELDS, "steps"]
        if before.get(name, "") != after.get(name, "")
    )


def _rounds_not_closed(agreement: Agreement) -> list:
    """The rounds of the agreement's year whose report is not closed, in order: an amendment
    applies to them, never to a closed one."""
    # The reports are reporting's rows; read through the relation they declare (round_reports).
    closed = agreement.round_reports.filter(status=counting.REPORT_CLOSED).values(
        "reporting_round_id"
    )
    return list(agreement.fiscal_year.rounds.exclude(pk__in=closed).order_by("months"))


def _first_open_round(agreement: Agreement):
    """The first round not closed: where an indicator removed by an amendment is retired from
    (the year's last round when every round is closed)."""
    rounds = _rounds_not_closed(agreement)
    return rounds[0] if rounds else agreement.fiscal_year.rounds.order_by("months").last()


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user) -> None:
    """Remove an indicator (and its sub-indicators) from an agreement that may still change.

    A signed agreement's indicator (changed through an amendment), or one with results, is retired
    from the first round not yet closed on, never deleted: closed rounds keep it, its results and
    their history, and their frozen figures.
    """
    agreement = Agreement.objects.select_for_update().get(pk=indicator.agreement_id)
    _require_editable(agreement, user)
    indicator = Indicator.objects.get(pk=indicator.pk)
    family = [indicator.pk, *indicator.parts.values_list("pk", flat=True)]
    before = _definition(indicator, [s.description for s in indicator.steps.all()])
    # Results are reporting's rows; read through the relation they declare (Indicator.results).
    if (
        agreement.is_locked
        or Indicator.objects.filter(pk__in=family, results__isnull=False).exists()
    ):
        retired_from = _first_open_round(agreement)
        if retired_from is None:
            raise ValidationError(_("The fiscal year has no reporting round."), code="no_round")
        Indicator.objects.filter(pk__in=family).update(retired_from=retired_from)
        _log_definition(agreement, indicator, user, before, {"number": indicator.number})
        _refresh_standings(agreement)
        return
    _log_definition(agreement, None, user, before, {"number": indicator.number})
    indicator.delete()
    _refresh_standings(agreement)


@transaction.atomic
def amendment_open(*, agreement: Agreement, user, reason: str) -> Amendment:
    """Unlock a signed agreement for a change, keeping its indicators as they were and why."""
    from .file_export import agreement_snapshot

    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require(user, agreement.organization, Action.COORDINATE)
    if not agreement.is_locked:
        raise ValidationError(
            _("Only a signed agreement needs an amendment; a draft can be edited directly."),
            code="not_locked",
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the agreement is amended."), code="required")}
        )
    if agreement.amendments.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("An amendment is already open."), code="open_amendment")
    signals.amendment_opening.send(sender=Agreement, agreement=agreement)
    number = agreement.amendments.count() + 1
    return Amendment.objects.create(
        agreement=agreement,
        number=number,
        reason=reason.strip(),
        opened_by=user,
        opened_at=timezone.now(),
        before=agreement_snapshot(agreement),
    )


@transaction.atomic
def amendment_close(*, amendment: Amendment, user) -> Amendment:
    """Lock the agreement again with the amended indicators as its new version."""
    from .file_export import agreement_snapshot

    amendment = (
        Amendment.objects.select_for_update().select_related("agreement").get(pk=amendment.pk)
    )
    agreement = amendment.agreement
    require(user, agreement.organization, Action.COORDINATE)
    if amendment.closed_at is not None:
        raise ValidationError(_("This amendment is already closed."), code="closed")
    problems = checks.agreement_problems(agreement)
    if checks.has_errors(problems):
        raise ValidationError(
            _("The amended agreement still has problems: see the check list."), code="problems"
        )
    amendment.after = agreement_snapshot(agreement)
    amendment.closed_at = timezone.now()
    amendment.save()
    agreement.version += 1
    agreement.save(update_fields=["version", "updated_at"])
    # Changed targets and weights apply from the first round not closed on: reporting rescores
    # those rounds (signals.amendment_closed), then the figures are stored again.
    signals.amendment_closed.send(sender=Agreement, agreement=agreement, user=user)
    _refresh_standings(agreement)
    return amendment
