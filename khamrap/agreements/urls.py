from django.urls import path, re_path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("new/", views.agreement_create, name="agreement_create"),
    path("upload/", views.agreement_upload, name="agreement_upload"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    re_path(
        r"^(?P<pk>\d+)/download/(?P<file_format>yaml|json)/$",
        views.agreement_download,
        name="agreement_download",
    ),
    path(
        "<int:pk>/step/<slug:transition>/", views.agreement_transition, name="agreement_transition"
    ),
    path("<int:pk>/amendments/new/", views.amendment_open, name="amendment_open"),
    path("<int:pk>/amendments/<int:number>/", views.amendment_detail, name="amendment_detail"),
    path("<int:pk>/amendments/<int:number>/close/", views.amendment_close, name="amendment_close"),
    path("<int:pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/", views.indicator_detail, name="indicator_detail"
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/edit/", views.indicator_edit, name="indicator_edit"
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/solver/",
        views.indicator_solver,
        name="indicator_solver",
    ),
]
