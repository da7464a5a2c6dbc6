"""Fiscal years (named in the Buddhist Era) and their reporting rounds."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from khamrap.lib.models import TimeStampedModel


class RoundStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTING = "reporting", _("Reporting now")
    CLOSED = "closed", _("Past deadline")


class FiscalYear(TimeStampedModel):
    """A Thai fiscal year: ปีงบประมาณ พ.ศ. 2569 runs from 1 October 2025 to 30 September 2026."""

    year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        unique=True,
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    framework = models.ForeignKey(
        "agreements.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fiscal_years",
        verbose_name=_("framework"),
        help_text=_("How this year's indicators are grouped: dimensions or components."),
    )

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Fiscal year %(year)s") % {"year": self.year}

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class ReportingRound(TimeStampedModel):
    """A reporting round (รอบการรายงาน): results up to the cut-off date, due by the deadline."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("fiscal year")
    )
    months = models.PositiveSmallIntegerField(
        _("months"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    cutoff_date = models.DateField(
        _("cut-off date"), help_text=_("Results are reported up to this day.")
    )
    deadline = models.DateField(_("submission deadline"))

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["fiscal_year", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "months"],
                name="periods_round_unique_months",
                violation_error_message=_(
                    "This fiscal year already has a round of that many months."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("cutoff_date")),
                name="periods_round_deadline_after_cutoff",
                violation_error_message=_("The deadline cannot be before the cut-off date."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(months)s-month round") % {"months": self.months}

    def clean(self) -> None:
        if (
            self.fiscal_year_id
            and self.cutoff_date
            and not self.fiscal_year.contains(self.cutoff_date)
        ):
            raise ValidationError(
                {"cutoff_date": _("The cut-off date must fall within the fiscal year.")}
            )

    def status_on(self, day) -> "RoundStatus":
        """Where the round stands on `day`: before its cut-off, being reported, or past its deadline."""
        if day <= self.cutoff_date:
            return RoundStatus.IN_PROGRESS
        if day <= self.deadline:
            return RoundStatus.REPORTING
        return RoundStatus.CLOSED
