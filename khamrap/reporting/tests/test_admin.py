"""Results, reports, their history and evidence are only looked at in the admin, even by a superuser:
they change on the round's pages, which check the workflow and keep the history."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from khamrap.agreements.tests.test_admin import change_url, form_data
from khamrap.reporting.admin import NOTE
from khamrap.reporting.models import Change, EvidenceFile, Result, RoundReport

from .workflow import submitted_round


@pytest.fixture
def records(world, agreement, six):
    results, report = submitted_round(agreement, six, world)
    result = results["1"]
    evidence = EvidenceFile.objects.create(
        result=result,
        file="evidence/2026/03/0123456789abcdef.pdf",
        original_name="ผลสำรวจ.pdf",
        content_type="application/pdf",
        size=1024,
        sha256="0" * 64,
        uploaded_by=world.collector,
        uploaded_at=timezone.now(),
    )
    return {
        "result": result,
        "report": report,
        "change": result.changes.first(),
        "evidence": evidence,
    }


@pytest.mark.parametrize("name", ["result", "report", "change", "evidence"])
def test_the_round_records_are_view_only_for_a_superuser(admin_client, records, name):
    obj = records[name]
    meta = obj._meta
    url = change_url(obj)
    page = admin_client.get(url)
    assert page.status_code == 200
    text = page.content.decode().replace("&#x27;", "'")
    assert gettext(str(NOTE)) in text
    assert 'name="_save"' not in text
    assert admin_client.post(url, form_data(page)).status_code == 403
    route = f"admin:{meta.app_label}_{meta.model_name}"
    assert admin_client.get(reverse(f"{route}_add")).status_code == 403
    delete = reverse(f"{route}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert admin_client.get(reverse(f"{route}_changelist")).status_code == 200


def test_a_post_to_a_results_change_page_changes_nothing(admin_client, records):
    result = records["result"]
    before = Result.objects.filter(pk=result.pk).values().get()
    changes = Change.objects.count()
    page = admin_client.get(change_url(result))
    data = {**form_data(page), "value": "1", "status": "draft", "verified_score": "5"}
    assert admin_client.post(change_url(result), data).status_code == 403
    assert Result.objects.filter(pk=result.pk).values().get() == before
    assert result.value == Decimal(100) and Change.objects.count() == changes
    assert RoundReport.objects.get(pk=records["report"].pk).status == "submitted"


def test_the_evidence_page_links_to_no_stored_file(admin_client, records):
    text = admin_client.get(change_url(records["evidence"])).content.decode()
    assert "ผลสำรวจ.pdf" in text
    assert "0123456789abcdef" not in text
