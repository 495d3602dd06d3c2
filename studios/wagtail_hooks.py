"""Studios in the Wagtail admin: studios (scoped: organization admins manage their subtree's, province admins all;
members inline, services as checkboxes, the page of a studio shows its rating history), the standard's versions
(province admins; saving a used version makes a new one), the self-assessment queue, the staff home's waiting work
and the audit log actions of studios.services."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.history import register_log_scope
from people.scoping import ScopedViewSetMixin

from . import admin_views, services
from .admin_forms import StandardForm, StudioForm
from .models import Standard, Studio, StudioRating


class StudioInspectView(InspectView):
    """The studio's page: its details and every rating it was ever given, newest first."""

    template_name = "studios/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ratings"] = StudioRating.objects.filter(studio=self.object).select_related(
            "standard", "assessment").order_by("-rated_on", "-pk")[:100]
        return context


class StudioViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    model = Studio
    icon = "home"
    menu_label = _("Studios")
    menu_order = 1
    inspect_view_class = StudioInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["name", "kind", "organization", "city", "lead", "address", "opening_hours", "phone",
                           "status", "rating", "rating_score", "rated_on"]
    list_display = ["name", "kind", "organization", "city", "lead", "status", "rating", "rated_on"]
    list_filter = ["kind", "status", "is_public", "rating"]
    list_export = ["name", "get_kind_display", "organization", "city", "lead", "address", "opening_hours", "phone",
                   "get_status_display", "get_rating_display", "rating_score", "rated_on"]
    export_headings = {
        "name": _("Name"), "get_kind_display": _("Kind"), "organization": _("Organization"), "city": _("City"),
        "lead": _("Lead counselor"), "address": _("Address"), "opening_hours": _("Opening hours"),
        "phone": _("Phone"), "get_status_display": _("Status"), "get_rating_display": _("Rating"),
        "rating_score": _("Rating score"), "rated_on": _("Rated on"),
    }
    export_filename = "studios"
    search_fields = ["name", "address", "lead__real_name"]
    copy_view_enabled = False
    edit_handler = ObjectList([
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("organization"), FieldPanel("lead")]),
        FieldPanel("services"),
        MultiFieldPanel([FieldPanel("description"), FieldPanel("address"), FieldPanel("opening_hours"),
                         FieldPanel("phone")], heading=_("Public details")),
        FieldRowPanel([FieldPanel("status"), FieldPanel("is_public")]),
        InlinePanel("memberships", label=_("Member"), heading=_("Members"),
                    panels=[FieldPanel("member"), FieldPanel("role"), FieldPanel("joined_on")]),
    ], base_form_class=StudioForm)


class StandardViewSet(ModelViewSet):
    """Versions of the studio standard (province admins). Saving a version that an assessment used makes the next
    version; assessments keep theirs."""

    model = Standard
    icon = "list-ol"
    menu_label = _("Studio standard")
    menu_order = 2
    list_display = ["version", "name", "excellent_from", "good_from", "pass_from", "created_at"]
    copy_view_enabled = True
    inspect_view_enabled = False
    edit_handler = ObjectList([
        FieldPanel("name"), FieldPanel("note"),
        FieldRowPanel([FieldPanel("excellent_from"), FieldPanel("good_from"), FieldPanel("pass_from")],
                      heading=_("Rating thresholds")),
        InlinePanel("criteria", label=_("Criterion"), heading=_("Criteria"), min_num=1,
                    panels=[FieldRowPanel([FieldPanel("group"), FieldPanel("label")]),
                            FieldRowPanel([FieldPanel("weight"), FieldPanel("max_score"), FieldPanel("sort_order")]),
                            FieldPanel("guidance")]),
    ], base_form_class=StandardForm)


class StudiosGroup(ViewSetGroup):
    menu_label = _("Studios")
    menu_icon = "home"
    menu_order = 330
    items = (StudioViewSet("studio_admin"), StandardViewSet("studio_standards"))


@hooks.register("register_admin_viewset")
def register_studios_viewsets():
    return StudiosGroup()


@hooks.register("register_admin_menu_item")
def register_assessment_queue_menu_item():
    return PermissionMenuItem(_("Studio self-assessments"), "studios_queue", admin_views.PERMISSION,
                              name="studio-assessments", icon_name="form", order=331)


@hooks.register("register_admin_urls")
def register_studios_urls():
    urls = [
        path("assessments/", admin_views.AssessmentQueueView.as_view(), name="studios_queue"),
        path("assessments/<rowid:assessment_id>/decide/", admin_views.DecideAssessmentView.as_view(),
             name="studios_decide"),
    ]
    return [path("studio-assessments/", include(urls))]


@hooks.register("lms_waiting_work")
def waiting_queues(user) -> list[dict]:
    """The "Waiting for you" entries of studios on both homes (the `lms_waiting_work` hook, see home.dashboard)."""
    counts = services.waiting_counts(user)
    queue = reverse("studios_queue")
    queues = []
    if "to_endorse" in counts:
        queues.append({"label": _("Studio self-assessments to endorse"), "count": counts["to_endorse"],
                       "url": f"{queue}?status=submitted"})
    if "to_panel" in counts:
        queues.append({"label": _("Endorsed studio self-assessments to send to a panel"), "count": counts["to_panel"],
                       "url": f"{queue}?status=endorsed"})
    return queues


# The standard is read by every admin (its history says which version changed what); studios and self-assessments
# follow their own visible_to(user).
register_log_scope(Standard, lambda user: Standard.objects.all())


@hooks.register("register_log_actions")
def register_studios_log_actions(actions):
    for action, label, message in [
        ("studios.studio.details_updated", _("Update public details"), _("Public details updated by the lead")),
        ("studios.studio.rated", _("Rate studio"), _("Rating published")),
        ("studios.standard.new_version", _("New standard version"), _("New version of the standard saved")),
        ("studios.assessment.started", _("Start self-assessment"), _("Self-assessment started")),
        ("studios.assessment.saved", _("Save self-assessment"), _("Self-assessment draft saved")),
        ("studios.assessment.evidence_removed", _("Remove evidence"), _("Evidence file removed")),
        ("studios.assessment.submitted", _("Submit self-assessment"), _("Self-assessment submitted")),
        ("studios.assessment.endorsed", _("Endorse self-assessment"), _("Endorsed by the organization")),
        ("studios.assessment.returned", _("Return self-assessment"), _("Returned to the studio")),
        ("studios.assessment.panel_assigned", _("Send to panel"), _("Expert panel seated")),
        ("studios.assessment.rated", _("Rate self-assessment"), _("Panel result rated")),
    ]:
        actions.register_action(action, label, message)
