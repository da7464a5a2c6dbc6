"""Agreement files in and out of the database (docs/agreement-file.md)."""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from khamrap.agreements.file_import import AgreementImportError, agreement_import
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear
from khamrap.reporting.exchange import agreement_export_with_results, results_from_file
from khamrap.reporting.scorecard import scorecard
from khamrap.rules import agreement_file as af

FIXTURE = Path(__file__).parents[2] / "rules" / "tests" / "fixtures" / "seed000.yaml"
DEMO = Path(__file__).parents[2] / "demo" / "agreements" / "DOAE-2569.yaml"


def test_export_then_import_into_a_fresh_draft_gives_identical_indicators(demo):
    from django.contrib.auth import get_user_model

    doae = Agreement.objects.get(organization__code="DOAE")
    fiscal_year, six = doae.fiscal_year, doae.fiscal_year.rounds.get(months=6)
    exported = agreement_export_with_results(doae, six)
    Agreement.objects.filter(pk=doae.pk).delete()
    coordinator = get_user_model().objects.get(username="coordinator")
    reimported = agreement_import(
        organization=Organization.objects.get(code="DOAE"),
        fiscal_year=fiscal_year,
        data=exported,
        user=coordinator,
    )
    results_from_file(agreement=reimported, data=exported, reporting_round=six, user=coordinator)
    assert reimported.status == "draft"
    again = agreement_export_with_results(reimported, six)
    # Verified scores stay with the evaluator's workflow: an import brings results, not verdicts.
    assert again == replace(
        exported, indicators=tuple(replace(i, verified_score=None) for i in exported.indicators)
    )
    assert any(i.verified_score is not None for i in exported.indicators)


def test_a_file_imported_scores_in_the_database_as_it_scores_on_the_command_line(demo):
    data = af.load_path(DEMO)
    report = af.score_report(data)
    doae = Agreement.objects.get(organization__code="DOAE")
    card = scorecard(doae, indicators_of(doae), doae.fiscal_year.rounds.get(months=6))
    assert card.total_self == report.total == Decimal("3.5100")
    assert [r.self_score for r in card.rows] == [line.score for line in report.lines]


def test_a_file_with_problems_imports_nothing_and_says_every_problem_in_thai(demo):
    from django.contrib.auth import get_user_model

    data = af.load_path(FIXTURE)  # Chiang Rai 2549: people and a year that the demo does not have
    FiscalYear.objects.create(year=2549, starts_on="2005-10-01", ends_on="2006-09-30")
    before = (Agreement.objects.count(), Indicator.objects.count())
    with pytest.raises(AgreementImportError) as error:
        agreement_import(
            organization=Organization.objects.get(code="PROV-57"),
            fiscal_year=FiscalYear.objects.get(year=2549),
            data=data,
            user=get_user_model().objects.get(username="admin"),
        )
    problems = error.value.problems
    assert any("นายประเสริฐ ทองคำ" in p for p in problems)
    assert all(any("\u0e00" <= c <= "\u0e7f" for c in p) for p in problems)
    assert (Agreement.objects.count(), Indicator.objects.count()) == before


def test_the_score_command_prints_the_table_and_json(capsys):
    call_command("score", str(FIXTURE))
    out = capsys.readouterr().out
    assert "รวมทั้งหมด" in out and "3.8900" in out
    call_command("score", str(FIXTURE), "--json")
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["total"] == "3.8900"


def test_the_score_command_explains_a_broken_file_in_thai(tmp_path):
    from django.core.management.base import CommandError

    broken = tmp_path / "broken.yaml"
    broken.write_text("format: khamrap-agreement/1\nindicators: [", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("score", str(broken))
    assert "ไฟล์คำรับรองมีปัญหา" in str(error.value)


def test_export_and_import_commands_round_trip(demo, tmp_path, capsys):
    call_command("export_agreement", "--organization", "DOAE", "--year", "2569", "--round", "6")
    text = capsys.readouterr().out
    assert af.load(text).indicators[0].number == "1"
    path = tmp_path / "doae.yaml"
    path.write_text(text, encoding="utf-8")
    Agreement.objects.filter(organization__code="DOAE").delete()
    call_command("import_agreement", str(path), "--as-user", "coordinator", "--round", "6")
    assert Agreement.objects.get(organization__code="DOAE").indicators.count() == 8
