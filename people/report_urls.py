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

REPORTS = [  # (path under /admin/reports/, URL name, scoped view class)
    ("locked/", "locked_pages", report_views.ScopedLockedPagesView),
    ("workflow/", "workflow", report_views.ProvinceWorkflowView),
    ("workflow_tasks/", "workflow_tasks", report_views.ProvinceWorkflowTasksView),
    ("site-history/", "site_history", report_views.ScopedLogEntriesView),
    ("aging-pages/", "aging_pages", report_views.ScopedAgingPagesView),
    ("page-types-usage/", "page_types_usage", report_views.ProvincePageTypesUsageReportView),
]

urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            pattern
            for route, name, view_class in REPORTS
            for pattern in (
                path(route, streaming(view_class).as_view(), name=name),
                path(f"{route}results/", streaming(view_class).as_view(results_only=True), name=f"{name}_results"),
            )
        ],
        require_admin_access,
    ),
    never_cache,
)
