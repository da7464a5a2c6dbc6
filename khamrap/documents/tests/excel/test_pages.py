"""The Excel pages: who may download the workbooks and open the import pages, and the import pages
that list a file's problems by sheet or make a draft from a workbook."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from khamrap.agreements.models import Agreement
from khamrap.documents.excel.exports import (
    agreement_indicators_xlsx,
    indicators_template_xlsx,
    round_results_xlsx,
)
from khamrap.documents.excel.format import MAX_UPLOAD_BYTES, XLSX_CONTENT_TYPE
from khamrap.documents.excel.import_results import results_import
from khamrap.documents.excel.problems import ExcelImportError
from khamrap.documents.tests.excel.workbooks import (
    NOT_EXCEL,
    book,
    counts,
    edited,
    import_indicators,
    messages_of,
    set_cell,
    six,
    stored,
    upload,
    user,
)
from khamrap.organizations.models import Organization
from khamrap.reporting.models import Result

# --- pages ---------------------------------------------------------------------------------------------


def agreement_urls(agreement):
    round_pk = six(agreement).pk
    return [
        reverse("documents_excel:agreement_indicators_export", args=[agreement.pk]),
        reverse("documents_excel:round_results_export", args=[agreement.pk, round_pk]),
        reverse("documents_excel:round_results_template", args=[agreement.pk, round_pk]),
    ]


def test_people_of_the_organization_download_the_workbooks(client, world, agreement):
    client.force_login(world.collector)
    for url in [
        *agreement_urls(agreement),
        reverse("documents_excel:indicators_template", args=[world.dept.pk, 2569]),
        reverse("documents_excel:rollup_export", args=[2569, 6]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == XLSX_CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        book(response.content)


def test_another_organization_gets_404_everywhere(client, world, agreement):
    client.force_login(world.outsider)
    round_pk = six(agreement).pk
    urls = [
        *agreement_urls(agreement),
        reverse("documents_excel:results_import", args=[agreement.pk, round_pk]),
        reverse("documents_excel:indicators_template", args=[world.dept.pk, 2569]),
        reverse("documents_excel:indicators_import", args=[world.dept.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    content = round_results_xlsx(agreement, six(agreement))
    before = counts()
    response = client.post(urls[3], {"file": upload(content)})
    assert response.status_code == 404
    assert counts() == before


def test_a_collector_may_not_open_the_import_pages(client, world, agreement):
    client.force_login(world.collector)
    round_pk = six(agreement).pk
    assert (
        client.get(reverse("documents_excel:indicators_import", args=[world.dept.pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("documents_excel:results_import", args=[agreement.pk, round_pk])
        ).status_code
        == 403
    )


def test_signing_in_is_needed(client, agreement):
    response = client.get(agreement_urls(agreement)[0])
    assert response.status_code == 302


def test_the_results_page_imports_a_file_and_lists_problems_by_sheet(client, world, agreement):
    client.force_login(world.coordinator)
    reporting_round = six(agreement)
    url = reverse("documents_excel:results_import", args=[agreement.pk, reporting_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        reverse("documents_excel:round_results_template", args=[agreement.pk, reporting_round.pk])
        in page.content.decode()
    )
    content = round_results_xlsx(agreement, reporting_round, template=True)
    bad = edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", "เก้าสิบ"))
    response = client.post(url, {"file": upload(bad)})
    assert response.status_code == 200
    text = response.content.decode()
    assert gettext("Nothing was imported:") in text
    assert "ผลการดำเนินงาน" in text
    expected = gettext("Row %(row)s, column %(column)s: must be a number") % {
        "row": 3,
        "column": "ผลการดำเนินงาน",
    }
    assert expected in text
    good = edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 90))
    response = client.post(url, {"file": upload(good)})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reporting:round_detail", args=[agreement.pk, reporting_round.pk]
    )
    assert stored(agreement, reporting_round)["1"][0] == Decimal(90)


def test_the_indicators_page_makes_a_draft_from_a_workbook(client, world, agreement, fiscal_year):
    content = agreement_indicators_xlsx(agreement)
    agreement.delete()
    client.force_login(world.coordinator)
    url = reverse("documents_excel:indicators_import", args=[world.dept.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        reverse("documents_excel:indicators_template", args=[world.dept.pk, 2569])
        in page.content.decode()
    )
    response = client.post(url, {"fiscal_year": fiscal_year.pk, "file": upload(b"not a workbook")})
    assert response.status_code == 200 and str(NOT_EXCEL) in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(url, {"fiscal_year": fiscal_year.pk, "file": upload(content)})
    created = Agreement.objects.get(organization=world.dept)
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement_detail", args=[created.pk])
    assert created.indicators.count() == 3


def test_an_upload_too_large_is_refused_by_the_form(client, world, agreement):
    client.force_login(world.coordinator)
    url = reverse("documents_excel:results_import", args=[agreement.pk, six(agreement).pk])
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * MAX_UPLOAD_BYTES)
    response = client.post(url, {"file": big})
    assert response.status_code == 200
    assert not Result.objects.exists()


def test_organizations_are_unchanged_by_a_failed_import(world, fiscal_year, exported):
    import_indicators(world, fiscal_year, b"nothing")
    assert Organization.objects.filter(code="M1-D1").exists()


def test_a_template_uploaded_empty_says_so(world, fiscal_year):
    content = indicators_template_xlsx(world.dept, fiscal_year)
    error = import_indicators(world, fiscal_year, content)
    assert [(p.sheet, p.message) for p in error.problems] == [
        ("ตัวชี้วัด", gettext("The sheet has no indicators."))
    ]


def test_a_submitted_report_takes_its_results_back_unchanged_but_no_change(demo):
    doae = Agreement.objects.get(organization__code="DOAE")  # its 6-month report is closed
    content = round_results_xlsx(doae, six(doae))
    summary = results_import(
        agreement=doae, reporting_round=six(doae), user=user("coordinator"), upload=upload(content)
    )
    assert summary.saved == 0 and summary.unchanged > 0
    before = counts()
    changed = edited(content, set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 99))
    with pytest.raises(ExcelImportError) as caught:
        results_import(
            agreement=doae,
            reporting_round=six(doae),
            user=user("coordinator"),
            upload=upload(changed),
        )
    assert counts() == before
    assert messages_of(caught.value) == [
        gettext(
            "%(organization)s: the organization's report for this round has been submitted: "
            "its results can no longer change."
        )
        % {"organization": "กรมส่งเสริมการเกษตร"}
    ]
