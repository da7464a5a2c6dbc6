"""Fixtures shared by the reporting tests: a result of the agreement's 6-month round, and a folder
of its own for the evidence files a test stores."""

from decimal import Decimal

import pytest

from khamrap.reporting import services


@pytest.fixture
def draft(world, agreement, six):
    """Indicator 1's result saved as a draft by its collector (92 against targets 80–100)."""
    indicator = agreement.indicators.get(number="1")
    return services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(92)
    )


@pytest.fixture
def result(world, agreement, six):
    """Indicator 1's result recorded by its collector (92.5), to attach evidence to."""
    return services.result_record(
        indicator=agreement.indicators.get(number="1"),
        reporting_round=six,
        user=world.collector,
        value=Decimal("92.5"),
    )


@pytest.fixture
def evidence_folder(settings, tmp_path):
    """The test's evidence files go to a folder of its own, never to the data folder."""
    folder = tmp_path / "evidence-store"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder
