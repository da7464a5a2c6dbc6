"""The PDF tests' `demo`: the root conftest's demo data (loaded once for a module) with, for each
test, seed 000's texts and two evidence files added in the test's own savepoint."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from khamrap.agreements.models import Agreement, Indicator
from khamrap.documents import pdf
from khamrap.documents.tests.pdf.demo_documents import (
    EVIDENCE_NAMES,
    NARRATIVE,
    SEED_CLOSING_NOTE,
    SEED_DESCRIPTION,
    SEED_NOTES,
    SEED_RATIONALE,
    Demo,
)
from khamrap.reporting.evidence import evidence_attach
from khamrap.reporting.models import Result
from khamrap.reporting.services import result_save


@pytest.fixture
def demo(_demo_module, db, settings, tmp_path) -> Demo:
    """The demo data, seed 000's full text on DOAE's indicator 16, and DOA's indicator 16 with a
    narrative and two evidence files (DOA's round is still open)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence"},
        },
    }
    users = get_user_model().objects
    doae = Agreement.objects.select_related("organization", "fiscal_year", "framework").get(
        organization__code="DOAE"
    )
    doa = Agreement.objects.select_related("organization", "fiscal_year", "framework").get(
        organization__code="DOA"
    )
    six = doae.fiscal_year.rounds.get(months=6)
    Indicator.objects.filter(agreement=doae, number="16").update(
        description="\n".join(SEED_DESCRIPTION),
        notes="\n".join(SEED_NOTES),
        rationale="\n".join(SEED_RATIONALE),
        closing_note=SEED_CLOSING_NOTE,
    )
    coordinator_doa = users.get(username="coordinator.doa")
    indicator = doa.indicators.get(number="16")
    result = Result.objects.get(indicator=indicator, reporting_round=six)
    result = result_save(
        indicator=indicator,
        reporting_round=six,
        user=coordinator_doa,
        steps_done=result.steps_done,
        **NARRATIVE,
    )
    # A real PDF as evidence: the indicator sheet itself.
    content = pdf.render_indicator_sheet(indicator)
    for step, name in enumerate(EVIDENCE_NAMES, start=1):
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        evidence_attach(result=result, user=coordinator_doa, upload=upload, step_number=step)
    return Demo(
        doae=doae,
        doa=doa,
        six_months=six,
        sheet_indicator=doae.indicators.get(number="16"),
        admin=users.get(username="admin"),
        coordinator=users.get(username="coordinator"),
        other_coordinator=coordinator_doa,
        nobody=users.create_user(username="nobody", password="password-for-tests"),
    )
