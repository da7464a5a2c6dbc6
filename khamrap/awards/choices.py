"""The award families, levels and stages, and the one table of an application's moves (seed 004).

Seed 004 slides 16 and 30: applications are received, their documents checked (an incomplete one is
not considered), screened, visited on site, put to the committee (อ.ก.พ.ร.) and announced.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from khamrap.organizations.choices import Action
from khamrap.rules import awards as rules


class Family(models.TextChoices):
    PUBLIC_SERVICE = rules.PUBLIC_SERVICE, _("Thailand Public Service Awards")
    PARTICIPATORY = rules.PARTICIPATORY, _("Participatory governance awards")
    PMQA = rules.PMQA, _("PMQA awards")


class Level(models.TextChoices):
    """The levels of every family; each call's thresholds say which of them its scores reach."""

    EXCELLENT = rules.EXCELLENT, _("Excellent")  # ดีเยี่ยม (participatory)
    DISTINGUISHED = rules.DISTINGUISHED, _("Distinguished")  # ดีเด่น (public service)
    GOOD = rules.GOOD, _("Good")
    HONOURABLE = rules.HONOURABLE, _("Honourable mention")
    AWARDED = rules.AWARDED, _("Awarded")
    NOT_PASSED = rules.NOT_PASSED, _("Not passed")


# The levels that count as an award (kept in the organization's award history).
AWARD_LEVELS = frozenset(
    {Level.EXCELLENT, Level.DISTINGUISHED, Level.GOOD, Level.HONOURABLE, Level.AWARDED}
)


class EligibilityRule(models.TextChoices):
    """A condition khamrap checks itself from the organization's award history."""

    NONE = "", _("Declared by the applicant")
    GRAND = "grand", _("Distinguished in types 1, 2 and 3 or 4 the same year")
    CONTINUOUS = "continuous", _("A distinguished award kept up for three years, reported yearly")
    DEVELOPMENT = "development", _("A new project not awarded before")
    EXPANSION = "expansion", _("An earlier good or excellent project extended to three more areas")
    EXCELLENCE = "excellence", _("Excellent two years running and three new projects")
    PMQA_CATEGORY = "pmqa_category", _("Certified at the Fundamental Level in an earlier year")


class ParticipationLevel(models.TextChoices):
    """Seed 004 slide 25: the five levels of public participation."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    DOCUMENT_CHECK = "document_check", _("Document check")
    NOT_CONSIDERED = "not_considered", _("Not considered: documents incomplete")
    SCREENING = "screening", _("Screening")
    SITE_VISIT = "site_visit", _("Site visit")
    COMMITTEE = "committee", _("Committee")
    ANNOUNCED = "announced", _("Announced")


class Move(models.TextChoices):
    SUBMIT = "submit", _("Send the application")
    RECALL = "recall", _("Take the application back to edit")
    CHECK = "check", _("Start the document check")
    REJECT = "reject", _("Not considered: documents incomplete")
    SCREEN = "screen", _("Documents complete: to screening")
    VISIT = "visit", _("To the site visit")
    COMMITTEE = "committee", _("To the committee")
    ANNOUNCE = "announce", _("Announce the result")


# Who makes a move: the applicant organization's coordinators, or the award office (people who may
# evaluate the applicant organization).
APPLICANT = Action.COORDINATE
OFFICE = Action.EVALUATE


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    action: str
    needs_comment: bool = False


TRANSITIONS: dict[str, Transition] = {
    Move.SUBMIT: Transition(frozenset({Stage.DRAFT}), Stage.RECEIVED, APPLICANT),
    Move.RECALL: Transition(frozenset({Stage.RECEIVED}), Stage.DRAFT, APPLICANT),
    Move.CHECK: Transition(frozenset({Stage.RECEIVED}), Stage.DOCUMENT_CHECK, OFFICE),
    Move.REJECT: Transition(
        frozenset({Stage.DOCUMENT_CHECK}), Stage.NOT_CONSIDERED, OFFICE, needs_comment=True
    ),
    Move.SCREEN: Transition(frozenset({Stage.DOCUMENT_CHECK}), Stage.SCREENING, OFFICE),
    Move.VISIT: Transition(frozenset({Stage.SCREENING}), Stage.SITE_VISIT, OFFICE),
    Move.COMMITTEE: Transition(
        frozenset({Stage.SCREENING, Stage.SITE_VISIT}), Stage.COMMITTEE, OFFICE
    ),
    Move.ANNOUNCE: Transition(frozenset({Stage.COMMITTEE}), Stage.ANNOUNCED, OFFICE),
}

MOVE_DONE = {
    Move.SUBMIT: _("The application is sent."),
    Move.RECALL: _("The application is back in draft."),
    Move.CHECK: _("The document check has started."),
    Move.REJECT: _("The application is not considered."),
    Move.SCREEN: _("The application goes to screening."),
    Move.VISIT: _("The application goes to the site visit."),
    Move.COMMITTEE: _("The application goes to the committee."),
    Move.ANNOUNCE: _("The result is announced."),
}

# What may change in each stage: the applicant's forms only in draft; assessors are assigned from
# receipt until the committee; score sheets are written during screening and the site visit.
FORMS_EDITABLE = frozenset({Stage.DRAFT})
ASSIGNABLE = frozenset({Stage.RECEIVED, Stage.DOCUMENT_CHECK, Stage.SCREENING, Stage.SITE_VISIT})
SCORABLE = frozenset({Stage.SCREENING, Stage.SITE_VISIT})
# The stages an application no longer moves from.
FINAL = frozenset({Stage.NOT_CONSIDERED, Stage.ANNOUNCED})
# The stages whose dates the call's timetable gives (seed 004 slide 16).
TIMETABLE_STAGES = (
    Stage.RECEIVED,
    Stage.DOCUMENT_CHECK,
    Stage.SCREENING,
    Stage.SITE_VISIT,
    Stage.COMMITTEE,
    Stage.ANNOUNCED,
)
