"""The reports menu and URLs in the Wagtail admin, the staff home panels, and the audit action of reminders.

The home page keeps Wagtail's own panels (page summary, recent edits, locked pages, pages in moderation) only for
the people who author pages: trainers and superusers. For organization and province admins they count pages,
images and documents that are not their work, so they are replaced by reports.panels; province admins keep the
"awaiting your review" panel because they approve course publication.
"""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from lms.admin_menu import PermissionMenuItem
from people.models import Role

from .panels import staff_panels
from .scope import may_view_reports

REPORTS = (
    ("completion", _("Course completion"), "tasks"),
    ("compliance", _("CPD compliance"), "date"),
    ("progression", _("Progression"), "order"),
    ("workshops", _("Workshops and events"), "group"),
    ("staffing", _("Staffing"), "user"),
)
AUTHOR_PANELS = {"recent_edits", "locked_pages", "user_objects_in_workflow_moderation"}


def authors_pages(user) -> bool:
    return user.is_superuser or user.has_role(Role.TRAINER)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("statistics/", include("reports.urls"))]  # /admin/reports/ is Wagtail's own reports menu


class ReportsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return may_view_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    items = [
        PermissionMenuItem(label, f"reports:{name}", "reports.view_reports", name=f"reports-{name}",
                           icon_name=icon, order=index)
        for index, (name, label, icon) in enumerate(REPORTS, start=1)
    ]
    return ReportsMenuItem(_("Statistics and reports"), Menu(items=items), name="reports", icon_name="table", order=140)


@hooks.register("construct_homepage_panels", order=100)
def staff_home_panels(request, panels):
    if not authors_pages(request.user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in AUTHOR_PANELS]
    panels.extend(staff_panels(request))


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail's own apps add theirs
def staff_home_summary(request, summary_items):
    if not authors_pages(request.user):
        summary_items.clear()


@hooks.register("insert_global_admin_css")
def reports_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/reports-admin.css"))


@hooks.register("register_log_actions")
def register_reports_log_actions(actions):
    actions.register_action("reports.reminders.started", _("Send CPD reminders"), _("CPD reminders sent"))
