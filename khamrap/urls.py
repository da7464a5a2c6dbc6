"""khamrap's URLs: one include per app."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("khamrap administration")
admin.site.site_title = _("khamrap")
admin.site.index_title = _("System setup")

urlpatterns = [
    path("", include("khamrap.web.urls")),
    path("accounts/", include("khamrap.accounts.urls")),
    path("organizations/", include("khamrap.organizations.urls")),
    path("fiscal-years/", include("khamrap.periods.urls")),
    path("agreements/", include("khamrap.agreements.urls")),
    path("results/evidence/", include("khamrap.reporting.evidence_urls")),
    path("results/", include("khamrap.reporting.urls")),
    path("public/", include("khamrap.public.urls")),
    path("dashboards/", include("khamrap.dashboards.urls")),
    path("pmqa/", include("khamrap.pmqa.urls")),
    path("awards/", include("khamrap.awards.urls")),
    path("documents/jobs/", include("khamrap.documents.job_urls")),
    path("documents/word/", include("khamrap.documents.word_urls")),
    path("documents/pdf/", include("khamrap.documents.pdf_urls")),
    path("documents/excel/", include("khamrap.documents.excel_urls")),
    path("api/", include("khamrap.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "khamrap.web.views.bad_request"
handler403 = "khamrap.web.views.permission_denied"
handler404 = "khamrap.web.views.page_not_found"
handler500 = "khamrap.web.views.server_error"
