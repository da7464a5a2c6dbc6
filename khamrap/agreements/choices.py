"""Statuses of an agreement's life, scoring kinds, and who moves each step."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khamrap.organizations.choices import Action


class AgreementStatus(models.TextChoices):
    """Seed 003's steps and seed 001's signing and announcement, in order."""

    DRAFT = "draft", _("Draft")
    COMMITTEE_APPROVED = "committee_approved", _("Approved by the committee")
    NEGOTIATED = "negotiated", _("Negotiated with the evaluator")
    SIGNED = "signed", _("Signed")
    CIRCULATED = "circulated", _("Circulated to those responsible")
    PUBLISHED = "published", _("Published")


STATUS_ORDER = list(AgreementStatus.values)
# From signing on, indicators and targets change only through an amendment.
LOCKED_STATUSES = frozenset(STATUS_ORDER[STATUS_ORDER.index(AgreementStatus.SIGNED) :])


class ScoringKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone (steps)")
    NUMERIC = "numeric", _("Numeric targets (5 levels)")
    MIXED = "mixed", _("Mixed: steps then targets")
    PASS_FAIL = "pass_fail", _("Pass / fail")
    COMPOSITE = "composite", _("Composite of sub-indicators")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Transition(models.TextChoices):
    """A move along the agreement's life; TRANSITIONS says from where, to where and by whom."""

    APPROVE = "approve", _("Record the committee's approval")
    NEGOTIATE = "negotiate", _("Record the negotiated outcome")
    SIGN = "sign", _("Sign the agreement")
    CIRCULATE = "circulate", _("Circulate to those responsible")
    PUBLISH = "publish", _("Publish to the public")
    REVISE = "revise", _("Send back to draft")


# transition: (allowed from, goes to, the organization action it needs)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    Transition.APPROVE: (
        frozenset({AgreementStatus.DRAFT}),
        AgreementStatus.COMMITTEE_APPROVED,
        Action.COORDINATE,
    ),
    Transition.NEGOTIATE: (
        frozenset({AgreementStatus.COMMITTEE_APPROVED}),
        AgreementStatus.NEGOTIATED,
        Action.COORDINATE,
    ),
    Transition.SIGN: (frozenset({AgreementStatus.NEGOTIATED}), AgreementStatus.SIGNED, Action.SIGN),
    Transition.CIRCULATE: (
        frozenset({AgreementStatus.SIGNED}),
        AgreementStatus.CIRCULATED,
        Action.COORDINATE,
    ),
    Transition.PUBLISH: (
        frozenset({AgreementStatus.CIRCULATED}),
        AgreementStatus.PUBLISHED,
        Action.COORDINATE,
    ),
    Transition.REVISE: (
        frozenset({AgreementStatus.COMMITTEE_APPROVED, AgreementStatus.NEGOTIATED}),
        AgreementStatus.DRAFT,
        Action.COORDINATE,
    ),
}

# What the page says once a step is taken: a sentence of its own for each step (a sentence built on
# the status, "the agreement is now “signed”", read in Thai as มีสถานะ “ลงนามแล้ว” แล้ว).
TRANSITION_DONE = {
    Transition.APPROVE: _("The committee's approval is recorded."),
    Transition.NEGOTIATE: _(
        "The negotiated outcome is recorded: the agreement is ready to be signed."
    ),
    Transition.SIGN: _("The agreement is signed."),
    Transition.CIRCULATE: _("The agreement has been circulated to those responsible."),
    Transition.PUBLISH: _("The agreement is published: anyone can read it on the public pages."),
    Transition.REVISE: _("The agreement is back to draft: its indicators can be changed."),
}

# Seed 003: drafting and committee approval take 7 days; writing up, confirming, circulating and
# publishing 10 days. Days are counted from the agreement's creation and from the negotiation.
PLANNED_DAYS = {
    AgreementStatus.COMMITTEE_APPROVED: (AgreementStatus.DRAFT, 7),
    AgreementStatus.PUBLISHED: (AgreementStatus.NEGOTIATED, 10),
}
