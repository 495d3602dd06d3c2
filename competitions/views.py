"""The entrant's side of competitions: the list (/competitions/), a competition's page, registration, 我的竞赛, an
entry's page with its materials, withdrawal, and the knowledge contest's start screen (ContestPage.serve).

Thin callers of competitions.registration; every entry lookup goes through `Entry.objects.visible_to(user)` (or
competitions.access for materials), so an entry outside the requester's reach is a 404 exactly like one that does
not exist. Results (score, rank, prize) reach the templates only through competitions.visibility. Every page runs a
fixed number of queries whatever the number of competitions, entries and rounds.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from people.access import is_active_member
from quizzes import services as quizzes
from quizzes.models import Attempt
from quizzes.views import question_count

from . import access, hosts, registration
from .contest import ContestPage
from .forms import CounselorEntryForm, CourseEntryForm, ListingFilterForm, TeamEntryForm, team_member_formset
from .models import Competition, Entry, EntryMaterial, Round, RoundEntry, Track
from .visibility import entrant_rounds

PAGE_SIZE = 20


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@require_GET
def competition_list(request):
    """Competitions past their draft, newest first: filter by state, kind and year; paginated."""
    competitions = Competition.objects.public().select_related("organizer")
    years = list(Competition.objects.public().order_by("-year").values_list("year", flat=True).distinct())
    form = ListingFilterForm(request.GET or None, years=years)
    if form.is_valid():
        state = form.cleaned_data["state"]
        if state == "open":
            competitions = competitions.filter(status=Competition.Status.REGISTRATION)
        elif state in (Competition.Status.RUNNING, Competition.Status.FINISHED):
            competitions = competitions.filter(status=state)
        if form.cleaned_data["kind"]:
            competitions = competitions.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["year"]:
            competitions = competitions.filter(year=form.cleaned_data["year"])
    page_obj = _page(request, competitions.order_by("-year", "-registration_opens_at", "pk"))
    return TemplateResponse(request, "competitions/competition_list.html", {
        "form": form, "page_obj": page_obj, "Status": Competition.Status,
    })


def _public_competition(request, pk) -> Competition:
    competition = Competition.objects.select_related("organizer", "min_level").filter(pk=pk).first()
    if competition is None:
        raise Http404
    if competition.status == Competition.Status.DRAFT and not registration.manages(request.user, competition):
        raise Http404
    return competition


def eligibility_lines(competition: Competition) -> list[str]:
    """The competition's eligibility in words."""
    from people.models import Organization

    lines = []
    if competition.kind == Competition.Kind.SKILLS:
        lines.append(_("Counselors register themselves."))
    elif competition.kind == Competition.Kind.GOLD_COURSE:
        lines.append(_("A member of a course's team enters a published course of the platform with its teaching "
                       "plan and/or the link to its teaching video."))
    else:
        lines.append(_("A university's admin registers teams of its students (up to %(count)s students each) with "
                       "their career-plan document.") % {"count": competition.max_team_size})
        if competition.allow_advisers:
            lines.append(_("The university's counselors (advisers) may register teams too."))
    if competition.min_level_id:
        lines.append(_("Entrants hold at least the level %(level)s.") % {"level": competition.min_level})
    if competition.organization_kinds:
        kinds = "、".join(str(label) for value, label in Organization.Kind.choices
                         if value in competition.organization_kinds)
        lines.append(_("Open to organizations of these kinds: %(kinds)s.") % {"kinds": kinds})
    return lines


