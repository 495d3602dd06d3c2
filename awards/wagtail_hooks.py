"""Awards in the Wagtail admin (评优): award types and cycles (province admins), the quota board, the nomination
queue and nominating (city and university admins in their scope), the staff home's waiting work and audit actions."""

from django.template.loader import render_to_string
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_menu import PermissionMenuItem

from . import admin_views, services
from .models import AwardType, Cycle


class AwardTypeViewSet(ModelViewSet):
    """The three award types (seeded); editable: names, default quota, rubric and criteria. Never deleted."""

    model = AwardType
    icon = "success"
    menu_label = _("Award types")
    menu_order = 1
    list_display = ["name", "nominee_kind", "default_quota", "rubric"]
    form_fields = ["name", "name_en", "default_quota", "rubric", "description", "sort_order"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    delete_view_enabled = False


class CycleCreateView(CreateView):
    def save_instance(self):
        cycle = super().save_instance()
        services.ensure_quotas(cycle)  # one quota per award type, at the type's default total
        return cycle


class CycleViewSet(ModelViewSet):
    """Five-year cycles: the nomination window, panel size, publicity days and issuer; quotas on the board."""

    model = Cycle
    icon = "date"
    menu_label = _("Award cycles")
    menu_order = 2
    add_view_class = CycleCreateView
    list_display = ["name", "starts_year", "ends_year", "nominations_open_on", "nominations_close_on", "status",
                    "published_at"]
    list_filter = ["status"]
    form_fields = ["name", "starts_year", "ends_year", "nominations_open_on", "nominations_close_on", "status",
                   "panel_size", "publicity_days", "issuer"]
    copy_view_enabled = False
    inspect_view_enabled = False
    delete_view_enabled = False


class AwardsGroup(ViewSetGroup):
    menu_label = _("Awards")
    menu_icon = "success"
    menu_order = 330
    items = (AwardTypeViewSet("award_types"), CycleViewSet("award_cycles"))


@hooks.register("register_admin_viewset")
def register_awards_viewsets():
    return AwardsGroup()


@hooks.register("register_admin_menu_item")
def register_award_queue_menu_item():
    return PermissionMenuItem(_("Award nominations"), "awards_queue", "awards.view_nomination",
                              name="award-nominations", icon_name="success", order=331)


@hooks.register("register_admin_menu_item")
def register_award_board_menu_item():
    return PermissionMenuItem(_("Award quota board"), "awards_board", "awards.view_cycle",
                              name="award-board", icon_name="table", order=332)


@hooks.register("register_admin_urls")
def register_awards_urls():
    urls = [
        path("nominations/", admin_views.QueueView.as_view(), name="awards_queue"),
        path("nominations/new/", admin_views.NominateView.as_view(), name="awards_nominate"),
        path("nominations/<rowid:nomination_id>/", admin_views.NominationView.as_view(), name="awards_nomination"),
        path("nominations/<rowid:nomination_id>/act/", admin_views.ActView.as_view(), name="awards_act"),
        path("board/", admin_views.BoardView.as_view(), name="awards_board"),
        path("cycles/<rowid:cycle_id>/board/", admin_views.BoardView.as_view(), name="awards_board_cycle"),
        path("cycles/<rowid:cycle_id>/allocate/", admin_views.AllocateView.as_view(), name="awards_allocate"),
        path("cycles/<rowid:cycle_id>/review/", admin_views.ReviewAllView.as_view(), name="awards_review_all"),
        path("cycles/<rowid:cycle_id>/publish/", admin_views.PublishView.as_view(), name="awards_publish"),
    ]
    return [path("awards/", include(urls))]


class AwardsWaitingPanel(Component):
    """Staff home: the award work waiting for the user (one count query)."""

    name = "awards_waiting"
    order = 55

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        queues = admin_views.waiting(self.request.user)
        total = sum(queue["count"] for queue in queues)
        if not total:
            return ""
        return render_to_string("awards/admin/waiting_panel.html", {"queues": queues, "total": total},
                                request=self.request)


@hooks.register("construct_homepage_panels", order=110)
def awards_home_panel(request, panels):
    if request.user.has_perm("awards.change_nomination"):
        panels.append(AwardsWaitingPanel(request))


@hooks.register("register_log_actions")
def register_awards_log_actions(actions):
    for action, label, message in [
        ("awards.quota.total_set", _("Set total"), _("Quota total set")),
        ("awards.allocation.set", _("Set allocation"), _("Allocation set")),
        ("awards.nomination.created", _("Nominate"), _("Nomination created")),
        ("awards.nomination.submitted", _("Submit nomination"), _("Nomination submitted")),
        ("awards.nomination.withdrawn", _("Withdraw nomination"), _("Nomination withdrawn")),
        ("awards.nomination.returned", _("Return nomination"), _("Nomination returned for changes")),
        ("awards.nomination.review_started", _("Start review"), _("Expert panel seated")),
        ("awards.nomination.reviewed", _("Panel review"), _("Panel review finished")),
        ("awards.nomination.recommended", _("Recommend"), _("Nomination recommended")),
        ("awards.nomination.not_recommended", _("Do not recommend"), _("Nomination not recommended")),
        ("awards.nomination.publicity_opened", _("Open publicity"), _("Publicity period opened")),
        ("awards.nomination.confirmed", _("Confirm"), _("Nomination confirmed")),
        ("awards.nomination.refused", _("Refuse"), _("Nomination refused")),
        ("awards.roll.published", _("Publish roll"), _("Award roll published")),
    ]:
        actions.register_action(action, label, message)
