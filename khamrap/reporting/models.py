"""Results of indicators in a reporting round, with the self-assessed and verified scores."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khamrap.agreements.models import Agreement, Indicator
from khamrap.lib.models import TimeStampedModel
from khamrap.organizations.choices import Action
from khamrap.rules import counting

from .choices import EDITABLE_RESULT_STATUSES, ReportStatus, ResultStatus

SCORE = {
    "max_digits": 6,
    "decimal_places": 4,
    "validators": [MinValueValidator(0), MaxValueValidator(5)],
}


class ResultQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> ResultQuerySet:
        """Results of the indicators `user` may act on: a result is visible exactly when its
        indicator is (Indicator.objects.for_user decides). One query, as a subquery."""
        return self.filter(indicator__in=Indicator.objects.for_user(user, action))


class Result(TimeStampedModel):
    """An indicator's result for one round: what was achieved and the scores it earns."""

    indicator = models.ForeignKey(
        "agreements.Indicator", on_delete=models.CASCADE, related_name="results"
    )
    reporting_round = models.ForeignKey(
        "periods.ReportingRound",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("reporting round"),
    )
    # Named apart from the narrative `performance` (ผลการดำเนินงาน), which the history also names;
    # `passed` likewise, so the history reads "ผลการดำเนินงาน (ผ่าน/ไม่ผ่าน) เป็น ผ่าน".
    value = models.DecimalField(
        _("result (number)"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    # Milestone and mixed indicators: the numbers of the steps done, e.g. [1, 2, 4].
    steps_done = models.JSONField(_("steps done"), default=list, blank=True)
    # When each step was done: {"1": "2026-01-15", ...}.
    step_dates = models.JSONField(_("dates the steps were done"), default=dict, blank=True)
    passed = models.BooleanField(_("result (pass or fail)"), null=True, blank=True)
    self_score = models.DecimalField(_("self-assessed score"), null=True, blank=True, **SCORE)
    verified_score = models.DecimalField(_("verified score"), null=True, blank=True, **SCORE)
    verified_reason = models.TextField(_("reason for the verified score"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The narrative of e-SAR: what was done, what helped, what stood in the way, what to do next.
    performance = models.TextField(_("performance"), blank=True)
    supporting_factors = models.TextField(_("supporting factors"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    explanation = models.TextField(_("explanation of a score under 3"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    return_comment = models.TextField(_("comment when returned"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "reporting_round"], name="reporting_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number} — {self.reporting_round}"

    @property
    def counted_score(self):
        """The score that counts (rules.counting): verified once given, else self-assessed."""
        return counting.counted(self.self_score, self.verified_score)[0]

    @property
    def is_editable(self) -> bool:
        """A draft or a returned result may be changed; a submitted or approved one is locked."""
        return self.status in EDITABLE_RESULT_STATUSES


def days_late(submitted_at: dt.datetime | None, deadline: dt.date) -> int:
    """Days between the deadline and the day the report was sent (its Bangkok date); 0 when it was
    sent on or before the deadline, or not sent."""
    if submitted_at is None:
        return 0
    submitted_on = timezone.localtime(submitted_at).date()
    return max(0, (submitted_on - deadline).days)


class PerAgreementQuerySet(models.QuerySet):
    """Rows that each belong to one agreement (reports, standings): seen with the agreement."""

    def for_user(self, user, action: str = Action.VIEW) -> PerAgreementQuerySet:
        """Rows of the agreements `user` may act on (Agreement.objects.for_user decides)."""
        return self.filter(agreement__in=Agreement.objects.for_user(user, action))


class RoundReport(TimeStampedModel):
    """An organization's self-assessment report (SAR) for one round of its agreement."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="round_reports"
    )
    reporting_round = models.ForeignKey(
        "periods.ReportingRound", on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The score table as it stood when the round closed (reporting.scorecard.frozen_figures):
    # later amendments change the indicators from the next open round on, never these figures.
    figures = models.JSONField(_("figures at closing"), null=True, blank=True)

    objects = PerAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment report")
        verbose_name_plural = _("self-assessment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "reporting_round"], name="reporting_report_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.reporting_round}"

    @property
    def days_late(self) -> int:
        """How many days after the round's deadline the report was sent (0: on time or not sent)."""
        return days_late(self.submitted_at, self.reporting_round.deadline)


class Change(models.Model):
    """One change to a result or a report: who, when, which field, from what to what."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    report = models.ForeignKey(
        RoundReport, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The API token the change came through (docs/api.md), none for a change made on the pages.
    token = models.ForeignKey(
        "accounts.ApiToken",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("API token"),
    )
    at = models.DateTimeField(_("at"))
    field = models.CharField(_("field"), max_length=60)
    old = models.TextField(_("before"), blank=True)
    new = models.TextField(_("after"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__isnull=False) | models.Q(report__isnull=False),
                name="reporting_change_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"

    @property
    def label(self) -> str:
        """The changed field as a person reads it (its verbose name, in the reader's language)."""
        if self.field == "evidence":
            return str(EvidenceFile._meta.verbose_name)
        try:
            return str(Result._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:  # a field of the report, or one that no longer exists
            return self.field

    @property
    def note_text(self) -> str:
        """The note as a person reads it: an evidence file's step (stored as its number) in the
        reader's language, any other note (a reason, a comment) as it was written."""
        if self.field == "evidence" and self.note.isdigit():
            return gettext("Step %(number)s") % {"number": self.note}
        return self.note

    @property
    def sentence(self) -> str:
        """What changed, as a sentence in the reader's language (agreements.history): a status by
        its label, the result's number without trailing zeros, step dates in the Buddhist Era."""
        from khamrap.agreements.history import result_change

        statuses = ReportStatus if self.report_id is not None else ResultStatus
        return result_change(self.field, self.old, self.new, label=self.label, statuses=statuses)


class EvidenceFileQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> EvidenceFileQuerySet:
        """Files of the results `user` may act on (Result.objects.for_user decides)."""
        return self.filter(result__in=Result.objects.for_user(user, action))


class EvidenceFile(models.Model):
    """A file that shows a result (or one milestone step) was achieved; kept outside the web root."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    step_number = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", max_length=300)
    # The name the person gave the file: shown, never used as a path.
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["step_number", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RoundStanding(models.Model):
    """An agreement's figures for one round, as the counting rule gives them (rules.counting).

    Written by the same transaction as the result, status or amendment that changes them
    (reporting.standings.standings_refresh), so roll-ups, rankings, the workbench and the
    documents read one row per agreement instead of scoring every indicator again.
    `khamrap rebuild_standings` writes them all again from the results.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="standings"
    )
    reporting_round = models.ForeignKey(
        "periods.ReportingRound", on_delete=models.CASCADE, related_name="standings"
    )
    report_status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    standing = models.CharField(_("standing"), max_length=20, default=counting.Standing.NONE)
    total_self = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    total_final = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    reported = models.PositiveIntegerField(default=0)  # top-level indicators with a score
    verified = models.PositiveIntegerField(default=0)  # top-level indicators verified
    indicators = models.PositiveIntegerField(default=0)  # top-level indicators that count
    # [{"group": id, "weight": "50", "self": "3.1000" | None, "final": ...}] (ScoreCard.groups)
    groups = models.JSONField(default=list, blank=True)
    # Results by status, of the indicators that carry their own result (not composites):
    # {"draft": n, "submitted": n, "returned": n, "approved": n, "missing": n, "total": n}
    progress = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()

    objects = PerAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("standing of a round")
        verbose_name_plural = _("standings of rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "reporting_round"], name="reporting_standing_unique"
            )
        ]
        indexes = [
            models.Index(fields=["reporting_round", "standing"], name="reporting_standing_round"),
            models.Index(fields=["report_status"], name="reporting_standing_report"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} — {self.reporting_round_id}: {self.standing}"

    @property
    def official(self) -> bool:
        return counting.is_official(self.standing)

    @property
    def to_verify(self) -> int:
        return self.indicators - self.verified
