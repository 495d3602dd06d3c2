from django.urls import path, register_converter

from . import views


class GroupKeyConverter:
    """A group key as a path segment: up to 80 characters, no slash (group keys look like competition:12)."""

    regex = "[^/]{1,80}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(GroupKeyConverter, "groupkey")

app_name = "showcase"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("group/<groupkey:key>/", views.group, name="group"),
    path("<slug:kind>/", views.kind, name="kind"),
]
