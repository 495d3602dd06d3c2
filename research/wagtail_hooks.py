"""Research projects in the Wagtail admin: the listing (scoped, filters, export), the queue of proposals and outputs
to publish, and the audit actions."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.scoping import ScopedViewSetMixin

from . import admin_views
from .models import Project


class ProjectViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Projects, read here (proposed and kept by their lead, decided in the research queue)."""

    model = Project
    icon = "doc-full"
    menu_label = _("Research projects")
    menu_order = 1
    list_display = ["title", "lead", "organization", "status", "starts_on", "ends_on"]
    list_filter = ["status", "topic", "starts_on"]
    list_export = ["title", "lead", "lead.email", "organization", "topic", "status", "starts_on", "ends_on",
                   "concluded_on", "summary"]
    export_headings = {"lead.email": _("E-mail")}
    export_filename = "research-projects"
    search_fields = ["title", "summary", "lead__real_name"]
    form_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["title", "summary", "lead", "organization", "topic", "objectives", "methods", "schedule",
                           "starts_on", "ends_on", "status", "decided_by", "decided_at", "decision_reason",
                           "concluded_on", "conclusion"]


class ResearchGroup(ViewSetGroup):
    menu_label = _("Research projects")
    menu_icon = "doc-full"
    menu_order = 335
    items = (ProjectViewSet("research_projects"),)


@hooks.register("register_admin_viewset")
def register_research_viewsets():
    return ResearchGroup()


@hooks.register("register_admin_menu_item")
def register_research_queue_menu_item():
    return PermissionMenuItem(_("Research queue"), "research_queue", admin_views.PERMISSION,
                              name="research-queue", icon_name="tasks", order=336)


@hooks.register("register_admin_urls")
def register_research_urls():
    return [path("research/queue/", admin_views.ResearchQueueView.as_view(), name="research_queue")]


@hooks.register("register_log_actions")
def register_research_log_actions(actions):
    for action, label, message in [
        ("research.project.proposed", _("Propose project"), _("Research project proposed")),
        ("research.project.approved", _("Approve project"), _("Research project approved")),
        ("research.project.rejected", _("Reject project"), _("Research project not approved")),
        ("research.project.started", _("Start project"), _("Research project in progress")),
        ("research.project.concluded", _("Conclude project"), _("Research project concluded")),
        ("research.project.cancelled", _("Cancel project"), _("Research project cancelled")),
        ("research.member.added", _("Add member"), _("Project member added")),
        ("research.milestone.saved", _("Save milestone"), _("Milestone saved")),
        ("research.milestone.done", _("Complete milestone"), _("Milestone done")),
        ("research.output.added", _("Upload output"), _("Research output uploaded")),
        ("research.output.published", _("Publish output"), _("Research output published to the library")),
        ("research.claim.filed", _("File claim"), _("Participation claim filed")),
    ]:
        actions.register_action(action, label, message)
