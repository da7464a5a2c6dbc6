"""PMQA pages. Included from khamrap/urls.py as path("pmqa/", include("khamrap.pmqa.urls"))."""

from django.urls import path

from .views import dashboard, improvement, work, year

app_name = "pmqa"

urlpatterns = [
    path("", year.year_list, name="year_list"),
    path("new/", year.year_create, name="year_create"),
    path("<int:pk>/", year.year_detail, name="year_detail"),
    path("<int:pk>/plan/", year.plan_edit, name="plan_edit"),
    path("<int:pk>/working-group/", year.working_group_edit, name="working_group_edit"),
    path("<int:pk>/units/", year.units_edit, name="units_edit"),
    path("<int:pk>/activities/<slug:activity>/", year.activity_edit, name="activity_edit"),
    path("<int:pk>/move/<slug:move>/", year.year_move, name="year_move"),
    path("<int:pk>/indicator/", year.indicator_edit, name="indicator_edit"),
    path("<int:pk>/profile/", work.profile_edit, name="profile_edit"),
    path("<int:pk>/assessment/", work.assessment_list, name="assessment_list"),
    path("<int:pk>/assessment/<int:item_pk>/", work.assessment_edit, name="assessment_edit"),
    path("<int:pk>/comparisons/", work.comparisons, name="comparisons"),
    path("<int:pk>/improvement-plan/", improvement.plan_detail, name="plan_detail"),
    path("<int:pk>/improvement-plan/new/", improvement.project_create, name="project_create"),
    path(
        "<int:pk>/improvement-plan/<int:project_pk>/",
        improvement.project_edit,
        name="project_edit",
    ),
    path(
        "<int:pk>/improvement-plan/<int:project_pk>/round/<int:round_pk>/",
        improvement.project_report,
        name="project_report",
    ),
    path("organization/<int:org_pk>/", dashboard.dashboard, name="dashboard"),
]
