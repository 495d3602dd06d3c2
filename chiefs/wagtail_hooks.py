"""Chief counselors in the Wagtail admin: rounds (province admins), the nomination queue, nominating, appointments."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.scoping import ScopedViewSetMixin

from . import admin_views
from .models import Appointment, ChiefRound


class ChiefRoundViewSet(ModelViewSet):
    model = ChiefRound
    icon = "date"
    menu_label = _("Chief counselor rounds")
    menu_order = 1
    list_display = ["name", "nominations_open_on", "nominations_close_on", "status"]
    list_filter = ["status"]
    form_fields = ["name", "nominations_open_on", "nominations_close_on", "status", "rubric", "panel_size", "chair",
                   "pass_mark", "term_years", "duties"]
    copy_view_enabled = False
    inspect_view_enabled = False


class AppointmentViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Appointments, read-only here: made by chiefs.services.appoint from the nomination queue."""

    model = Appointment
    icon = "pick"
    menu_label = _("Chief counselor appointments")
    menu_order = 3
    list_display = ["holder", "city", "starts_on", "ends_on", "reminder_sent_at"]
    list_filter = ["city"]
    list_export = ["holder", "holder.email", "city", "starts_on", "ends_on", "duties"]
    export_headings = {"holder": _("Chief counselor"), "holder.email": _("E-mail"), "city": _("City"),
                       "starts_on": _("Term starts"), "ends_on": _("Term ends"), "duties": _("Duties")}
    export_filename = "chief-counselors"
    search_fields = ["holder__real_name", "holder__email"]
    form_fields = ["ends_on", "duties"]
    copy_view_enabled = False
    inspect_view_enabled = False


class ChiefsGroup(ViewSetGroup):
    menu_label = _("Chief counselors")
    menu_icon = "pick"
    menu_order = 325
    items = (ChiefRoundViewSet("chief_rounds"), AppointmentViewSet("chief_appointments"))


@hooks.register("register_admin_viewset")
def register_chiefs_viewsets():
    return ChiefsGroup()


@hooks.register("register_admin_menu_item")
def register_nomination_queue_menu_item():
    return PermissionMenuItem(_("Chief counselor nominations"), "chiefs_queue", admin_views.PERMISSION,
                              name="chief-nominations", icon_name="form", order=326)


@hooks.register("register_admin_urls")
def register_chiefs_urls():
    urls = [
        path("nominations/", admin_views.NominationQueueView.as_view(), name="chiefs_queue"),
        path("nominations/new/", admin_views.NominateView.as_view(), name="chiefs_nominate"),
        path("nominations/<rowid:nomination_id>/decide/", admin_views.DecideNominationView.as_view(),
             name="chiefs_decide"),
        path("rounds/<rowid:round_id>/review/", admin_views.StartReviewView.as_view(), name="chiefs_start_review"),
    ]
    return [path("chiefs/", include(urls))]


@hooks.register("register_log_actions")
def register_chiefs_log_actions(actions):
    for action, label, message in [
        ("chiefs.nomination.submitted", _("Nominate"), _("Nomination submitted")),
        ("chiefs.nomination.endorsed", _("Endorse nomination"), _("Nomination endorsed by the city")),
        ("chiefs.nomination.returned", _("Return nomination"), _("Nomination returned")),
        ("chiefs.nomination.reviewed", _("Panel review"), _("Panel review finished")),
        ("chiefs.round.review_started", _("Start review"), _("Expert review started")),
        ("chiefs.appointment.made", _("Appoint"), _("Chief counselor appointed")),
        ("chiefs.appointment.reminded", _("Remind"), _("Reminded of the end of the term")),
        ("chiefs.appointment.term_ended", _("End term"), _("Term ended; title revoked")),
    ]:
        actions.register_action(action, label, message)
