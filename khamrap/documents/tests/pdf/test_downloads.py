"""The PDF downloads: their file names, Thai digits on request, and who may download what."""

from __future__ import annotations

import pytest
from django.urls import include, path, reverse

from khamrap import urls as root_urls
from khamrap.documents.tests.pdf.reading import pdftotext
from khamrap.periods.models import FiscalYear

# --- the downloads --------------------------------------------------------------------------------

# The project's URLs, with the PDF downloads at documents/pdf/ until khamrap/urls.py includes them.
urlpatterns = list(root_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "documents_pdf" for p in urlpatterns):
    urlpatterns.insert(0, path("documents/pdf/", include("khamrap.documents.pdf_urls")))
handler400, handler403 = root_urls.handler400, root_urls.handler403
handler404, handler500 = root_urls.handler404, root_urls.handler500


@pytest.fixture
def pdf_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_the_downloads_are_pdfs_with_a_thai_file_name(demo, client, pdf_urls):
    client.force_login(demo.coordinator)
    agreement = demo.doae
    indicator = demo.sheet_indicator
    urls = {
        reverse("documents_pdf:agreement", args=[agreement.pk]): "คำรับรอง-DOAE-2569.pdf",
        reverse(
            "documents_pdf:indicator_sheet", args=[agreement.pk, indicator.pk]
        ): "ตัวชี้วัด-16-DOAE-2569.pdf",
        reverse(
            "documents_pdf:sar", args=[agreement.pk, demo.six_months.pk]
        ): "SAR-DOAE-2569-6เดือน.pdf",
        reverse("documents_pdf:summary", args=[2569, 6]): "สรุปผู้บริหาร-2569-6เดือน.pdf",
    }
    from urllib.parse import quote

    for url, filename in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=utf-8''{quote(filename)}" in disposition
        assert response["Cache-Control"] == "private, no-store"


def test_thai_digits_on_request(demo, client, pdf_urls):
    client.force_login(demo.coordinator)
    url = reverse("documents_pdf:agreement", args=[demo.doae.pk])
    assert "๒๕๖๙" in pdftotext(client.get(url + "?digits=thai").content)
    assert "๒๕๖๙" not in pdftotext(client.get(url).content)


def test_someone_else_s_documents_are_not_found(demo, client, pdf_urls):
    client.force_login(demo.other_coordinator)  # DOA's coordinator asks for DOAE's documents
    agreement = demo.doae
    for url in (
        reverse("documents_pdf:agreement", args=[agreement.pk]),
        reverse("documents_pdf:indicator_sheet", args=[agreement.pk, demo.sheet_indicator.pk]),
        reverse("documents_pdf:sar", args=[agreement.pk, demo.six_months.pk]),
        # DOA's own agreement with an indicator of DOAE's: not found either.
        reverse("documents_pdf:indicator_sheet", args=[demo.doa.pk, demo.sheet_indicator.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(demo.nobody)
    assert client.get(reverse("documents_pdf:summary", args=[2569, 6])).status_code == 404
    client.force_login(demo.admin)
    assert client.get(reverse("documents_pdf:summary", args=[2569, 7])).status_code == 404


def test_the_public_is_sent_to_sign_in(demo, client, pdf_urls):
    for url in (
        reverse("documents_pdf:agreement", args=[demo.doae.pk]),
        reverse("documents_pdf:summary", args=[2569, 6]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_round_of_another_year_is_not_found(demo, client, pdf_urls):
    client.force_login(demo.coordinator)
    other_year = FiscalYear.objects.get(year=2570).rounds.get(months=6)
    url = reverse("documents_pdf:sar", args=[demo.doae.pk, other_year.pk])
    assert client.get(url).status_code == 404
