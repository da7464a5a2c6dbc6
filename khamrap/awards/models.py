"""Awards: each year's calls and schemes as data, applications, assessments and award history.

A call (การเปิดรับสมัคร) is one family's awards in one fiscal year: its timetable, level thresholds
and report limits. Its schemes (ประเภทรางวัล) carry their eligibility conditions (form 2), report
questions (form 3) and assessment criteria with their maximum points, all rows: a call is opened
from the shipped defaults of seed 004 (`defaults/seed-004.json`) or from the year before, and an
administrator edits it in the admin. Nothing in the code names a criterion or a point.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khamrap.lib.models import TimeStampedModel, localized
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.organizations.scopes import scope_of
from khamrap.rules import awards as rules

from .choices import EligibilityRule, Family, Level, Move, ParticipationLevel, Stage

POINTS = {"max_digits": 7, "decimal_places": 2}


class Call(TimeStampedModel):
    """One family's awards in one fiscal year, with its timetable and thresholds."""

    fiscal_year = models.ForeignKey(
        "periods.FiscalYear", on_delete=models.PROTECT, related_name="award_calls"
    )
    family = models.CharField(_("award family"), max_length=20, choices=Family.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    # [[minimum, level], ...], e.g. [["800", "distinguished"], ["750", "good"]]
    thresholds = models.JSONField(_("level thresholds"), default=list, blank=True)
    summary_pages = models.PositiveSmallIntegerField(_("executive summary pages"), default=3)
    page_limit = models.PositiveSmallIntegerField(_("report page limit"), null=True, blank=True)
    words_per_page = models.PositiveSmallIntegerField(
        _("words per page (for the page estimate)"),
        default=250,
        validators=[MinValueValidator(50)],
    )
    bonus_traits = models.JSONField(_("traits that earn bonus points"), default=list, blank=True)

    class Meta:
        verbose_name = _("award call")
        verbose_name_plural = _("award calls")
        ordering = ["-fiscal_year__year", "family"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "family"],
                name="awards_call_unique",
                violation_error_message=_("This family's awards are already open for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{localized(self.name_th, self.name_en)} {self.fiscal_year.year}"

    @property
    def name(self) -> str:
        return localized(self.name_th, self.name_en)

    def threshold_rules(self) -> tuple[rules.Threshold, ...]:
        return tuple(rules.Threshold(Decimal(str(low)), level) for low, level in self.thresholds)


class CallDate(models.Model):
    """A stage's dates in the call's timetable (seed 004 slide 16: ธ.ค.57–13 ก.พ.58, …)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="dates")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "stage"], name="awards_call_date_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="awards_call_date_order"
            ),
        ]

    def __str__(self) -> str:
        return self.get_stage_display()


class Scheme(models.Model):
    """A type of award within a call (Public Service type 1 …, participatory development …)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="schemes")
    number = models.PositiveSmallIntegerField(_("type number"))
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    eligibility_rule = models.CharField(
        _("checked from the award history"),
        max_length=20,
        choices=EligibilityRule.choices,
        blank=True,
    )
    asks_participation = models.BooleanField(_("asks the level of participation"), default=False)
    asks_pmqa_category = models.BooleanField(_("asks the PMQA category"), default=False)
    is_open = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="awards_scheme_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_th, self.name_en)

    @property
    def family(self) -> str:
        return self.call.family


class Condition(models.Model):
    """An eligibility condition of form 2 (seed 004 slides 7–12)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="conditions")
    number = models.PositiveSmallIntegerField(_("number"))
    text_th = models.TextField(_("condition (Thai)"))
    text_en = models.TextField(_("condition (English)"), blank=True)

    class Meta:
        ordering = ["scheme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="awards_condition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def text(self) -> str:
        return localized(self.text_th, self.text_en)


class Question(models.Model):
    """A question of form 3's report (seed 004 slides 19–21), with its word limit."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(_("number"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_th = models.TextField(_("question (Thai)"))
    title_en = models.TextField(_("question (English)"), blank=True)
    guidance_th = models.TextField(_("what to explain (Thai)"), blank=True)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)

    class Meta:
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="awards_question_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self.title_th, self.title_en)


