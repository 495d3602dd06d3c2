"""The project's URLs plus one view that refuses access, to render the 403 page through the real handler."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from lms.urls import handler400, handler403, handler404, handler500
from lms.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("test-forbidden/", forbidden), *project_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
