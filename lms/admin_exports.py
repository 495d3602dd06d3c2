"""Wagtail's own listings that export CSV/XLSX and that the project does not replace, with their exports neutralized.

Wagtail's listing views write what people typed into CSV cells as it is, and build the whole file in memory. These
patterns take the same paths and names as Wagtail's, with the view classes wrapped in
`exports.viewsets.ListingExportMixin` (neutralized, streamed, large exports as jobs); `lms.urls` includes them before
Wagtail's admin, so they are the ones matched. They get the admin's own access check and no-cache headers, as
Wagtail's patterns do. The reports (site history, locked and aging pages, workflows) are replaced by the scoped views
of `people.report_urls`, which stream the same way.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.redirects.views import IndexView as RedirectIndexView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from exports.viewsets import streaming

LISTINGS = [  # (path under /admin/, Wagtail's view class)
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
