"""Evidence files and who may: who attaches, removes and opens them, and that none changes once the
organization's report is submitted or closed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from khamrap.agreements.tests.builders import composite_of_two
from khamrap.reporting import evidence as services
from khamrap.reporting import services as workflow
from khamrap.reporting.choices import ResultStatus
from khamrap.reporting.models import EvidenceFile, Result
from khamrap.reporting.services import result_record

from .evidence_samples import GIF, lock, pdf_bytes, stored_files, upload, upload_url
from .workflow import RESULTS, approved_round

# Every test stores its files in its own folder, never in the data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("evidence_folder")


# --- who may ----------------------------------------------------------------------------------------


def test_only_people_who_may_record_attach_or_remove(world, result, evidence, evaluator):
    services.evidence_attach(result=result, user=world.coordinator, upload=upload(pdf_bytes()))
    for user in (world.outsider, world.nobody, evaluator):
        with pytest.raises(PermissionDenied):
            services.evidence_attach(result=result, user=user, upload=upload(pdf_bytes()))
        with pytest.raises(PermissionDenied):
            services.evidence_remove(evidence=evidence, user=user)
    assert EvidenceFile.objects.count() == 2


def test_a_locked_result_refuses_attach_and_remove(world, result, evidence, evidence_folder):
    lock(result)
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(result=result, user=world.collector, upload=upload(pdf_bytes()))
    assert error.value.code == "locked"
    with pytest.raises(ValidationError):
        services.evidence_remove(evidence=evidence, user=world.collector)
    assert EvidenceFile.objects.count() == 1
    assert len(stored_files(evidence_folder)) == 1


# Everyone who may record the indicators: the collector, the supervisor (world.executive is named
# on them), the organization's coordinator, and a superuser.
RECORDERS = ("collector", "executive", "coordinator", "superuser")


@pytest.fixture
def round_with_evidence(world, agreement, six):
    """As the demo's closed round: every result approved, and indicator 4 a composite whose own
    result stays a draft for good (its score comes from its parts); each has a file."""
    whole = composite_of_two(world, agreement)
    whole.supervisors.add(world.executive)
    first = result_record(
        indicator=agreement.indicators.get(number="1"),
        reporting_round=six,
        user=world.collector,
        value=Decimal(100),
    )
    files = {
        "approved": services.evidence_attach(result=first, user=world.collector, upload=upload(GIF))
    }
    parts = {"4.1": {"passed": True}, "4.2": {"passed": True}}
    approved = approved_round(agreement, six, world, {**RESULTS, **parts})
    composite = Result.objects.get(indicator=whole, reporting_round=six)
    assert composite.status == ResultStatus.DRAFT
    # While the report is open, a draft result's evidence may change, by anyone who may record.
    for who in RECORDERS:
        assert services.evidence_may_change(getattr(world, who), composite)
    files["composite"] = services.evidence_attach(
        result=composite, user=world.collector, upload=upload(GIF)
    )
    return {"composite": composite, "approved": approved["1"]}, files


def take_report_to(stage, agreement, six, world, evaluator):
    """Submit the organization's report; for "closed", verify every indicator and close it."""
    report = workflow.report_submit(
        agreement=agreement, reporting_round=six, user=world.coordinator
    )
    if stage == "closed":
        for result in Result.objects.filter(
            indicator__agreement=agreement, reporting_round=six, indicator__parent__isnull=True
        ):
            workflow.result_verify(result=result, user=evaluator, score=result.self_score)
        workflow.report_close(report=report, user=evaluator)
    return report


@pytest.mark.parametrize("stage", ["submitted", "closed"])
@pytest.mark.parametrize("who", RECORDERS)
def test_no_evidence_changes_once_the_report_is_submitted_or_closed(
    world, agreement, six, evaluator, evidence_folder, round_with_evidence, stage, who
):
    results, files = round_with_evidence
    take_report_to(stage, agreement, six, world, evaluator)
    user = getattr(world, who)
    for name, result in results.items():
        assert not services.evidence_may_change(user, result), name
        with pytest.raises(ValidationError) as error:
            services.evidence_attach(result=result, user=user, upload=upload(pdf_bytes()))
        assert error.value.code == "locked", name
        with pytest.raises(ValidationError) as error:
            services.evidence_remove(evidence=files[name], user=user)
        assert error.value.code == "locked", name
    assert EvidenceFile.objects.count() == 2
    assert len(stored_files(evidence_folder)) == 2


@pytest.mark.parametrize("stage", ["submitted", "closed"])
def test_the_result_page_of_a_submitted_or_closed_report_offers_no_evidence_change(
    client, world, agreement, six, evaluator, round_with_evidence, stage
):
    results, files = round_with_evidence
    take_report_to(stage, agreement, six, world, evaluator)
    for who in RECORDERS:
        client.force_login(getattr(world, who))
        for name, result in results.items():
            page = client.get(
                reverse("reporting:result_edit", args=[result.indicator_id, six.pk])
            ).content.decode()
            assert reverse("evidence:evidence_download", args=[files[name].pk]) in page
            assert upload_url(result) not in page, (who, name)
            assert reverse("evidence:evidence_remove", args=[files[name].pk]) not in page
            # Refused through the page as well: back to the page, or the refusal for htmx.
            assert client.post(upload_url(result), {"file": upload(pdf_bytes())}).status_code == 302
            remove = reverse("evidence:evidence_remove", args=[files[name].pk])
            assert client.post(remove).status_code == 302
            response = client.post(remove, headers={"HX-Request": "true"})
            assert response.context["upload_form"].non_field_errors()
    assert EvidenceFile.objects.count() == 2
    page = client.get(
        reverse("reporting:result_edit", args=[results["composite"].indicator_id, six.pk])
    ).content.decode()
    assert gettext(
        "The organization's report for this round has been submitted: "
        "its evidence files can no longer change."
    ) in page.replace("&#x27;", "'")


def test_anyone_who_sees_the_indicator_opens_the_file(world, evidence, evaluator):
    for user in (world.collector, world.executive, evaluator, world.superuser):
        with services.evidence_open(evidence=evidence, user=user) as stored:
            assert stored.read() == pdf_bytes()
    for user in (world.outsider, world.nobody):
        with pytest.raises(PermissionDenied):
            services.evidence_open(evidence=evidence, user=user)
