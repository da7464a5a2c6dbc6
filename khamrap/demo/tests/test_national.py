"""The national dataset (khamrap generate_national) at a small scale: consistent, complete, usable."""

from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import Agreement, Indicator
from khamrap.agreements.selectors import indicators_of_many
from khamrap.demo.national import NATIONAL_DOMAIN, NATIONAL_PASSWORD, username
from khamrap.organizations.models import Organization
from khamrap.reporting.models import Result, RoundReport
from khamrap.reporting.scorecard import frozen_figures, scorecard

SCALE = "0.005"


def generate(*extra):
    out = StringIO()
    call_command("generate_national", "--scale", SCALE, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _national_module(module_transaction, django_db_blocker):
    with django_db_blocker.unblock(), translation.override("th"):
        return generate("--seed", "3")


@pytest.fixture
def national(_national_module, db):
    """What generate_national printed; its dataset is made once for the module (conftest's
    module_transaction) and what a test writes is undone."""
    return _national_module


def results_by_agreement_and_round():
    grouped = defaultdict(dict)
    for result in Result.objects.select_related("indicator"):
        grouped[(result.indicator.agreement_id, result.reporting_round_id)][result.indicator_id] = (
            result
        )
    return grouped


def test_it_prints_what_was_made(national):
    assert "agreements 31" in national
    assert "national dataset made in" in national


def test_it_builds_a_sound_tree(national):
    assert all(problems == [] for problems in Organization.objects.find_problems())
    kinds = defaultdict(int)
    for kind in Organization.objects.values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds == {
        "ministry": 2,
        "department": 2,
        "province": 2,
        "bureau": 18,
        "provincial_office": 7,
    }
    # Siblings in code order, as treebeard's node_order_by keeps them.
    for parent in Organization.objects.filter(numchild__gt=0):
        codes = [child.code for child in Organization.objects.get_children(parent)]
        assert codes == sorted(codes)
    assert Agreement.objects.count() == Organization.objects.count()


def test_every_stored_self_score_is_what_the_scoring_rule_gives(national):
    agreements = list(Agreement.objects.select_related("framework"))
    indicators = indicators_of_many(agreements)
    by_round = results_by_agreement_and_round()
    checked = 0
    for agreement in agreements:
        for (agreement_id, _round), results in by_round.items():
            if agreement_id != agreement.pk:
                continue
            for indicator in indicators[agreement.pk]:
                if indicator.pk in results:
                    expected = indicator_score(indicator, agreement.framework.floor, results)
                    assert results[indicator.pk].self_score == expected, indicator.number
                    checked += 1
    assert checked == Result.objects.count()


def test_closed_rounds_keep_the_figures_report_close_freezes(national):
    agreements = {a.pk: a for a in Agreement.objects.select_related("framework")}
    indicators = indicators_of_many(list(agreements.values()))
    by_round = results_by_agreement_and_round()
    closed = RoundReport.objects.filter(status="closed").select_related("reporting_round")
    assert closed.exists()
    for report in closed:
        agreement = agreements[report.agreement_id]
        results = by_round[(agreement.pk, report.reporting_round_id)]
        card = scorecard(agreement, indicators[agreement.pk], report.reporting_round, results, None)
        assert report.figures == frozen_figures(card)
        assert card.verified == len(card.rows) == 25


def test_every_status_appears(national):
    assert set(Result.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "approved",
    }
    assert set(RoundReport.objects.values_list("status", flat=True)) == {
        "open",
        "submitted",
        "closed",
    }
    assert set(Indicator.objects.values_list("kind", flat=True)) == {
        "numeric",
        "milestone",
        "mixed",
        "pass_fail",
        "composite",
    }
    assert Result.objects.filter(verified_score__isnull=False).exists()
    assert RoundReport.objects.filter(status="submitted", figures__isnull=True).exists()
    # A submitted report holds approved results only.
    for report in RoundReport.objects.exclude(status="open"):
        statuses = set(
            Result.objects.filter(
                indicator__agreement=report.agreement_id,
                reporting_round=report.reporting_round_id,
            )
            .exclude(indicator__kind="composite")
            .values_list("status", flat=True)
        )
        assert statuses == {"approved"}


@pytest.mark.parametrize("prefix", ["coord", "collect", "super", "exec", "eval", "admin"])
def test_each_role_signs_in_and_sees_only_what_it_may(national, client, prefix):
    own = Organization.objects.get(code="NM01")
    if prefix in ("coord", "collect", "super", "exec"):
        own = Organization.objects.get(code="NM01-D01-N01")
    name = username(prefix, own.code)
    response = client.post(
        reverse("accounts:login"), {"username": name, "password": NATIONAL_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    mine = Agreement.objects.get(organization=own)
    assert client.get(reverse("agreements:agreement_detail", args=[mine.pk])).status_code == 200
    other = Agreement.objects.get(organization__code="NM02-D01")
    assert client.get(reverse("agreements:agreement_detail", args=[other.pk])).status_code == 404


def test_a_collector_opens_and_saves_a_result_of_the_open_round(national, client):
    result = (
        Result.objects.filter(
            status="draft",
            reporting_round__months=12,
            indicator__kind="pass_fail",
            indicator__parent__isnull=True,
            indicator__agreement__round_reports__reporting_round__months=12,
            indicator__agreement__round_reports__status="open",
        )
        .select_related("indicator__agreement__organization")
        .first()
    )
    organization = result.indicator.agreement.organization
    client.login(username=username("collect", organization.code), password=NATIONAL_PASSWORD)
    url = reverse("reporting:result_edit", args=[result.indicator_id, result.reporting_round_id])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="version" value="{result.version}"' in page.content.decode()
    response = client.post(url, {"version": result.version, "passed": "yes"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.passed is True
    assert result.self_score == 5


def snapshot():
    """The dataset without its database ids and timestamps (nor paths: a second run puts the
    ministries back before the provinces it kept, which moves the provinces' paths)."""
    User = get_user_model()
    return {
        "organizations": list(
            Organization.objects.values_list("code", "depth", "numchild", "name_th")
        ),
        "users": sorted(
            User.objects.filter(email__endswith=NATIONAL_DOMAIN).values_list(
                "username", "title", "first_name", "last_name", "phone"
            )
        ),
        "indicators": sorted(
            Indicator.objects.values_list(
                "agreement__organization__code",
                "number",
                "name",
                "kind",
                "direction",
                "weight",
                "mixed_steps",
                "target_1",
                "target_3",
                "target_5",
                "parent__number",
            )
        ),
        "results": sorted(
            Result.objects.values_list(
                "indicator__agreement__organization__code",
                "indicator__number",
                "reporting_round__months",
                "status",
                "value",
                "steps_done",
                "passed",
                "self_score",
                "verified_score",
                "version",
            ),
            key=str,
        ),
        "reports": sorted(
            (
                report.agreement.organization.code,
                report.reporting_round.months,
                report.status,
                report.figures and report.figures["total_final"],
            )
            for report in RoundReport.objects.select_related(
                "agreement__organization", "reporting_round"
            )
        ),
    }


def test_the_same_seed_gives_the_same_data(national):
    first = snapshot()
    generate("--seed", "3", "--force")
    assert snapshot() == first
    generate("--seed", "4", "--force")
    other = snapshot()
    assert other["organizations"] == first["organizations"]
    assert other["results"] != first["results"]


def test_it_refuses_a_database_that_holds_agreements(national):
    with pytest.raises(CommandError, match="--force"):
        generate("--seed", "3")
