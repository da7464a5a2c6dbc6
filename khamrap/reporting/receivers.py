"""Where reporting listens to the floors below it, which do not import it (agreements, periods).

Every receiver runs inside the sender's transaction (Signal.send, not send_robust): when one
refuses, the sender's whole change is undone with it. Connected in ReportingConfig.ready().
"""

from django.dispatch import receiver

from khamrap.agreements import signals as agreement_signals
from khamrap.agreements.selectors import indicators_of
from khamrap.periods import signals as period_signals
from khamrap.rules import counting

from .models import RoundReport
from .scorecard import frozen_figures, scorecard
from .services import round_rescore
from .standings import standings_refresh


@receiver(agreement_signals.indicators_changed)
def store_the_agreements_figures(sender, *, agreement, **kwargs) -> None:
    """An indicator's weight, targets or kind change every round's totals: store them again."""
    standings_refresh(agreement_ids=[agreement.pk])


@receiver(agreement_signals.amendment_opening)
def freeze_the_closed_rounds(sender, *, agreement, **kwargs) -> None:
    """Keep the figures of every closed round as they stand, before an amendment changes anything
    (rounds closed before figures were kept on the report)."""
    reports = RoundReport.objects.filter(
        agreement=agreement, status=counting.REPORT_CLOSED, figures__isnull=True
    ).select_related("reporting_round")
    indicators = None
    for report in reports:
        indicators = indicators if indicators is not None else indicators_of(agreement)
        card = scorecard(agreement, indicators, report.reporting_round, None, report)
        report.figures = frozen_figures(card)
        report.save(update_fields=["figures", "updated_at"])


@receiver(agreement_signals.amendment_closed)
def rescore_the_rounds_not_closed(sender, *, agreement, user, **kwargs) -> None:
    """Changed targets and weights apply from the first round not closed on: score those rounds'
    results again (each moved score in the history, in `user`'s name)."""
    closed = RoundReport.objects.filter(agreement=agreement, status=counting.REPORT_CLOSED).values(
        "reporting_round_id"
    )
    for reporting_round in agreement.fiscal_year.rounds.exclude(pk__in=closed).order_by("months"):
        round_rescore(agreement=agreement, reporting_round=reporting_round, user=user)


@receiver(period_signals.round_added)
def store_the_new_rounds_figures(sender, *, reporting_round, **kwargs) -> None:
    """Every agreement of the year has a standing in each of its rounds: add the new round's."""
    standings_refresh(
        agreement_ids=reporting_round.fiscal_year.agreements.values_list("pk", flat=True),
        round_ids=[reporting_round.pk],
    )
