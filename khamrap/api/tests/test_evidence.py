"""The evidence API: real files uploaded, listed, downloaded and removed through the same services
as the result page; refused the same way (404 unseen, 403 not theirs, 422 wrong type or state),
and a refused upload stores nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khamrap.accounts.models import ApiToken
from khamrap.organizations.choices import Role
from khamrap.organizations.services import membership_grant
from khamrap.reporting import services
from khamrap.reporting.evidence import evidence_attach
from khamrap.reporting.models import Change, EvidenceFile, Result
from khamrap.reporting.tests.evidence_samples import (
    REFUSED,
    lock,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_folder(settings, tmp_path):
    """The test's evidence files go to a folder of its own, as in reporting's evidence tests."""
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
def indicator(agreement):
    return agreement.indicators.get(number="1")


@pytest.fixture
def result(world, indicator, six):
    return services.result_save(
        indicator=indicator, reporting_round=six, user=world.collector, value=Decimal(92)
    )


@pytest.fixture
def evidence(world, result, evidence_folder):
    """A PDF its collector attached on the result page."""
    return evidence_attach(
        result=result, user=world.collector, upload=upload(pdf_bytes(), "ผลงาน.pdf")
    )


@pytest.fixture
def bystander(world):
    """An executive of the ministry named on no indicator: sees the results, changes none."""
    user = world.person("frank")
    membership_grant(user=user, organization=world.ministry, role=Role.EXECUTIVE)
    return user


def upload_url(indicator, reporting_round):
    return f"/api/v1/indicators/{indicator.pk}/rounds/{reporting_round.pk}/evidence"


def list_url(result):
    return f"/api/v1/results/{result.pk}/evidence"


def file_url(evidence):
    return f"/api/v1/evidence/{evidence.pk}/file"


def one_problem(response, status=422):
    assert response.status_code == status, response.content
    [found] = response.json()["detail"]
    return found


def outsiders(api_as, world, **scope):
    """A token of another ministry, and bob's token scoped to the bureau below his department."""
    return (
        api_as(world.outsider, world.other_dept, subtree=True, **scope),
        api_as(world.coordinator, world.bureau, **scope),
    )


# --- upload ------------------------------------------------------------------------------------


def test_a_pdf_before_the_first_save_creates_the_draft_and_names_the_token(
    world, indicator, six, evidence_folder, api_as
):
    api = api_as(world.collector, world.dept, write=True)
    response = api.upload(
        upload_url(indicator, six), {"file": upload(pdf_bytes(), "รายงาน.pdf", "text/plain")}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["type"], body["size"]) == (
        "รายงาน.pdf",
        "application/pdf",
        len(pdf_bytes()),
    )
    assert body["step_number"] is None
    assert body["uploaded_by"] == world.collector.display_name
    result = Result.objects.get(indicator=indicator, reporting_round=six)
    assert (body["result_id"], result.version) == (result.pk, 1)  # the first save still takes 1
    [stored] = stored_files(evidence_folder)
    assert stored.read_bytes() == pdf_bytes()
    change = Change.objects.get(result=result, field="evidence")
    assert change.new == "รายงาน.pdf"
    assert change.token == ApiToken.objects.get(user=world.collector)


def test_a_png_goes_to_one_step_of_a_milestone_result(
    world, agreement, six, evidence_folder, api_as
):
    milestone = agreement.indicators.get(number="16")
    api = api_as(world.coordinator, world.dept, write=True)
    response = api.upload(
        upload_url(milestone, six),
        {"file": upload(png_bytes(), "ภาพ.png", "image/png")},
        {"step_number": "2"},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["type"], response.json()["step_number"]) == ("image/png", 2)
    # A second file goes to the same result.
    response = api.upload(upload_url(milestone, six), {"file": upload(pdf_bytes())})
    assert response.status_code == 201, response.content
    assert EvidenceFile.objects.filter(result__indicator=milestone).count() == 2


@pytest.mark.parametrize("kind", ["html", "windows program", "plain zip"])
def test_a_refused_type_is_422_and_nothing_is_stored(
    world, indicator, six, evidence_folder, api_as, kind
):
    api = api_as(world.collector, world.dept, write=True)
    response = api.upload(upload_url(indicator, six), {"file": upload(REFUSED[kind], "รายงาน.pdf")})
    assert one_problem(response)["code"] == "file_type"
    assert stored_files(evidence_folder) == []
    assert not Result.objects.exists() and not EvidenceFile.objects.exists()


