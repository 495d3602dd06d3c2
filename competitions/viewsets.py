"""Competitions in the admin: the competition editor (tracks and rounds inline; scoped to what the user runs;
status changed only on the competition's status page) and the entries listing (scoped by organization; filters by
competition, round, city, status and track; exported through exports.viewsets)."""

import django_filters
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from exports.viewsets import ExportViewSetMixin
from people.models import Organization
from people.scoping import ScopedViewSetMixin

from .admin_forms import CompetitionForm
from .models import Competition, Entry, Round, Track

TRACK_PANELS = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
ROUND_PANELS = [
    FieldRowPanel([FieldPanel("sequence"), FieldPanel("name")]),
    FieldRowPanel([FieldPanel("format"), FieldPanel("performance"), FieldPanel("per_city")]),
    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
    FieldRowPanel([FieldPanel("rubric"), FieldPanel("panel_size"), FieldPanel("drop_extremes")]),
    FieldRowPanel([FieldPanel("tie_break"), FieldPanel("advance"), FieldPanel("advance_count"),
                   FieldPanel("advance_share")]),
    FieldRowPanel([FieldPanel("first_prizes"), FieldPanel("second_prizes"), FieldPanel("third_prizes"),
                   FieldPanel("merit_prizes")]),
    FieldPanel("credit_hours"),
]


class CompetitionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organizer")

    def get_list_more_buttons(self, instance):
        return [
            MenuItem(_("Status and entries"), url=reverse("competitions_admin:competition", args=[instance.pk]),
                     icon_name="list-ul", priority=5),
            *super().get_list_more_buttons(instance),
        ]


class CompetitionViewSet(ScopedViewSetMixin, ModelViewSet):
    """Organizers build competitions here; the status moves on the competition's status page (services)."""

    model = Competition
    icon = "trophy"
    menu_label = _("Competitions")
    menu_order = 1
    index_view_class = CompetitionIndexView
    list_display = ["title", "kind", "year", "organizer", "status", "registration_opens_at",
                    "registration_closes_at"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title"]
    ordering = ["-year", "-registration_opens_at", "pk"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("title"), FieldRowPanel([FieldPanel("kind"), FieldPanel("year")]),
                             FieldPanel("organizer"), FieldPanel("description")], heading=_("Competition")),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                 FieldPanel("min_level"), FieldPanel("organization_kinds"),
                 FieldRowPanel([FieldPanel("max_team_size"), FieldPanel("allow_advisers")])],
                heading=_("Eligibility and registration"),
            ),
            InlinePanel("tracks", label=_("Tracks"), panels=TRACK_PANELS),
            InlinePanel("rounds", label=_("Rounds"), panels=ROUND_PANELS, min_num=1),
        ],
        base_form_class=CompetitionForm,
    )


def _competitions(request):
    return Competition.objects.visible_to(request.user) if request else Competition.objects.none()


class EntryFilterSet(WagtailFilterSet):
    competition = django_filters.ModelChoiceFilter(
        label=_("Competition"),
        queryset=lambda request: Competition.objects.filter(
            Q(pk__in=_competitions(request).values("pk"))
            | Q(pk__in=Entry.objects.visible_to(request.user).values("competition"))
        ),
    )
    round = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("competition", "Round"), method="filter_round",
        queryset=lambda request: Round.objects.filter(
            Q(competition__in=_competitions(request))
            | Q(competition__in=Entry.objects.visible_to(request.user).values("competition"))
        ).select_related("competition"),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=lambda request: Organization.objects.cities().order_by("path"))
    track = django_filters.ModelChoiceFilter(
        label=_("Track"), queryset=lambda request: Track.objects.filter(
            competition__in=Entry.objects.visible_to(request.user).values("competition")))

    class Meta:
        model = Entry
        fields = ["status"]

    def filter_round(self, queryset, name, value):
        return queryset.filter(rounds__round=value) if value else queryset


class EntryEditView(EditView):
    """Entries change only through competitions.registration: the edit URL leads to the entry's admin page."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("competitions_admin:entry", entry_id=kwargs.get("pk"))


class EntryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("competition", "track", "organization", "city",
                                                          "entrant")


class EntryViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Entries of the competitions in scope (an organization admin: their subtree's entries and the entries of the
    competitions they run); made and changed only through competitions.registration."""

    model = Entry
    icon = "list-ul"
    menu_label = _("Entries")
    menu_order = 2
    index_view_class = EntryIndexView
    edit_view_class = EntryEditView
    filterset_class = EntryFilterSet
    ordering = ["competition", "city__path", "pk"]
    list_display = ["title", "competition", "track", "organization", "city", "status", "registered_at"]
    list_export = ["title", "competition", "get_status_display", "track", "entrant", "entrant.email",
                   "organization", "city", "course", "video_url", "registered_by", "registered_at", "status_reason"]
    export_headings = {
        "title": _("Entry"), "competition": _("Competition"), "get_status_display": _("Status"), "track": _("Track"),
        "entrant": _("Entrant"), "entrant.email": _("E-mail"), "organization": _("Organization"), "city": _("City"),
        "course": _("Course"), "video_url": _("Teaching video link"), "registered_by": _("Registered by"),
        "registered_at": _("Registered at"), "status_reason": _("Reason"),
    }
    export_filename = "competition-entries"
    search_fields = ["title", "entrant__real_name", "entrant__email"]
    form_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_edit_url(self, instance):
        return reverse("competitions_admin:entry", args=[instance.pk])


class CompetitionsGroup(ModelViewSetGroup):
    menu_label = _("Competitions")
    menu_icon = "trophy"
    menu_order = 330
    items = (CompetitionViewSet("competitions_setup"), EntryViewSet("competition_entries"))
