"""The competition screens of the Wagtail admin beside the viewsets: a competition's status page (its rounds with
their entries counted, the next status step) and an entry's page (who, where, materials, rounds with their results,
and disqualification). Thin callers of competitions.registration; a competition or entry outside the user's scope is
a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import registration
from .forms import DisqualifyForm
from .models import Competition, Entry, Round, RoundEntry

COMPETITION_PERMISSION = "competitions.change_competition"
ENTRY_PERMISSION = "competitions.view_entry"

NEXT_STEP = {
    Competition.Status.DRAFT: ("open_registration", _("Open registration")),
    Competition.Status.REGISTRATION: ("start", _("Close registration and start the competition")),
    Competition.Status.RUNNING: ("finish", _("Finish the competition")),
}


class PermissionView(View):
    permission = COMPETITION_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CompetitionView(PermissionView):
    """A competition's status, its rounds with entries counted, the next step and the links to its entries."""

    def get(self, request, competition_id):
        competition = Competition.objects.visible_to(request.user).select_related("organizer", "min_level").filter(
            pk=competition_id).first()
        if competition is None:
            raise Http404
        rounds = list(Round.objects.filter(competition=competition).order_by("sequence", "pk").annotate(
            taking_part=Count("entries", filter=Q(entries__entry__status=Entry.Status.REGISTERED)),
        ))
        counts = dict(competition.entries.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        step = NEXT_STEP.get(competition.status)
        return TemplateResponse(request, "competitions/admin/competition.html", {
            "competition": competition, "rounds": rounds, "page_title": competition.title,
            "counts": [(label, counts.get(value, 0)) for value, label in Entry.Status.choices],
            "step": step, "entries_url": reverse("competition_entries:index") + f"?competition={competition.pk}",
            "edit_url": reverse("competitions_setup:edit", args=[competition.pk]),
        })


class CompetitionStatusView(PermissionView):
    def post(self, request, competition_id):
        transition = request.POST.get("transition", "")
        try:
            competition = registration.change_status(competition_id, request.user, transition)
        except registration.RegistrationError as error:
            if error.code == "not_found":
                raise Http404 from error
            messages.error(request, error.message)
        else:
            messages.success(request, _("The competition is now: %(status)s.")
                             % {"status": competition.get_status_display()})
        return redirect("competitions_admin:competition", competition_id=competition_id)


class EntryView(PermissionView):
    """An entry with its rounds and results (organizers see them at every stage), materials, and disqualification
    for those who run the competition."""

    permission = ENTRY_PERMISSION

    def _entry(self, request, entry_id):
        entry = (
            Entry.objects.visible_to(request.user).filter(pk=entry_id)
            .select_related("competition", "track", "organization", "city", "entrant", "registered_by", "course")
            .prefetch_related("team", "materials", Prefetch(
                "rounds", queryset=RoundEntry.objects.select_related("round").order_by("round__sequence", "pk")))
            .first()
        )
        if entry is None:
            raise Http404
        return entry

    def render(self, request, entry, form):
        manages = registration.manages(request.user, entry.competition)
        return TemplateResponse(request, "competitions/admin/entry.html", {
            "entry": entry, "page_title": entry.title, "form": form,
            "may_disqualify": manages and entry.status == Entry.Status.REGISTERED
            and request.user.has_perm("competitions.change_entry"),
        })

    def get(self, request, entry_id):
        return self.render(request, self._entry(request, entry_id), DisqualifyForm())

    def post(self, request, entry_id):
        entry = self._entry(request, entry_id)
        if not request.user.has_perm("competitions.change_entry"):
            raise PermissionDenied
        form = DisqualifyForm(request.POST)
        if form.is_valid():
            try:
                registration.disqualify(entry.pk, request.user, reason=form.cleaned_data["reason"])
            except registration.RegistrationError as error:
                if error.code == "not_found":
                    raise Http404 from error
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The entry is disqualified."))
                return redirect("competitions_admin:entry", entry_id=entry.pk)
        return self.render(request, entry, form)
