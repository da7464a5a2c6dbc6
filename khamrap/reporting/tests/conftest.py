"""Fixtures shared by the reporting tests: results of the agreement's 6-month round, a folder of its
own for the evidence files a test stores, and a file attached to a result."""

from decimal import Decimal

import pytest

from khamrap.reporting import services
from khamrap.reporting.evidence import evidence_attach

from .evidence_samples import pdf_bytes, upload


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


@pytest.fixture
def milestone_result(world, agreement, six):
    """Indicator 16's result (a milestone) recorded by its collector with steps 1 and 2 done."""
    return services.result_record(
        indicator=agreement.indicators.get(number="16"),
        reporting_round=six,
        user=world.collector,
        steps_done=[1, 2],
    )


@pytest.fixture
def evidence(world, result):
    """A PDF its collector attached to `result`."""
    return evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), "ผลงาน.pdf")
    )
