"""Frameworks, performance agreements (คำรับรองการปฏิบัติราชการ), their indicators and amendments."""

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

from .choices import LOCKED_STATUSES, AgreementStatus, Direction, ScoringKind

WEIGHT = {"max_digits": 7, "decimal_places": 4}
VALUE = {"max_digits": 20, "decimal_places": 4}


class Framework(TimeStampedModel):
    """A year's grouping of indicators: the four dimensions (มิติ) or the five components (องค์ประกอบ)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    group_label = models.CharField(
        _("group label"),
        max_length=40,
        default="มิติ",
        help_text=_("What a group is called, e.g. มิติ or องค์ประกอบ."),
    )
    floor = models.DecimalField(
        _("score short of the first target"),
        max_digits=2,
        decimal_places=0,
        default=Decimal(0),
        choices=[(Decimal(0), "0"), (Decimal(1), "1")],
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return localized(self.name_th, self.name_en)


class FrameworkGroup(models.Model):
    """One group of a framework (e.g. มิติที่ 4 ด้านการพัฒนาองค์กร), with an optional prescribed weight."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    key = models.CharField(_("key"), max_length=10, help_text=_("e.g. 1, 2, 3"))
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.DecimalField(
        _("weight"),
        **WEIGHT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("framework group")
        verbose_name_plural = _("framework groups")
        ordering = ["framework", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="agreements_group_unique_key")
        ]

    def __str__(self) -> str:
        return localized(self.name_th, self.name_en)


class ReformIssue(models.Model):
    """Seed 001's issues: five mandatory for every department, fifteen optional for group 2."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number"))
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    mandatory = models.BooleanField(_("mandatory"))

    class Meta:
        verbose_name = _("reform issue")
        verbose_name_plural = _("reform issues")
        ordering = ["-mandatory", "number"]

    def __str__(self) -> str:
        return localized(self.name_th, self.name_en)


class AgreementQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> AgreementQuerySet:
        """Agreements of the organizations `user` may act on (Organization.objects.for_user decides)."""
        return self.filter(organization__in=Organization.objects.for_user(user, action))

    def published(self) -> AgreementQuerySet:
        """What the public may read without signing in (seed 001: announced to the public)."""
        return self.filter(status=AgreementStatus.PUBLISHED)


class Agreement(TimeStampedModel):
    """An organization's performance agreement for one fiscal year."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organization"),
    )
    fiscal_year = models.ForeignKey(
        "periods.FiscalYear",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("fiscal year"),
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, verbose_name=_("framework"))
    status = models.CharField(
        _("status"), max_length=30, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    # The parties (seed 001: the agreement is signed): who makes the promise and who receives it.
    promisor_name = models.CharField(_("signed by (promisor)"), max_length=200, blank=True)
    promisor_position = models.CharField(_("promisor's position"), max_length=200, blank=True)
    promisee_name = models.CharField(_("received by (promisee)"), max_length=200, blank=True)
    promisee_position = models.CharField(_("promisee's position"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance agreement")
        verbose_name_plural = _("performance agreements")
        ordering = ["-fiscal_year__year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"],
                name="agreements_one_per_organization_year",
                violation_error_message=_(
                    "This organization already has an agreement for this fiscal year."
                ),
            )
        ]

    def __str__(self) -> str:
        return _("Agreement of %(organization)s, fiscal year %(year)s") % {
            "organization": self.organization,
            "year": self.fiscal_year.year,
        }

    @property
    def is_locked(self) -> bool:
        """Signed and after: indicators change only through an open amendment."""
        return self.status in LOCKED_STATUSES


class AgreementEvent(models.Model):
    """One step of the agreement's life: who moved it, when, why, and what was agreed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=30, choices=AgreementStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=AgreementStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    agreed_changes = models.TextField(_("agreed changes"), blank=True)

    class Meta:
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")
        ordering = ["agreement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Amendment(models.Model):
    """A change to a signed agreement: why, by whom, and the indicators before and after."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The indicators in the agreement-file format (docs/agreement-file.md), before and after.
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreements_amendment_number"
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(closed_at__isnull=True),
                name="agreements_one_open_amendment",
            ),
        ]

    def __str__(self) -> str:
        return _("Amendment %(number)s") % {"number": self.number}


class IndicatorQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> IndicatorQuerySet:
        """Indicators of the agreements `user` may act on."""
        return self.filter(agreement__organization__in=Organization.objects.for_user(user, action))


class Indicator(TimeStampedModel):
    """An indicator (ตัวชี้วัด) with every field of seed 000's sheet and its scoring criteria."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="indicators")
    group = models.ForeignKey(FrameworkGroup, on_delete=models.PROTECT, verbose_name=_("group"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
    )
    number = models.CharField(
        _("number"), max_length=20, help_text=_("e.g. 16, or 2.1 for a sub-indicator")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.TextField(_("indicator name"))
    weight = models.DecimalField(
        _("weight"), **WEIGHT, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    kind = models.CharField(_("scoring kind"), max_length=20, choices=ScoringKind.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    mixed_steps = models.PositiveSmallIntegerField(
        _("steps before the targets"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    target_1 = models.DecimalField(_("target for score 1"), **VALUE, null=True, blank=True)
    target_2 = models.DecimalField(_("target for score 2"), **VALUE, null=True, blank=True)
    target_3 = models.DecimalField(_("target for score 3"), **VALUE, null=True, blank=True)
    target_4 = models.DecimalField(_("target for score 4"), **VALUE, null=True, blank=True)
    target_5 = models.DecimalField(_("target for score 5"), **VALUE, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    criteria_text = models.TextField(_("scoring criteria"), blank=True)
    formula = models.TextField(_("formula"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    data_source = models.TextField(_("data source"), blank=True)
    # The last line of seed 000's sheet, after the rationale ("หมายเหตุ : รูปแบบการกำหนดเกณฑ์...").
    closing_note = models.TextField(
        _("closing note"),
        blank=True,
        help_text=_("Printed at the end of the indicator sheet, after the rationale."),
    )
    # Results of the three previous fiscal years: {"2566": "78.5", ...} as decimal strings.
    baseline = models.JSONField(_("baseline data"), default=dict, blank=True)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="supervised_indicators",
        blank=True,
        verbose_name=_("KPI supervisors"),
    )
    collectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="collected_indicators",
        blank=True,
        verbose_name=_("data collectors"),
    )
    cascaded_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cascaded_to",
        verbose_name=_("cascaded from"),
    )
    issues = models.ManyToManyField(
        ReformIssue, blank=True, related_name="indicators", verbose_name=_("reform issues")
    )
    # Removed by an amendment from this round on; kept, with its results, for the rounds before.
    retired_from = models.ForeignKey(
        "periods.ReportingRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retired from round"),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_indicator_unique_number",
                violation_error_message=_(
                    "Another indicator of this agreement has the same number."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def targets(self) -> list[Decimal | None]:
        return [self.target_1, self.target_2, self.target_3, self.target_4, self.target_5]


class IndicatorChange(models.Model):
    """One change to an indicator's definition (weight, targets, name...): who, when, from what.

    Drafts and amendments alike; the history stays when the indicator is removed.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="indicator_changes"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    number = models.CharField(_("number"), max_length=20)
    amendment = models.ForeignKey(
        Amendment, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    field = models.CharField(_("field"), max_length=60)
    old = models.TextField(_("before"), blank=True)
    new = models.TextField(_("after"), blank=True)

    class Meta:
        verbose_name = _("indicator change")
        verbose_name_plural = _("indicator changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.field}: {self.old} → {self.new}"


class IndicatorStep(models.Model):
    """A milestone step (ขั้นตอน) and the evidence expected to show it was done."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    description = models.TextField(_("what is done"))
    evidence = models.TextField(_("evidence expected"), blank=True)

    class Meta:
        verbose_name = _("milestone step")
        verbose_name_plural = _("milestone steps")
        ordering = ["indicator", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "number"], name="agreements_step_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description}"