@require_GET
def competition_detail(request, pk):
    """The description, tracks, rounds with formats and dates, eligibility in words, and the register button or the
    reason one cannot (or the link to one's entry)."""
    competition = _public_competition(request, pk)
    tracks = list(Track.objects.filter(competition=competition))
    rounds = list(Round.objects.filter(competition=competition).order_by("sequence", "pk"))
    my_entries = []
    refusal = None
    if is_active_member(request.user):
        my_entries = list(Entry.objects.filter(competition=competition).filter(
            Q(entrant_id=request.user.pk) | Q(registered_by_id=request.user.pk)).order_by("pk"))
        error = registration.refusal_for(request.user, competition)
        refusal = error.message if error else None
    elif request.user.is_authenticated:
        refusal = _("Your account is not approved yet.")
    live_entry = next((e for e in my_entries if e.status == Entry.Status.REGISTERED
                       and e.entrant_id == request.user.pk), None)
    return TemplateResponse(request, "competitions/competition_detail.html", {
        "competition": competition, "tracks": tracks, "rounds": rounds, "eligibility": eligibility_lines(competition),
        "my_entries": my_entries, "refusal": refusal, "live_entry": live_entry,
        "may_register": request.user.is_authenticated and not refusal and live_entry is None,
    })


def _files(form, name="plan"):
    upload = form.cleaned_data.get(name)
    return [upload] if upload else []


@login_required
def register(request, pk):
    """The registration form that fits the competition's kind; refusals show as messages on the form."""
    competition = _public_competition(request, pk)
    if competition.kind != Competition.Kind.STUDENTS:
        existing = Entry.objects.live().filter(competition=competition, entrant_id=request.user.pk).first()
        if existing is not None:
            messages.info(request, _("You are already registered for this competition."))
            return redirect("competitions:entry", pk=existing.pk)
    error = registration.refusal_for(request.user, competition) if is_active_member(request.user) else None
    if error is not None:
        messages.error(request, error.message)
        return redirect("competitions:detail", pk=competition.pk)
    tracks = list(Track.objects.filter(competition=competition))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    formset = None
    if competition.kind == Competition.Kind.SKILLS:
        form = CounselorEntryForm(data, competition=competition, tracks=tracks)
    elif competition.kind == Competition.Kind.GOLD_COURSE:
        form = CourseEntryForm(data, files, competition=competition, tracks=tracks,
                               courses=registration.entrable_courses(request.user))
    else:
        form = TeamEntryForm(data, files, competition=competition, tracks=tracks)
        formset = team_member_formset(competition.max_team_size)(data, prefix="members")
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        track = form.cleaned_data.get("track")
        track_id = track.pk if track else None
        try:
            if competition.kind == Competition.Kind.SKILLS:
                entry = registration.register_counselor(request.user, competition.pk, track_id=track_id)
            elif competition.kind == Competition.Kind.GOLD_COURSE:
                entry = registration.register_course(
                    request.user, competition.pk, course_id=form.cleaned_data["course"].pk, track_id=track_id,
                    video_url=form.cleaned_data["video_url"], files=_files(form),
                )
            else:
                entry = registration.register_team(
                    request.user, competition.pk, team_name=form.cleaned_data["team_name"], track_id=track_id,
                    members=[f.cleaned_data for f in formset.forms if f.cleaned_data], files=_files(form),
                )
        except registration.RegistrationError as failure:
            form.add_error(None, failure.message)
        else:
            messages.success(request, _("Registered: %(entry)s.") % {"entry": entry.title})
            return redirect("competitions:entry", pk=entry.pk)
    return TemplateResponse(request, "competitions/register.html", {
        "competition": competition, "form": form, "formset": formset, "tracks": tracks,
    })


def _contests_by_round(round_ids) -> dict[int, ContestPage]:
    contests = {}
    for contest in ContestPage.objects.live().filter(round_id__in=list(round_ids)).order_by("opens_at", "pk"):
        contests.setdefault(contest.round_id, contest)
    return contests


def _may_take_contest(user, entry: Entry, view) -> bool:
    """A knowledge round the entrant (not a registrar) may still sit: their live entry, results not being decided."""
    return (
        entry.entrant_id == user.pk and entry.status == Entry.Status.REGISTERED
        and view.round.format == Round.Format.KNOWLEDGE and view.round.status in hosts.SITTING_ROUND_STATUSES
    )


def _entries_with_rounds(queryset):
    return queryset.select_related("competition", "track", "city", "organization").prefetch_related(
        Prefetch("rounds", queryset=RoundEntry.objects.select_related("round").order_by("round__sequence", "pk"))
    )


