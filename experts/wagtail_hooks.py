"""The expert pool in the Wagtail admin, and the expert's own entry into it.

Province admins manage the pool (experts, rubrics); organization admins see the experts and panels of their own
subtree (scoped like people). Panels and publicity periods are listed here and open on their site pages, where the
seats, the scores (all of them for admins in scope) and the chair's and the objections' decisions live. Experts get
a "My reviews" menu item and a dashboard panel with their queue instead of an admin that shows only Help.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from exports.viewsets import ExportViewSetMixin
from people.models import Role, role_group
from people.scoping import ScopedViewSetMixin

from .models import Expert, Panel, PanelSeat, Publicity, Rubric


class ExpertForm(WagtailAdminModelForm):
    """Putting a person into the pool gives them the 专家 role (the workbench and the admin's expert home)."""

    def _save_m2m(self):  # Django calls it after the row is saved, whether through save() or save_m2m()
        super()._save_m2m()
        self.instance.user.groups.add(role_group(Role.EXPERT))


class ExpertIndexView(IndexView):
    def get_base_queryset(self):
        open_seats = Q(seats__status=PanelSeat.Status.ASSIGNED, seats__panel__status=Panel.Status.OPEN)
        return (
            super().get_base_queryset()
            .select_related("user", "organization")
            .annotate(open_assignments=Count("seats", filter=open_seats))
        )


class ExpertViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """The pool: who serves, for which topics, from which organization, for which term and how many at once."""

    model = Expert
    icon = "user"
    menu_label = _("Experts")
    menu_order = 1
    index_view_class = ExpertIndexView
    list_display = ["user", "tier", "organization", "term_start", "term_end", "active", "max_concurrent",
                    Column("open_assignments", label=_("Open assignments"))]
    list_filter = ["tier", "active", "specialties"]
    list_export = ["user", "user.email", "get_tier_display", "organization", "title", "term_start", "term_end",
                   "active", "max_concurrent", "open_assignments"]
    export_headings = {
        "user": _("Expert"), "user.email": _("E-mail"), "get_tier_display": _("Tier"),
        "organization": _("Organization"),
        "title": _("Professional title"), "term_start": _("Term starts"), "term_end": _("Term ends"),
        "active": _("Active"), "max_concurrent": _("Maximum concurrent assignments"),
        "open_assignments": _("Open assignments"),
    }
    export_filename = "experts"
    search_fields = ["user__real_name", "user__email", "organization__name", "title"]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("user", "tier", "organization", "title", "specialties", "term_start",
                                       "term_end", "active", "max_concurrent")],
        base_form_class=ExpertForm,
    )
    copy_view_enabled = False


class RubricViewSet(ModelViewSet):
    """Scoring sheets: weighted criteria with maximum scores and guidance for the experts."""

    model = Rubric
    icon = "list-ol"
    menu_label = _("Rubrics")
    menu_order = 2
    list_display = ["name", "description"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("description"), InlinePanel("criteria", label=_("Criteria"), min_num=1)]
    copy_view_enabled = True


class PanelViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Review panels, assigned by the apps that judge things; each opens on its page with seats and scores."""

    model = Panel
    icon = "group"
    menu_label = _("Review panels")
    menu_order = 3
    list_display = ["subject_title", "purpose_label", "status", "result", "due_on", "created_at"]
    list_filter = ["status", "purpose", "drop_extremes"]
    list_export = ["subject_title", "purpose_label", "get_status_display", "size", "result", "get_result_basis_display",
                   "resolution_reason", "due_on", "created_at", "decided_at"]
    export_headings = {
        "subject_title": _("Subject"), "purpose_label": _("Purpose"), "get_status_display": _("Status"),
        "size": _("Size"),
        "result": _("Result"), "get_result_basis_display": _("Result basis"), "resolution_reason": _("Chair's reason"),
        "due_on": _("Due on"), "created_at": _("Created at"), "decided_at": _("Decided at"),
    }
    export_filename = "panels"
    search_fields = ["subject_title", "purpose"]
    form_fields = ["due_on", "chair"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_edit_url(self, instance):
        return reverse("experts:panel", args=[instance.pk])


class PublicityViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Publicity periods (公示) and their objections; each opens on its page where objections are decided."""

    model = Publicity
    icon = "view"
    menu_label = _("Publicity periods")
    menu_order = 4
    list_display = ["subject_title", "starts_on", "ends_on", "created_at"]
    list_export = ["subject_title", "starts_on", "ends_on", "created_at"]
    search_fields = ["subject_title"]
    form_fields = ["ends_on"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_edit_url(self, instance):
        return reverse("experts:publicity", args=[instance.pk])


class ExpertPoolGroup(ModelViewSetGroup):
    menu_label = _("Expert pool")
    menu_icon = "group"
    menu_order = 330
    items = (ExpertViewSet("expert_pool"), RubricViewSet("expert_rubrics"), PanelViewSet("expert_panels"),
             PublicityViewSet("expert_publicity"))


@hooks.register("register_admin_viewset")
def register_expert_viewsets():
    return ExpertPoolGroup()


def expert_profile(request):
    """The signed-in person's expert profile (or None), read once per request."""
    if not hasattr(request, "_expert_profile"):
        request._expert_profile = Expert.objects.filter(user=request.user).first()
    return request._expert_profile


class MyReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return expert_profile(request) is not None


@hooks.register("register_admin_menu_item")
def register_my_reviews_menu_item():
    return MyReviewsMenuItem(_("My reviews"), reverse("experts:workbench"), name="my-reviews", icon_name="tasks",
                             order=5)


class MyReviewsPanel(Component):
    """The expert's home in the admin: the next assignments to score, how many are overdue and how many are done.
    The count of those waiting is in the staff home's "Waiting for you" list (reports.panels), not repeated here."""

    name = "my_reviews"
    template_name = "experts/admin/home_panel.html"
    order = 55  # after "Waiting for you" (reports.panels, 50), which holds the count of assignments waiting

    def __init__(self, expert):
        self.expert = expert

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        seats = PanelSeat.objects.filter(expert=self.expert)
        waiting = seats.filter(status=PanelSeat.Status.ASSIGNED, panel__status=Panel.Status.OPEN)
        context.update(
            overdue=waiting.filter(panel__due_on__lt=today).count(),
            submitted=seats.filter(status=PanelSeat.Status.SUBMITTED).count(),
            next_seats=list(waiting.select_related("panel").order_by("panel__due_on", "pk")[:5]),
            today=today,
        )
        return context


@hooks.register("construct_homepage_panels")
def add_my_reviews_panel(request, panels):
    expert = expert_profile(request)
    if expert is not None:
        panels.append(MyReviewsPanel(expert))


@hooks.register("register_log_actions")
def register_expert_log_actions(actions):
    actions.register_action("experts.panel.assigned", _("Assign panel"), _("Panel assigned"))
    actions.register_action("experts.panel.short", _("Panel short of experts"), _("Panel short of experts"))
    actions.register_action("experts.seat.assigned", _("Seat expert"), _("Expert seated"))
    actions.register_action("experts.seat.declined", _("Declare conflict"), _("Conflict of interest declared"))
    actions.register_action("experts.score.submitted", _("Submit score"), _("Score submitted"))
    actions.register_action("experts.panel.divergent", _("Scores diverge"), _("Scores diverge"))
    actions.register_action("experts.panel.resolved", _("Resolve divergence"), _("Divergence resolved by the chair"))
    actions.register_action("experts.panel.decided", _("Decide panel"), _("Panel result final"))
    actions.register_action("experts.publicity.opened", _("Open publicity"), _("Publicity period opened"))
    actions.register_action("experts.objection.filed", _("File objection"), _("Objection filed"))
    actions.register_action("experts.objection.resolved", _("Resolve objection"), _("Objection resolved"))
