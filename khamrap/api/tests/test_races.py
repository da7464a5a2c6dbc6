"""Two systems sending the same result at the same moment on PostgreSQL, through the API: one
save wins whole, the other hears 409 and changes nothing; the history holds the winner's only,
naming its token."""

import pytest
from django.core.cache import cache
from django.db import connection

from khamrap.api.tests.conftest import ApiClient, issue
from khamrap.reporting.models import Change, Result
from khamrap.tests.concurrency import race

pytestmark = [
    pytest.mark.transactional,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_first_saves_at_once_one_wins_whole_the_other_is_409(world, agreement, six, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes its write lock when the transaction begins: no race to lose")
    settings.API_RATE_LIMIT = "100000/m"
    cache.clear()
    indicator = agreement.indicators.get(number="1")
    url = f"/api/v1/indicators/{indicator.pk}/rounds/{six.pk}/result"
    systems = {
        "92.0000": ApiClient(issue(world.coordinator, world.dept, write=True, name="MIS")),
        "81.0000": ApiClient(issue(world.collector, world.dept, write=True, name="sheet")),
    }
    for attempt in range(10):
        Result.objects.filter(indicator=indicator).delete()
        answers = race(
            *(
                lambda value=value, client=client: client.put(
                    url, {"version": 1, "value": value, "performance": f"รายงาน {value}"}
                )
                for value, client in systems.items()
            )
        )
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200, 409], (attempt, [a.content for a in answers])
        [won] = [a.json() for a in answers if a.status_code == 200]
        [lost] = [a.json() for a in answers if a.status_code == 409]
        assert lost["detail"][0]["code"] == "stale"
        stored = Result.objects.get(indicator=indicator)
        # The stored row is the winner's whole: its value and its narrative, never a mix.
        assert (stored.version, str(stored.value)) == (2, won["value"])
        assert stored.performance == f"รายงาน {won['value']}"
        history = Change.objects.filter(result=stored)
        assert {c.token.name for c in history} == {"MIS" if won["value"] == "92.0000" else "sheet"}
