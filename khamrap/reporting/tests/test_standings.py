"""Stored standings: the figures the services keep per agreement and round equal a full recomputation.

The random histories of test_interleavings.py check the same after every step; here, worked
examples of each writer and the rebuild command.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from khamrap.periods.services import reporting_round_add
from khamrap.reporting import services
from khamrap.reporting.models import RoundStanding
from khamrap.reporting.standings import standings_differences
from khamrap.reporting.tests.workflow import approved_round, submitted_round


def standing_of(agreement, reporting_round):
    return RoundStanding.objects.get(agreement=agreement, reporting_round=reporting_round)


def test_a_new_agreement_has_an_empty_standing_in_every_round(agreement):
    rounds = set(agreement.fiscal_year.rounds.values_list("pk", flat=True))
    standings = RoundStanding.objects.filter(agreement=agreement)
    assert {s.reporting_round_id for s in standings} == rounds
    assert {(s.standing, s.total_final, s.reported) for s in standings} == {("none", None, 0)}


def test_each_step_of_a_round_is_stored_as_it_happens(world, signed, evaluator):
    six = signed.fiscal_year.rounds.get(months=6)
    indicator = signed.indicators.get(number="1")
    # Indicator 1 is numeric with targets 80–100 by 5 (conftest): 85 scores 2.
    services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(85)
    )
    stored = standing_of(signed, six)
    assert (stored.standing, stored.reported, stored.verified) == ("in_progress", 1, 0)
    assert stored.total_self == Decimal(1)  # weight 50 × score 2; the others add nothing yet
    assert stored.progress["draft"] == 1
    assert stored.progress["missing"] == stored.progress["total"] - 1

    approved_round(signed, six, world)  # every result entered, submitted and approved
    stored = standing_of(signed, six)
    assert stored.progress["approved"] == stored.progress["total"]
    assert stored.report_status == "open"

    services.report_submit(agreement=signed, reporting_round=six, user=world.coordinator)
    stored = standing_of(signed, six)
    assert (stored.standing, stored.report_status) == ("submitted", "submitted")
    assert stored.official

    one = signed.indicators.get(number="1").results.get(reporting_round=six)
    services.result_verify(result=one, user=evaluator, score=Decimal(3), reason="ตรวจแล้ว")
    stored = standing_of(signed, six)
    assert (stored.standing, stored.verified) == ("verifying", 1)
    assert stored.to_verify == stored.indicators - 1
    # Weights 50/30/20, every self score 5; indicator 1 verified at 3: 0.5 × 3 + 0.5 × 5 = 4.
    assert (stored.total_self, stored.total_final) == (Decimal(5), Decimal(4))
    assert standings_differences([signed.pk]) == []


def test_a_new_round_gives_every_agreement_of_the_year_a_standing(agreement):
    three = reporting_round_add(fiscal_year=agreement.fiscal_year, months=3)
    assert standing_of(agreement, three).standing == "none"
    assert standings_differences([agreement.pk]) == []


def test_the_demo_standings_equal_a_full_recomputation(demo):
    assert RoundStanding.objects.exists()
    assert standings_differences() == []


def test_the_rebuild_command_finds_and_mends_a_wrong_standing(world, signed):
    six = signed.fiscal_year.rounds.get(months=6)
    approved_round(signed, six, world)
    right = standing_of(signed, six).total_self
    RoundStanding.objects.filter(agreement=signed, reporting_round=six).update(
        total_self=Decimal("1.2345")
    )
    with pytest.raises(CommandError, match="1 standings differ"):
        call_command("rebuild_standings", "--check")
    call_command("rebuild_standings")
    assert standing_of(signed, six).total_self == right
    call_command("rebuild_standings", "--check")


def test_rescoring_after_a_rule_change_moves_open_rounds_and_keeps_closed_ones(
    world, signed, evaluator
):
    """The framework's floor changes (a rule change): open rounds follow it, a closed one does not."""
    six, nine = (signed.fiscal_year.rounds.get(months=m) for m in (6, 9))
    one = signed.indicators.get(number="1")
    below_target_1 = {
        # Under target 1 (80): scores the framework's floor, which needs an explanation.
        "1": {"value": Decimal(70), "explanation": "ฝนแล้ง"},
        "16": {"steps_done": [1, 2, 3, 4, 5]},
        "3": {"passed": True},
    }
    done, report = submitted_round(signed, six, world, below_target_1)
    for result in done.values():
        services.result_verify(result=result, user=evaluator, score=result.self_score)
    services.report_close(report=report, user=evaluator)
    services.result_save(indicator=one, reporting_round=nine, user=world.collector, value=70)
    assert signed.framework.floor == 0  # the default: short of target 1 scores 0
    assert one.results.get(reporting_round=nine).self_score == 0
    closed = standing_of(signed, six).total_self

    signed.framework.floor = Decimal(1)  # seed 000's other choice: short of target 1 scores 1
    signed.framework.save()
    out = StringIO()
    call_command("rescore", "--as", world.coordinator.username, stdout=out)

    assert "1 scores moved" in out.getvalue()
    assert one.results.get(reporting_round=nine).self_score == 1
    assert one.results.get(reporting_round=six).self_score == 0  # closed: frozen
    assert standing_of(signed, six).total_self == closed
    assert standing_of(signed, nine).total_self == Decimal("0.5")  # weight 50 × score 1
    moved = one.results.get(reporting_round=nine).changes.filter(field="self_score").first()
    assert (moved.actor, moved.old, moved.new) == (world.coordinator, "0.0000", "1.0000")
    assert standings_differences([signed.pk]) == []