class Criterion(models.Model):
    """An assessment criterion with its maximum points (seed 004 slides 13–14 and 27–29)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    group_th = models.CharField(_("part (Thai)"), max_length=255)
    group_en = models.CharField(_("part (English)"), max_length=255, blank=True)
    title_th = models.TextField(_("criterion (Thai)"))
    title_en = models.TextField(_("criterion (English)"), blank=True)
    maximum = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS
    )
    is_bonus = models.BooleanField(_("bonus points"), default=False)

    class Meta:
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="awards_criterion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self.title_th, self.title_en)

    @property
    def group(self) -> str:
        return localized(self.group_th, self.group_en)

    def limit(self) -> rules.CriterionLimit:
        return rules.CriterionLimit(self.code, self.maximum, self.is_bonus)


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> ApplicationQuerySet:
        """Applications `user` may act on: those of the organizations Organization.objects.for_user
        gives, and, to read, those they are assigned to assess (an assessor sees nothing else)."""
        mine = Q(organization__in=Organization.objects.for_user(user, action))
        if action == Action.VIEW and user.is_authenticated:
            assigned = Assignment.objects.filter(assessor_id=user.pk)
            if scope_of(user) is not None:  # through an API token: only within its scope
                assigned = assigned.filter(
                    application__organization__in=Organization.objects.within_scope(user)
                )
            assigned = assigned.values("application_id")
            return self.filter(mine | Q(pk__in=assigned))
        return self.filter(mine)


class Application(TimeStampedModel):
    """An organization's application for one award type: forms 1–3, its stage and its result."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="award_applications"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    title = models.CharField(_("title of the work"), max_length=500)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    version = models.PositiveIntegerField(default=1)
    # Form 1: the applicant.
    unit_name = models.CharField(_("unit responsible for the work"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_position = models.CharField(_("position"), max_length=255, blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    started_on = models.DateField(_("work in use since"), null=True, blank=True)
    # Participatory governance: the level reached, and what the expansion and excellence types ask.
    participation_level = models.CharField(
        _("level of participation"), max_length=20, choices=ParticipationLevel.choices, blank=True
    )
    earlier_award = models.ForeignKey(
        "AwardRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extended_by",
        verbose_name=_("earlier award extended"),
    )
    added_areas = models.PositiveIntegerField(_("areas or groups added"), null=True, blank=True)
    new_projects = models.PositiveIntegerField(_("new projects"), null=True, blank=True)
    pmqa_category = models.PositiveSmallIntegerField(
        _("PMQA category"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    # Form 3: the executive summary (the questions' answers are Answer rows).
    summary = models.TextField(_("executive summary"), blank=True)
    submitted_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The result, frozen when it is announced.
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    total = models.DecimalField(_("consolidated score"), null=True, blank=True, **POINTS)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    result_note = models.TextField(_("committee's note"), blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("award application")
        verbose_name_plural = _("award applications")
        ordering = ["-scheme__call__fiscal_year__year", "scheme__call__family", "pk"]

    def __str__(self) -> str:
        return self.title


class ConditionAnswer(models.Model):
    """Form 2: whether the work meets one eligibility condition, and how."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="condition_answers"
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"), null=True)
    explanation = models.TextField(_("how"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="awards_condition_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.condition)


class Answer(models.Model):
    """Form 3: the answer to one report question."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"), blank=True)
    words = models.PositiveIntegerField(_("words"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="awards_answer_unique")
        ]

    def __str__(self) -> str:
        return str(self.question)


class Event(models.Model):
    """A move of an application along choices.TRANSITIONS."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    move = models.CharField(_("move"), max_length=20, choices=Move.choices)
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_move_display()


class Assessor(models.Model):
    """A person in the pool of award assessors (ผู้ตรวจประเมิน) the award office assigns from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_assessor"
    )
    expertise = models.CharField(_("expertise"), max_length=255, blank=True)
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("award assessor")
        verbose_name_plural = _("award assessors")
        ordering = ["user__first_name", "user__last_name", "user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Assignment(models.Model):
    """An assessor assigned to an application, with their score sheet."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    # For a type scored by points: the traits that earned the bonus (indexes into Call.bonus_traits).
    bonus_traits = models.JSONField(_("bonus traits"), default=list, blank=True)
    # For a type with no points (PMQA, the grand award): the assessor's recommendation.
    recommends = models.BooleanField(_("recommends the award"), null=True)
    note = models.TextField(_("overall note"), blank=True)
    submitted_at = models.DateTimeField(_("sheet finished on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="awards_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return self.assessor.get_full_name() or self.assessor.get_username()


class Score(models.Model):
    """An assessor's points for one criterion, with a note."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), null=True, blank=True, **POINTS)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="awards_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


class AwardRecordQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> AwardRecordQuerySet:
        return self.filter(organization__in=Organization.objects.for_user(user, action))


class AwardRecord(TimeStampedModel):
    """An award the organization holds: from an announced application, or entered from the past."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="award_records"
    )
    year = models.PositiveSmallIntegerField(
        _("award year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    family = models.CharField(_("award family"), max_length=20, choices=Family.choices)
    number = models.PositiveSmallIntegerField(_("type number"))
    scheme_name = models.CharField(_("award"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    work = models.CharField(_("title of the work"), max_length=500)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="record"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("award held")
        verbose_name_plural = _("awards held")
        ordering = ["-year", "family", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.scheme_name} {self.year} — {self.work}"

    def held(self) -> rules.AwardHeld:
        return rules.AwardHeld(self.year, self.family, self.number, self.level, self.work)


class MaintenanceReport(models.Model):
    """A yearly report to OPDC that an awarded service keeps its standard (type 6's condition)."""

    record = models.ForeignKey(
        AwardRecord, on_delete=models.CASCADE, related_name="maintenance_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["record", "year"], name="awards_maintenance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.record} — {self.year}"
