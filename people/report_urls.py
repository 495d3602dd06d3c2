"""Wagtail's report paths, served by the scoped report views (mounted by lms.urls before the admin's URLs).

The names are our own; Wagtail's `wagtailadmin_reports:*` names reverse to the same paths, so every link the admin
builds lands here. Their CSV/XLSX exports are neutralized and streamed (large ones become export jobs) through
`exports.viewsets.streaming`, and, as Wagtail's own patterns, they get the admin's access check and no-cache headers.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from exports.viewsets import streaming

from . import report_views

urlpatterns = [
    path("locked/", streaming(report_views.ScopedLockedPagesView).as_view(), name="locked_pages"),
    path(
        "locked/results/",
        streaming(report_views.ScopedLockedPagesView).as_view(results_only=True),
        name="locked_pages_results",
    ),
    path("workflow/", streaming(report_views.ProvinceWorkflowView).as_view(), name="workflow"),
    path(
        "workflow/results/",
        streaming(report_views.ProvinceWorkflowView).as_view(results_only=True),
        name="workflow_results",
    ),
    path("workflow_tasks/", streaming(report_views.ProvinceWorkflowTasksView).as_view(), name="workflow_tasks"),
    path(
        "workflow_tasks/results/",
        streaming(report_views.ProvinceWorkflowTasksView).as_view(results_only=True),
        name="workflow_tasks_results",
    ),
    path("site-history/", streaming(report_views.ScopedLogEntriesView).as_view(), name="site_history"),
    path(
        "site-history/results/",
        streaming(report_views.ScopedLogEntriesView).as_view(results_only=True),
        name="site_history_results",
    ),
    path("aging-pages/", streaming(report_views.ScopedAgingPagesView).as_view(), name="aging_pages"),
    path(
        "aging-pages/results/",
        streaming(report_views.ScopedAgingPagesView).as_view(results_only=True),
        name="aging_pages_results",
    ),
    path(
        "page-types-usage/",
        streaming(report_views.ProvincePageTypesUsageReportView).as_view(),
        name="page_types_usage",
    ),
    path(
        "page-types-usage/results/",
        streaming(report_views.ProvincePageTypesUsageReportView).as_view(results_only=True),
        name="page_types_usage_results",
    ),
]

urlpatterns = decorate_urlpatterns(decorate_urlpatterns(urlpatterns, require_admin_access), never_cache)
