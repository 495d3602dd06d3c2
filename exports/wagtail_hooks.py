"""The export job pages under /admin/exports/ and the audit action of a started export."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_export_urls():
    return [path("exports/", include(urls))]


@hooks.register("register_log_actions")
def register_export_log_actions(actions):
    actions.register_action("exports.job.created", _("Export"), _("Export started"))