def test_bad_upload_input_is_422_with_the_field(world, agreement, six, evidence_folder, api_as):
    milestone = agreement.indicators.get(number="16")
    api = api_as(world.collector, world.dept, write=True)
    url = upload_url(milestone, six)
    assert one_problem(api.upload(url, {}))["loc"][-1] == "file"
    found = one_problem(api.upload(url, {"file": upload(pdf_bytes())}, {"step_number": "two"}))
    assert found["loc"][-1] == "step_number"
    found = one_problem(api.upload(url, {"file": upload(pdf_bytes())}, {"step_number": "99999"}))
    assert found["loc"][-1] == "step_number"
    found = one_problem(api.upload(url, {"file": upload(pdf_bytes())}, {"step_number": "9"}))
    assert found["loc"] == ["body", "step_number"]
    found = one_problem(api.upload(url, {"file": SimpleUploadedFile("empty.pdf", b"")}))
    assert (found["loc"], found["code"]) == (["body"], "empty")
    assert stored_files(evidence_folder) == [] and not EvidenceFile.objects.exists()


def test_a_read_only_token_uploads_nothing(world, indicator, six, evidence_folder, api_as):
    response = api_as(world.collector, world.dept).upload(
        upload_url(indicator, six), {"file": upload(pdf_bytes())}
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert stored_files(evidence_folder) == [] and not Result.objects.exists()


def test_someone_who_may_not_record_uploads_nothing(
    world, indicator, six, result, bystander, evidence_folder, api_as
):
    api = api_as(bystander, world.ministry, subtree=True, write=True)
    assert api.upload(upload_url(indicator, six), {"file": upload(pdf_bytes())}).status_code == 403
    other = indicator.agreement.indicators.get(number="3")  # no result yet
    assert api.upload(upload_url(other, six), {"file": upload(pdf_bytes())}).status_code == 403
    assert stored_files(evidence_folder) == [] and not EvidenceFile.objects.exists()
    assert Result.objects.count() == 1


def test_another_organization_uploads_nothing(world, indicator, six, evidence_folder, api_as):
    for api in outsiders(api_as, world, write=True):
        response = api.upload(upload_url(indicator, six), {"file": upload(pdf_bytes())})
        assert response.status_code == 404
    assert stored_files(evidence_folder) == [] and not Result.objects.exists()


def test_a_locked_result_takes_no_file(world, result, six, evidence_folder, api_as):
    lock(result)
    api = api_as(world.collector, world.dept, write=True)
    response = api.upload(upload_url(result.indicator, six), {"file": upload(pdf_bytes())})
    assert one_problem(response)["code"] == "locked"
    assert stored_files(evidence_folder) == []


# --- list and download -------------------------------------------------------------------------


def test_the_list_shows_a_results_files(world, result, evidence, api_as):
    response = api_as(world.executive, world.ministry, subtree=True).get(list_url(result))
    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    assert (item["id"], item["name"], item["type"]) == (evidence.pk, "ผลงาน.pdf", "application/pdf")
    assert (item["size"], item["sha256"]) == (evidence.size, evidence.sha256)
    for api in outsiders(api_as, world):
        assert api.get(list_url(result)).status_code == 404
    assert (
        api_as(world.collector, world.dept).get("/api/v1/results/abc/evidence").status_code == 422
    )


def test_the_file_downloads_with_the_pages_headers(world, evidence, api_as):
    response = api_as(world.collector, world.dept).get(file_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_another_organization_downloads_nothing(world, evidence, api_as):
    for api in outsiders(api_as, world):
        assert api.get(file_url(evidence)).status_code == 404
    assert api_as(world.collector, world.dept).get("/api/v1/evidence/999999/file").status_code == (
        404
    )


def test_a_file_missing_from_storage_is_404(world, evidence, evidence_folder, api_as):
    for stored in stored_files(evidence_folder):
        stored.unlink()
    assert api_as(world.collector, world.dept).get(file_url(evidence)).status_code == 404


# --- remove ------------------------------------------------------------------------------------


def test_a_file_is_removed_and_the_history_says_so(
    world, result, evidence, evidence_folder, api_as, django_capture_on_commit_callbacks
):
    api = api_as(world.collector, world.dept, write=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/api/v1/evidence/{evidence.pk}")
    assert response.status_code == 204, response.content
    assert not EvidenceFile.objects.exists()
    assert stored_files(evidence_folder) == []
    change = Change.objects.filter(result=result, field="evidence").latest("pk")
    assert (change.old, change.new) == ("ผลงาน.pdf", "")
    assert change.token == ApiToken.objects.get(user=world.collector)


def test_a_file_stays_for_the_wrong_token_role_or_state(
    world, result, evidence, evidence_folder, bystander, api_as
):
    url = f"/api/v1/evidence/{evidence.pk}"
    response = api_as(world.collector, world.dept).delete(url)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert (
        api_as(bystander, world.ministry, subtree=True, write=True).delete(url).status_code == 403
    )
    for api in outsiders(api_as, world, write=True):
        assert api.delete(url).status_code == 404
    lock(result)
    assert one_problem(api_as(world.collector, world.dept, write=True).delete(url))["code"] == (
        "locked"
    )
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert len(stored_files(evidence_folder)) == 1
