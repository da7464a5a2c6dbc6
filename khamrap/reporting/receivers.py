"""Where reporting listens to the floors below it, which do not import it (agreements, periods).

Every receiver runs inside the sender's transaction (Signal.send, not send_robust): when one
refuses, the sender's whole change is undone with it. Connected in ReportingConfig.ready().
"""

from django.dispatch import receiver

from khamrap.periods import signals as period_signals

from .standings import standings_refresh


@receiver(period_signals.round_added)
def store_the_new_rounds_figures(sender, *, reporting_round, **kwargs) -> None:
    """Every agreement of the year has a standing in each of its rounds: add the new round's."""
    standings_refresh(
        agreement_ids=reporting_round.fiscal_year.agreements.values_list("pk", flat=True),
        round_ids=[reporting_round.pk],
    )
