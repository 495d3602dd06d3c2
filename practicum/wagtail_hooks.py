"""Scene-based practice in the Wagtail admin: partner organizations (province and city admins, scoped), the placement
listing with filters and export, the placement queue with its decisions, arranging a placement; audit actions."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.scoping import ScopedViewSetMixin

from . import admin_views
from .models import Partner, Placement


class PartnerViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Partner organizations; a city admin sees and edits the partners of their city. Deactivated, never deleted
    (placements point at them)."""

    model = Partner
    icon = "site"
    menu_label = _("Practice partners")
    menu_order = 1
    list_display = ["name", "kind", "city", "contact_name", "contact_phone", "active"]
    list_filter = ["kind", "city", "active"]
    list_export = ["name", "kind", "city", "address", "contact_name", "contact_phone", "contact_email", "active"]
    export_filename = "practice-partners"
    search_fields = ["name", "address", "contact_name"]
    form_fields = ["kind", "name", "city", "address", "contact_name", "contact_phone", "contact_email",
                   "organization", "active"]
    copy_view_enabled = False
    inspect_view_enabled = False


class PlacementViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Placements, read here (decided in the placement queue, logged by the counselor, signed by the supervisor)."""

    model = Placement
    icon = "group"
    menu_label = _("Placement records")
    menu_order = 3
    list_display = ["title", "counselor", "partner", "starts_on", "ends_on", "status", "confirmed_hours"]
    list_filter = ["status", "category", "partner__city", "starts_on"]
    list_export = ["title", "counselor", "counselor.email", "counselor.organization", "partner", "partner.city",
                   "starts_on", "ends_on", "supervisor_name", "planned_hours", "confirmed_hours", "status",
                   "signed_off_at"]
    export_headings = {"counselor.email": _("E-mail"), "counselor.organization": _("Organization"),
                       "partner.city": _("City")}
    export_filename = "practice-placements"
    search_fields = ["title", "counselor__real_name", "counselor__email", "partner__name", "supervisor_name"]
    form_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["counselor", "partner", "event", "title", "starts_on", "ends_on", "supervisor_name",
                           "supervisor_title", "supervisor_email", "supervisor_phone", "objectives", "planned_hours",
                           "topic", "category", "status", "decision_reason", "submitted_at", "signed_off_at",
                           "confirmed_hours", "assessment", "signature", "return_reason"]

    def get_queryset(self, request):
        return Placement.objects.select_related("counselor__organization", "partner__city")


class PracticumGroup(ViewSetGroup):
    menu_label = _("Scene-based practice")
    menu_icon = "group"
    menu_order = 330
    items = (PartnerViewSet("practicum_partners"), PlacementViewSet("practicum_placements"))


@hooks.register("register_admin_menu_item")
def register_placement_queue_menu_item():
    return PermissionMenuItem(_("Placement queue"), "practicum_queue", admin_views.PERMISSION,
                              name="practicum-queue", icon_name="tasks", order=331)


@hooks.register("register_admin_viewset")
def register_practicum_viewsets():
    return PracticumGroup()


@hooks.register("register_admin_urls")
def register_practicum_urls():
    urls = [
        path("placements/", admin_views.PlacementQueueView.as_view(), name="practicum_queue"),
        path("placements/new/", admin_views.ArrangePlacementView.as_view(), name="practicum_arrange"),
        path("placements/<rowid:placement_id>/decide/", admin_views.DecidePlacementView.as_view(),
             name="practicum_decide"),
    ]
    return [path("practicum/", include(urls))]


@hooks.register("register_log_actions")
def register_practicum_log_actions(actions):
    for action, label, message in [
        ("practicum.placement.proposed", _("Propose placement"), _("Placement proposed")),
        ("practicum.placement.created", _("Arrange placement"), _("Placement arranged by an administrator")),
        ("practicum.placement.approved", _("Approve placement"), _("Placement approved")),
        ("practicum.placement.declined", _("Decline placement"), _("Placement proposal declined")),
        ("practicum.placement.started", _("Start placement"), _("Placement in progress")),
        ("practicum.entry.saved", _("Log practice"), _("Practice log entry saved")),
        ("practicum.entry.deleted", _("Remove log entry"), _("Practice log entry removed")),
        ("practicum.placement.submitted", _("Submit for sign-off"), _("Placement submitted for sign-off")),
        ("practicum.link.resent", _("Re-send sign-off link"), _("Sign-off link sent again")),
        ("practicum.placement.signed_off", _("Sign off"), _("Placement signed off by the supervisor")),
        ("practicum.placement.returned", _("Return placement"), _("Placement returned by the supervisor")),
        ("practicum.placement.withdrawn", _("Withdraw placement"), _("Placement withdrawn")),
    ]:
        actions.register_action(action, label, message)
