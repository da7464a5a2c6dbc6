"""examples/api_client.py against a running khamrap: one organization's token feeds a result and
reads the score back; another organization's token can neither read nor write any of it."""

import importlib.util
from pathlib import Path

import pytest
from django.core.cache import cache

from khamrap.api.tests.conftest import issue
from khamrap.reporting.models import Result

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "api_client.py"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.transactional,
]


def load_client():
    spec = importlib.util.spec_from_file_location("api_client_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_client_feeds_a_result_and_reads_its_score(live_server, world, signed, six):
    cache.clear()
    example = load_client()
    indicator = signed.indicators.get(number="1")
    bob = example.Khamrap(live_server.url, issue(world.coordinator, world.dept, write=True))

    assert [o["code"] for o in bob.organizations()] == ["M1-D1"]
    assert [a["id"] for a in bob.agreements(year=signed.fiscal_year.year)] == [signed.pk]
    saved = bob.save_result(indicator.pk, six.pk, version=1, value="92", performance="ผลงาน")
    assert (saved["value"], saved["version"], saved["status"]) == ("92.0000", 2, "draft")
    assert [r["id"] for r in bob.results(round=six.pk)] == [saved["id"]]
    card = bob.scores(signed.pk, round=six.pk)
    [row] = [r for r in card["indicators"] if r["indicator_id"] == indicator.pk]
    assert (row["self_score"], row["source"]) == ("3.4000", "self")
    assert card["is_official"] is False

    # Saving again from the version read before is refused: someone saved since.
    with pytest.raises(example.KhamrapError) as stale:
        bob.save_result(indicator.pk, six.pk, version=1, value="95")
    assert stale.value.status == 409
    assert stale.value.detail[0]["code"] == "stale"

    # dave's token (another ministry) reaches none of it, whichever way.
    dave = example.Khamrap(live_server.url, issue(world.outsider, world.other_dept, write=True))
    assert "M1-D1" not in {o["code"] for o in dave.organizations()}
    assert dave.agreements() == [] and dave.results(round=six.pk) == []
    for attempt in (
        lambda: dave.scores(signed.pk, round=six.pk),
        lambda: dave.save_result(indicator.pk, six.pk, version=2, value="10"),
        lambda: dave.submit(saved["id"]),
    ):
        with pytest.raises(example.KhamrapError) as refused:
            attempt()
        assert refused.value.status == 404
    assert Result.objects.get(pk=saved["id"]).version == 2

    # A token revoked, or none at all: 401.
    with pytest.raises(example.KhamrapError) as unknown:
        example.Khamrap(live_server.url, "khr_0_nothing").me()
    assert unknown.value.status == 401