@require_GET
@login_required
def mine(request):
    """我的竞赛: the user's entries, and the teams they registered, each with every round's stage (results only once
    published) and the contest to take when a knowledge round is open."""
    if not is_active_member(request.user):
        raise Http404
    entries = _entries_with_rounds(
        Entry.objects.filter(Q(entrant_id=request.user.pk) | Q(registered_by_id=request.user.pk))
    ).order_by("-competition__year", "-registered_at", "-pk")
    page_obj = _page(request, entries)
    rows = [(entry, entrant_rounds(entry.rounds.all())) for entry in page_obj.object_list]
    knowledge = {view.round.pk for entry, views in rows for view in views
                 if _may_take_contest(request.user, entry, view)}
    contests = _contests_by_round(knowledge) if knowledge else {}
    for entry, views in rows:
        for view in views:
            if _may_take_contest(request.user, entry, view):
                view.contest = contests.get(view.round.pk)
    return TemplateResponse(request, "competitions/mine.html", {"page_obj": page_obj, "rows": rows})


@require_GET
@login_required
def entry_detail(request, pk):
    """An entry: its team, materials, every round (results only once published), the contest link and withdrawal."""
    entry = _entries_with_rounds(Entry.objects.filter(pk=pk)).prefetch_related("team", "materials").first()
    if entry is None or not access.may_read_materials(request.user, entry):
        raise Http404
    views = entrant_rounds(entry.rounds.all())
    knowledge = [view.round.pk for view in views if _may_take_contest(request.user, entry, view)]
    contests = _contests_by_round(knowledge) if knowledge else {}
    for view in views:
        if view.round.pk in contests:
            view.contest = contests[view.round.pk]
    withdrawal = registration.withdrawal_refusal(entry, request.user)
    return TemplateResponse(request, "competitions/entry_detail.html", {
        "entry": entry, "rounds": views, "may_withdraw": withdrawal is None,
        "is_mine": request.user.pk in (entry.entrant_id, entry.registered_by_id),
    })


@require_POST
@login_required
def withdraw(request, pk):
    try:
        registration.withdraw(pk, request.user)
    except registration.RegistrationError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The entry has been withdrawn."))
    return redirect("competitions:entry", pk=pk)


@never_cache
@require_GET
@login_required
def material(request, pk):
    """Download an entry's material: only for those competitions.access lets read it; anyone else gets a 404."""
    item = EntryMaterial.objects.select_related("entry").filter(pk=pk).first()
    if item is None or not access.may_read_materials(request.user, item.entry):
        raise Http404
    if not item.file.storage.exists(item.file.name):
        raise Http404
    return FileResponse(item.file.storage.open(item.file.name, "rb"), as_attachment=True,
                        filename=item.original_name, content_type=item.content_type)


def contest_page(request, contest: ContestPage):
    """The contest's start screen: the rules and window, whether I may take part, my attempts, the start button."""
    preview = getattr(request, "is_preview", False)
    contest = ContestPage.objects.select_related("round__competition").get(pk=contest.pk)
    reason = None if preview else hosts.refusal(request.user, contest)
    attempts = quizzes.attempts_of(request.user, contest) if reason is None and not preview else []
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    refusal = None
    if reason is None and open_attempt is None and not preview:
        error = quizzes.start_refusal(contest, attempts, timezone.now())
        refusal = error and error.message
    entry = None
    if reason is None and not preview:
        row = hosts.round_entry_of(request.user, contest).first()
        entry = row.entry_id if row else None
    return TemplateResponse(request, "competitions/contest_page.html", {
        "page": contest, "self": contest, "round": contest.round, "competition": contest.round.competition,
        "reason": reason, "preview": preview, "attempts": attempts, "open_attempt": open_attempt,
        "refusal": refusal, "question_count": question_count(contest), "Status": Attempt.Status,
        "attempts_left": max(0, contest.attempts_allowed - len(attempts)), "entry_id": entry,
    })
