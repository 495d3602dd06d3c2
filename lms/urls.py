"""URL map: allauth accounts, the dashboard, /healthz, the Wagtail admin (login via allauth), then Wagtail pages."""

from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views


class AdminLoginRedirectView(RedirectView):
    """Wagtail's own login form is replaced by allauth's, so rate limits and MFA cover the admin too."""

    permanent = False
    query_string = True
    pattern_name = "account_login"


urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("home.urls")),
    path("", include("people.urls")),
    path("cpd/", include("cpd.urls")),
    path("progression/", include("certification.urls")),
    path("workshops/", include("workshops.urls")),
    path("library/", include("library.urls")),
    path("search/", include("search.urls")),
    path("learning/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("experts/", include("experts.urls")),
    path("chiefs/", include("chiefs.urls")),
    path("exams/", include("exams.urls")),
    path("competitions/", include("competitions.urls")),
    path("admin/login/", AdminLoginRedirectView.as_view()),
    path("admin/reports/", include(("people.report_urls", "scoped_reports"))),  # ahead of Wagtail's own reports
    path("admin/", include("lms.admin_exports")),
    path("admin/", include("lms.admin_guards")),  # Wagtail views that failed on odd input, guarded
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "home.views.bad_request"
handler403 = "home.views.permission_denied"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
