"""Results of indicators in a reporting round, with the self-assessed and verified scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from khamrap.lib.models import TimeStampedModel

SCORE = {
    "max_digits": 6,
    "decimal_places": 4,
    "validators": [MinValueValidator(0), MaxValueValidator(5)],
}


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
    value = models.DecimalField(_("result"), max_digits=20, decimal_places=4, null=True, blank=True)
    # Milestone and mixed indicators: the numbers of the steps done, e.g. [1, 2, 4].
    steps_done = models.JSONField(_("steps done"), default=list, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    self_score = models.DecimalField(_("self-assessed score"), null=True, blank=True, **SCORE)
    verified_score = models.DecimalField(_("verified score"), null=True, blank=True, **SCORE)
    verified_reason = models.TextField(_("reason for the verified score"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

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
    def final_score(self):
        """The evaluator's verified score once given; until then the self-assessed one."""
        return self.verified_score if self.verified_score is not None else self.self_score
