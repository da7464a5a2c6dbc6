"""What every round service shares: the fields of a result, the history rows, storing figures."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from khamrap.accounts.tokens import token_of

from ..models import Change, Result, RoundReport
from ..standings import standings_refresh

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "suggestions", "explanation")
RESULT_FIELDS = ("value", "steps_done", "step_dates", "passed", *NARRATIVE_FIELDS)


def shown(value) -> str:
    """A field's value as the history stores it: empty for nothing, else its text."""
    return "" if value in (None, "", [], {}) else str(value)


def log_change(
    *,
    actor,
    field: str,
    old,
    new,
    result: Result | None = None,
    report: RoundReport | None = None,
    note="",
):
    """Keep one change in the history. A status goes in as its code ("submitted"), never its label:
    the label is read in the reader's language when the history is shown (Change.sentence)."""
    Change.objects.create(
        result=result,
        report=report,
        actor=actor,
        token=token_of(actor),
        at=timezone.now(),
        field=field,
        old=shown(old),
        new=shown(new),
        note=note,
    )


def refresh(agreement_id: int, round_id: int) -> None:
    """Store the round's figures again (reporting.standings), in the caller's transaction."""
    standings_refresh(agreement_ids=[agreement_id], round_ids=[round_id])


_STORED_PLACES = Decimal("0.0001")  # value and scores are stored with four decimals


def as_stored(value):
    """A decimal as it reads back from the database (four places), so history text matches."""
    return value.quantize(_STORED_PLACES) if isinstance(value, Decimal) else value
