"""Competitions in the Wagtail admin: competitions with their tracks and rounds (scoped to what the user runs),
the entries of each competition (scoped by organization, exported through exports.viewsets), the status and
disqualification screens, and the audit log actions of competitions.registration and competitions.hosts."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from people.history import register_log_scope

from . import admin_views
from .models import Entry, RoundEntry
from .viewsets import CompetitionsGroup

# Competitions and entries follow their own `visible_to`; a round entry's history follows its entry.
register_log_scope(RoundEntry, lambda user: RoundEntry.objects.filter(entry__in=Entry.objects.visible_to(user)))


@hooks.register("register_log_actions")
def register_competition_log_actions(actions):
    for action, label, message in [
        ("competitions.entry.registered", _("Register entry"), _("Entry registered")),
        ("competitions.entry.withdrawn", _("Withdraw entry"), _("Entry withdrawn")),
        ("competitions.entry.disqualified", _("Disqualify entry"), _("Entry disqualified")),
        ("competitions.round_entry.scored", _("Record contest score"), _("Knowledge contest score recorded")),
        ("competitions.competition.opened", _("Open registration"), _("Registration opened")),
        ("competitions.competition.started", _("Start competition"), _("Competition under way")),
        ("competitions.competition.finished", _("Finish competition"), _("Competition finished")),
    ]:
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_competition_viewsets():
    return CompetitionsGroup()


@hooks.register("register_admin_urls")
def register_competition_admin_urls():
    urls = [
        path("<rowid:competition_id>/", admin_views.CompetitionView.as_view(), name="competition"),
        path("<rowid:competition_id>/status/", admin_views.CompetitionStatusView.as_view(), name="status"),
        path("entries/<rowid:entry_id>/", admin_views.EntryView.as_view(), name="entry"),
    ]
    return [path("competition-admin/", include((urls, "competitions_admin")))]
