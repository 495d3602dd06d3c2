"""The report pages, mounted under /admin/statistics/ by reports.wagtail_hooks (/admin/reports/ is Wagtail's own)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("completion/", views.CompletionReportView.as_view(), name="completion"),
    path("compliance/", views.ComplianceReportView.as_view(), name="compliance"),
    path("progression/", views.ProgressionReportView.as_view(), name="progression"),
    path("workshops/", views.WorkshopReportView.as_view(), name="workshops"),
    path("staffing/", views.StaffingReportView.as_view(), name="staffing"),
    path("compliance/<rowid:period_id>/remind/", views.RemindView.as_view(), name="remind"),
]
