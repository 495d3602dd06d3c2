"""The workshops screens in the Wagtail admin: sessions (with a link to each roster), registrations (scoped like
people: organization admins see their people's, trainers their events'), the sign-up approval queue, and the
app's audit actions."""

import django_filters
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.document_access import public_when_live, register_document_readers
from people.scoping import ScopedViewSetMixin

from . import admin_views
from .models import Feedback, Registration, WorkshopIndexPage, WorkshopPage, WorkshopSession


class SessionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    def get_queryset(self):
        """Seats taken, people waiting, the average rating and whether the viewer keeps the roster, aggregated in
        the listing's one query."""
        managed = WorkshopSession.objects.managed_by(self.request.user).filter(pk=OuterRef("pk"))
        return super().get_queryset().annotate(
            booked_count=Count("registrations", filter=Q(registrations__status="booked"), distinct=True),
            waitlist_count=Count("registrations", filter=Q(registrations__status="waitlisted"), distinct=True),
            average_rating=Avg("registrations__feedback__rating"),
            may_manage=Exists(managed),
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.may_manage:
            buttons.append(ListingButton(_("Roster"), reverse("workshops:roster", args=[instance.pk]),
                                         icon_name="list-ul", priority=5))
        return buttons


class SessionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="page__kind", choices=WorkshopPage.Kind.choices)

    class Meta:
        model = WorkshopSession
        fields = ["status"]


class SessionViewSet(ScopedViewSetMixin, ModelViewSet):
    """Sessions are edited on their event page; here they are listed with seats taken and the roster link."""

    model = WorkshopSession
    name = "workshop_sessions"
    url_prefix = "workshops/sessions"
    icon = "date"
    menu_label = _("Sessions")
    menu_order = 1
    index_view_class = SessionIndexView
    filterset_class = SessionFilterSet
    ordering = ["-starts_at"]
    list_display = [
        "page", "starts_at", "venue", "capacity", Column("booked_count", label=_("Booked")),
        Column("waitlist_count", label=_("Waiting")), Column("average_rating", label=_("Average rating")), "status",
    ]
    search_fields = ["page__title", "venue"]
    form_fields = []
    copy_view_enabled = False
    add_to_reference_index = False


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user__organization", "session__page")


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Event"), field_name="session__page",
        queryset=lambda request: WorkshopPage.objects.filter(
            pk__in=WorkshopSession.objects.visible_to(request.user).values("page")
        ).order_by("title"),
    )

    class Meta:
        model = Registration
        fields = ["status", "attendance"]


class RegistrationViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Read-only: registrations change only through sign-up, cancellation, approval and the roster."""

    model = Registration
    name = "workshop_registrations"
    url_prefix = "workshops/registrations"
    icon = "list-ul"
    menu_label = _("Registrations")
    menu_order = 2
    index_view_class = RegistrationIndexView
    filterset_class = RegistrationFilterSet
    ordering = ["-created_at"]
    list_display = ["user", "title", "session", "status", "attendance", "created_at"]
    list_export = ["user", "user.email", "user.organization", "title", "session", "get_status_display",
                   "get_attendance_display", "created_at", "checked_in_at"]
    export_headings = {
        "user": _("Counselor"), "user.email": _("E-mail"), "user.organization": _("Organization"),
        "title": _("Event"), "session": _("Session"), "get_status_display": _("Status"),
        "get_attendance_display": _("Attendance"), "created_at": _("Signed up at"),
        "checked_in_at": _("Checked in at"),
    }
    export_filename = "workshop-registrations"
    search_fields = ["title", "user__real_name", "user__email"]
    inspect_view_enabled = True
    form_fields = []
    copy_view_enabled = False
    add_to_reference_index = False


class FeedbackIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("registration__user")


class FeedbackViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Participants' ratings and comments, read-only, for the trainers of the event and the admins of the scope."""

    model = Feedback
    index_view_class = FeedbackIndexView
    name = "workshop_feedback"
    url_prefix = "workshops/feedback"
    icon = "comment"
    menu_label = _("Feedback")
    menu_order = 3
    ordering = ["-created_at"]
    list_display = ["registration", "rating", "comment", "created_at"]
    list_filter = ["rating"]
    list_export = ["registration", "rating", "comment", "created_at"]
    search_fields = ["comment", "registration__title"]
    form_fields = []
    copy_view_enabled = False
    add_to_reference_index = False


class WorkshopsViewSetGroup(ModelViewSetGroup):
    items = (SessionViewSet, RegistrationViewSet, FeedbackViewSet)
    menu_label = _("Workshops and events")
    menu_icon = "group"
    menu_order = 320

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            PermissionMenuItem(_("Sign-ups awaiting approval"), "workshops_approvals", admin_views.PERMISSION,
                               name="workshops-approvals", icon_name="tasks", order=4),
        ]


@hooks.register("register_admin_viewset")
def register_workshops_viewsets():
    return WorkshopsViewSetGroup()


@hooks.register("register_admin_urls")
def register_workshops_admin_urls():
    return [
        path("workshops/approvals/", admin_views.ApprovalQueueView.as_view(), name="workshops_approvals"),
        path("workshops/approvals/<rowid:registration_id>/", admin_views.DecideView.as_view(),
             name="workshops_decide"),
    ]


@hooks.register("register_log_actions")
def register_workshops_log_actions(actions):
    for action, label, message in [
        ("workshops.registration.created", _("Sign up"), _("Signed up")),
        ("workshops.registration.cancelled", _("Cancel registration"), _("Registration cancelled")),
        ("workshops.registration.promoted", _("Promote from waitlist"), _("Promoted from the waitlist")),
        ("workshops.registration.approved", _("Approve sign-up"), _("Sign-up approved")),
        ("workshops.registration.rejected", _("Reject sign-up"), _("Sign-up rejected")),
        ("workshops.registration.attendance", _("Mark attendance"), _("Attendance marked")),
        ("workshops.registration.checked_in", _("Check in"), _("Checked in")),
        ("workshops.registration.credited", _("Record attendance credit"), _("Attendance credit recorded")),
        ("workshops.registration.feedback", _("Give feedback"), _("Feedback given")),
        ("workshops.session.cancelled", _("Cancel session"), _("Session cancelled")),
        ("workshops.session.moved", _("Move session"), _("Session moved")),
    ]:
        actions.register_action(action, label, message)


# Event pages are public: a document linked from a live one's description or introduction is public too.
register_document_readers(WorkshopPage, public_when_live)
register_document_readers(WorkshopIndexPage, public_when_live)
