"""Wagtail's own listings that export CSV/XLSX (the reports and the redirects), with their exports neutralized.

Wagtail's report views write the names people gave themselves (the site history lists who did what) into CSV cells
as they are, and build the whole file in memory. These patterns take the same paths and names as Wagtail's, with the
view classes wrapped in `exports.viewsets.ListingExportMixin` (neutralized, streamed, large exports as jobs);
`lms.urls` includes them before Wagtail's admin, so they are the ones matched. They get the admin's own access check
and no-cache headers, as Wagtail's patterns do.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.contrib.redirects.views import IndexView as RedirectIndexView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from exports.viewsets import streaming

LISTINGS = [  # (path under /admin/, Wagtail's view class)
    ("reports/locked/", LockedPagesView),
    ("reports/workflow/", WorkflowView),
    ("reports/workflow_tasks/", WorkflowTasksView),
    ("reports/site-history/", LogEntriesView),
    ("reports/aging-pages/", AgingPagesView),
    ("redirects/", RedirectIndexView),
]

urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            pattern
            for route, view_class in LISTINGS
            for pattern in (
                path(route, streaming(view_class).as_view()),
                path(f"{route}results/", streaming(view_class).as_view(results_only=True)),
            )
        ],
        require_admin_access,
    ),
    never_cache,
)
