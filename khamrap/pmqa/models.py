"""PMQA: the criteria as data per version, and each organization's PMQA year.

Criteria (เกณฑ์) are rows, not code: a version has its categories (หมวด 1–7), their items (1.1 …),
what an organization must show for each (the Fundamental Level's LD1, SP1, …), the questions of the
organizational profile and the percentage bands. An administrator adds a version for a new year in
the admin, or copies one (`criteria_copy`); nothing in the code names a title.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from khamrap.lib.models import TimeStampedModel, localized
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.rules import pmqa as rules
from khamrap.rules.thai import format_date

from .choices import (
    CriteriaLevel,
    FindingKind,
    ItemKind,
    MemberRole,
    ProjectStatus,
    Scope,
    YearMove,
    YearStatus,
)


def default_bands() -> list[list[int]]:
    return [list(band) for band in rules.DEFAULT_BANDS]


def band_messages(bands: object) -> list[str]:
    """The Thai (or English) messages for what is wrong with `bands`; [] when they are valid."""
    texts = {
        rules.BandProblem.EMPTY: _("Give at least one band."),
        rules.BandProblem.SHAPE: _(
            "Band %(number)s must be two whole numbers from 0 to 100, the lower first."
        ),
        rules.BandProblem.START: _("The first band must start at 0%%."),
        rules.BandProblem.END: _("The last band must end at 100%%."),
        rules.BandProblem.OVERLAP: _("Band %(number)s overlaps the band before it."),
        rules.BandProblem.GAP: _(
            "Band %(number)s starts more than 5 points after the band before it ends."
        ),
    }
    return [
        str(texts[problem]) % {"number": number} for problem, number in rules.band_problems(bands)
    ]


class CriteriaVersion(TimeStampedModel):
    """One edition of the PMQA criteria, e.g. the Fundamental Level used from 2553."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CriteriaLevel.choices)
    first_year = models.PositiveSmallIntegerField(
        _("first fiscal year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    bands = models.JSONField(
        _("percentage bands"),
        default=default_bands,
        help_text=_(
            "Each band as [lowest, highest] percent, e.g. [[0, 5], [10, 25], …, [90, 100]]."
        ),
    )
    is_active = models.BooleanField(_("offered for new years"), default=True)

    class Meta:
        verbose_name = _("PMQA criteria version")
        verbose_name_plural = _("PMQA criteria versions")
        ordering = ["-first_year", "code"]

    def __str__(self) -> str:
        return localized(self.name_th, self.name_en)

    def clean(self) -> None:
        problems = band_messages(self.bands)
        if problems:
            raise ValidationError({"bands": problems})

    @property
    def band_labels(self) -> list[str]:
        return [rules.band_label(band) for band in self.bands]


class Category(models.Model):
    """A category (หมวด) of a criteria version: 1 leadership … 7 results."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.CASCADE, related_name="categories"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="pmqa_category_unique")
        ]

    def __str__(self) -> str:
        return _("Category %(number)s %(name)s") % {"number": self.number, "name": self.name}

    @property
    def name(self) -> str:
        return localized(self.name_th, self.name_en)


class Item(models.Model):
    """An item of a category (1.1, 1.2, … 7.4): a process rated on ADLI or a result on LeTCLi."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    title_th = models.TextField(_("title (Thai)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criteria item")
        verbose_name_plural = _("criteria items")
        ordering = ["category__number", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="pmqa_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self.title_th, self.title_en)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return rules.dimensions(self.kind)


class Requirement(models.Model):
    """What an organization must show for an item at this level, e.g. the Fundamental Level's LD1."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(_("code"), max_length=20)
    text_th = models.TextField(_("what must be shown (Thai)"), blank=True)
    text_en = models.TextField(_("what must be shown (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["item", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="pmqa_requirement_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return localized(self.text_th, self.text_en)


class ProfileSection(models.Model):
    """A section of the organizational profile (ลักษณะสำคัญขององค์กร)."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.CASCADE, related_name="profile_sections"
    )
    number = models.CharField(_("number"), max_length=10)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("profile section")
        verbose_name_plural = _("profile sections")
        ordering = ["version", "order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        return localized(self.title_th, self.title_en)


class ProfileQuestion(models.Model):
    """A question of the organizational profile; the required ones decide its completeness."""

    section = models.ForeignKey(ProfileSection, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(_("number"), max_length=10)
    text_th = models.TextField(_("question (Thai)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("profile question")
        verbose_name_plural = _("profile questions")
        ordering = ["section__order", "order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.text}"

    @property
    def text(self) -> str:
        return localized(self.text_th, self.text_en)


# --- an organization's year -----------------------------------------------------------------


class PmqaYearQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> PmqaYearQuerySet:
        """PMQA years of the organizations `user` may act on (Organization.objects.for_user decides)."""
        return self.filter(organization__in=Organization.objects.for_user(user, action))


class PmqaYear(TimeStampedModel):
    """An organization's PMQA work in one fiscal year: plan, profile, self-assessment, projects."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="pmqa_years"
    )
    fiscal_year = models.ForeignKey(
        "periods.FiscalYear", on_delete=models.PROTECT, related_name="pmqa_years"
    )
    criteria = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="years", verbose_name=_("criteria")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=YearStatus.choices, default=YearStatus.PLANNING
    )
    # The agreement's PMQA indicator (seed 000), whose five steps are read from this year.
    indicator = models.ForeignKey(
        "agreements.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pmqa_years",
        verbose_name=_("linked PMQA indicator"),
    )
    # Who linked it: PMQA steps taken by people who may not record results (the head approving
    # the plan) are recorded on the indicator on this person's behalf.
    indicator_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    briefing_on = models.DateField(_("briefing held on"), null=True, blank=True)
    briefing_attendees = models.PositiveIntegerField(_("briefing attendees"), default=0)
    briefing_note = models.TextField(_("briefing note"), blank=True)
    training_on = models.DateField(_("self-assessment training held on"), null=True, blank=True)
    training_attendees = models.PositiveIntegerField(_("training attendees"), default=0)
    training_note = models.TextField(_("training note"), blank=True)
    plan_approved_on = models.DateField(_("plan approved on"), null=True, blank=True)
    plan_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_comment = models.TextField(_("comment when sent back"), blank=True)
    profile_completed_on = models.DateField(_("profile complete on"), null=True, blank=True)
    report_completed_on = models.DateField(
        _("preliminary report complete on"), null=True, blank=True
    )
    units = models.ManyToManyField(
        Organization,
        through="SelectedUnit",
        related_name="pmqa_selected_in",
        blank=True,
        verbose_name=_("selected units"),
    )

    objects = PmqaYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("PMQA year")
        verbose_name_plural = _("PMQA years")
        ordering = ["-fiscal_year__year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"],
                name="pmqa_year_unique",
                violation_error_message=_(
                    "This organization already has a PMQA year for this fiscal year."
                ),
            )
        ]

    def __str__(self) -> str:
        return _("PMQA %(year)s — %(organization)s") % {
            "year": self.fiscal_year.year,
            "organization": self.organization,
        }

    def state(self) -> rules.YearState:
        """The year as seed 000's five steps read it."""
        return rules.YearState(
            briefing_on=self.briefing_on,
            briefing_attendees=self.briefing_attendees,
            plan_approved_on=self.plan_approved_on,
            training_on=self.training_on,
            training_attendees=self.training_attendees,
            profile_completed_on=self.profile_completed_on,
            report_completed_on=self.report_completed_on,
        )


class YearEvent(models.Model):
    """A move of the year (plan sent, approved, sent back, report complete, reopened)."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="events")
    move = models.CharField(_("move"), max_length=20, choices=YearMove.choices)
    from_status = models.CharField(max_length=20, choices=YearStatus.choices)
    to_status = models.CharField(max_length=20, choices=YearStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_move_display()} — {format_date(self.at.date())}"


class SelectedUnit(models.Model):
    """A unit of a province selected to do PMQA (seed 000: at least one)."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="selected_units")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="pmqa_selected_unit_unique")
        ]

    def __str__(self) -> str:
        return str(self.unit)


class CategoryPlan(models.Model):
    """A category chosen for the year, mandatory or voluntary, with its responsible person."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="category_plans")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    responsible_name = models.CharField(_("responsible person"), max_length=200, blank=True)
    # A person with an account who may then write this category's assessments.
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pmqa_categories",
        verbose_name=_("responsible user"),
    )

    class Meta:
        ordering = ["category__number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "category"], name="pmqa_category_plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} — {self.get_scope_display()}"


class WorkingGroupMember(models.Model):
    """A member of the PMQA working group (คณะทำงาน)."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProfileAnswer(models.Model):
    """An answer to a profile question."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="profile_answers")
    question = models.ForeignKey(ProfileQuestion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "question"], name="pmqa_answer_unique")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Assessment(models.Model):
    """The self-assessment of one item: ratings per dimension, findings and evidence."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="assessments")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    # {"A": 2, "D": 3, "L": None, "I": 1}: band numbers from 0 (CriteriaVersion.bands).
    ratings = models.JSONField(_("ratings"), default=dict, blank=True)
    # Codes of the requirements (LD1, …) the organization shows it meets.
    requirements_met = models.JSONField(_("requirements met"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__category__number", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "item"], name="pmqa_assessment_unique")
        ]

    def __str__(self) -> str:
        return str(self.item)


class Finding(models.Model):
    """A strength or an opportunity for improvement (OFI) found in an item."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=10, choices=FindingKind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class EvidenceLink(models.Model):
    """A document or page that shows what an assessment claims."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title of the evidence"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Project(TimeStampedModel):
    """A project of the improvement plan (แผนพัฒนาองค์การ), usually from one OFI."""

    year = models.ForeignKey(PmqaYear, on_delete=models.CASCADE, related_name="projects")
    ofi = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("opportunity for improvement"),
    )
    title = models.CharField(_("project"), max_length=300)
    owner_name = models.CharField(_("owner"), max_length=200)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )

    class Meta:
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectReport(models.Model):
    """A project's progress in one reporting round, reported like an indicator's result."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    reporting_round = models.ForeignKey(
        "periods.ReportingRound", on_delete=models.PROTECT, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("what was done"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reporting_round__months"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reporting_round"], name="pmqa_project_report_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="pmqa_project_progress_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.progress}%"


def item_answer(item: Item, assessment: Assessment | None) -> rules.ItemAnswer:
    """An item's assessment as the rules read it (nothing rated when there is none); reads the
    findings prefetched on the assessment, and the item's category (select or set it first)."""
    findings = list(assessment.findings.all()) if assessment else []
    return rules.ItemAnswer(
        category=item.category.number,
        code=item.code,
        kind=item.kind,
        ratings=assessment.ratings if assessment else {},
        strengths=sum(1 for f in findings if f.kind == FindingKind.STRENGTH),
        ofis=sum(1 for f in findings if f.kind == FindingKind.OFI),
    )
