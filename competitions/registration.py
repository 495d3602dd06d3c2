"""Registration for competitions, and a competition's status: every change in one transaction, locked, audited.

The interface (views and admin screens are thin callers):

    register_counselor(user, competition_id, track_id=None)                          # 技能竞赛: oneself
    register_course(user, competition_id, course_id=..., track_id=None, video_url="", files=[...])  # 金课竞赛
    register_team(user, competition_id, team_name=..., members=[{"name", "major", "year_of_study"}],
                  track_id=None, files=[...])                                       # 大学生职业规划比赛
    withdraw(entry_id, user)
    disqualify(entry_id, actor, reason="...")
    open_registration(competition_id, actor) / start(competition_id, actor) / finish(competition_id, actor)

The rules:
- Everyone acting goes through `people.access.require_active` first (a pending or rejected account does nothing).
- Registration is open while the competition's status is "registration" and now is inside its window
  (opens ≤ now < closes). The competition row is locked for the whole registration, so two registrations of the
  same entrant run one after the other; the database's partial unique constraints (one live entry per entrant, per
  course, per team name of a university) are the final word, and a double submit ends with one entry.
- A counselor entry (skills) needs the counselor role, the competition's minimum level (standards.holdings: the
  highest level held, by rank), an organization of an allowed kind, and a track of the competition when it has
  tracks. A gold-course entry is made by a member of the course's team (courses.CourseTrainer) for a live course of
  the platform, with a teaching plan (checked like CPD evidence: PDF, JPG or PNG by content) and/or a link to the
  teaching video. A students' team entry is made by an admin of a university for that university (or by one of its
  counselors, when the competition allows advisers) with 1..max_team_size students and the plan document.
- `Entry.city` is the city of the entrant's organization (`city_of`), the ranking group of city preliminaries.
- Registration creates the RoundEntry of the first round (lowest sequence) in the same transaction.
- The entrant or the registrar withdraws before the first round closes (its close time passed, or its results are
  being decided); an organizer (`manages`) disqualifies a registered entry with a reason.
- Status moves forward only: draft → registration (needs at least one round) → running → finished; organizers only.
Errors are `RegistrationError` with a `code`; audit actions are "competitions.*" (registered in wagtail_hooks).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.evidence import EvidenceError, check_evidence
from people.access import AccessError, require_active
from people.models import Organization, Role
from standards.holdings import current_level

from .models import Competition, Entry, EntryMaterial, Round, RoundEntry, TeamMember, Track


class RegistrationError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# --- who and where -----------------------------------------------------------------------------------------------


def city_of(organization: Organization) -> Organization | None:
    """The city an organization belongs to: itself when it is a city, else its city ancestor (None above cities)."""
    if organization is None:
        return None
    if organization.kind == Organization.Kind.CITY:
        return organization
    steplen = Organization.steplen
    ancestors = [organization.path[:end] for end in range(steplen, len(organization.path), steplen)]
    return Organization.objects.filter(kind=Organization.Kind.CITY, path__in=ancestors).first()


def manages(user, competition: Competition) -> bool:
    """Whether `user` runs `competition`: a province admin, or an organization admin over its organizer."""
    return Competition.objects.visible_to(user).filter(pk=competition.pk).exists()


def first_round(competition: Competition) -> Round | None:
    return competition.rounds.order_by("sequence", "pk").first()


def _guard(user) -> None:
    try:
        require_active(user)
    except AccessError as error:
        raise RegistrationError(error.message, code=error.code) from error


def _window_refusal(competition: Competition, now=None) -> RegistrationError | None:
    now = now or timezone.now()
    if competition.status != Competition.Status.REGISTRATION:
        return RegistrationError(_("Registration for this competition is not open."), code="not_open")
    if now < competition.registration_opens_at:
        return RegistrationError(_("Registration has not opened yet."), code="not_open")
    if now >= competition.registration_closes_at:
        return RegistrationError(_("Registration has closed."), code="closed")
    return None


def _kind_refusal(competition: Competition, organization) -> RegistrationError | None:
    kinds = competition.organization_kinds or []
    if kinds and (organization is None or organization.kind not in kinds):
        allowed = "、".join(str(label) for value, label in Organization.Kind.choices if value in kinds)
        return RegistrationError(
            _("This competition is open to organizations of these kinds only: %(kinds)s.") % {"kinds": allowed},
            code="organization_kind",
        )
    return None


def _level_refusal(competition: Competition, user) -> RegistrationError | None:
    if competition.min_level_id is None:
        return None
    held = current_level(user)
    if held is None or (not held.is_appointed_title and held.rank < competition.min_level.rank):
        return RegistrationError(
            _("Entrants must hold at least the level %(level)s.") % {"level": competition.min_level},
            code="level",
        )
    return None


def counselor_refusal(user, competition: Competition, now=None) -> RegistrationError | None:
    """Why `user` may not register themselves for a skills competition now (None when they may); no locks."""
    if not getattr(user, "is_authenticated", False):
        return RegistrationError(_("Sign in to register."), code="sign_in")
    if competition.kind != Competition.Kind.SKILLS:
        return RegistrationError(_("Counselors register themselves for skills competitions only."), code="wrong_kind")
    refusal = _window_refusal(competition, now)
    if refusal:
        return refusal
    if not user.has_role(Role.COUNSELOR):
        return RegistrationError(_("Only counselors may enter this competition."), code="not_counselor")
    return _level_refusal(competition, user) or _kind_refusal(competition, user.organization)


def team_refusal(user, competition: Competition, now=None) -> RegistrationError | None:
    """Why `user` may not register students' teams for their university now (None when they may)."""
    if not getattr(user, "is_authenticated", False):
        return RegistrationError(_("Sign in to register."), code="sign_in")
    if competition.kind != Competition.Kind.STUDENTS:
        return RegistrationError(_("Teams are registered for students' competitions only."), code="wrong_kind")
    refusal = _window_refusal(competition, now)
    if refusal:
        return refusal
    organization = user.organization
    if organization is None or organization.kind != Organization.Kind.UNIVERSITY:
        return RegistrationError(_("Teams are registered by a university's admin."), code="not_registrar")
    is_admin = user.has_role(Role.ORG_ADMIN)
    is_adviser = competition.allow_advisers and user.has_role(Role.COUNSELOR)
    if not (is_admin or is_adviser):
        if competition.allow_advisers:
            return RegistrationError(_("Teams are registered by the university's admin or its counselors."),
                                     code="not_registrar")
        return RegistrationError(_("Teams are registered by a university's admin."), code="not_registrar")
    return _kind_refusal(competition, organization)


def course_refusal(user, competition: Competition, now=None) -> RegistrationError | None:
    """Why `user` may not enter a course in a gold-course competition now (None when they may; the course itself
    is checked at registration)."""
    if not getattr(user, "is_authenticated", False):
        return RegistrationError(_("Sign in to register."), code="sign_in")
    if competition.kind != Competition.Kind.GOLD_COURSE:
        return RegistrationError(_("Courses are entered in gold-course competitions only."), code="wrong_kind")
    refusal = _window_refusal(competition, now)
    if refusal:
        return refusal
    if not entrable_courses(user).exists():
        return RegistrationError(_("Only members of a published course's team may enter it."), code="not_team")
    return _kind_refusal(competition, user.organization)


def refusal_for(user, competition: Competition, now=None) -> RegistrationError | None:
    """The refusal of the registration that fits the competition's kind (see the three functions above)."""
    return {
        Competition.Kind.SKILLS: counselor_refusal,
        Competition.Kind.GOLD_COURSE: course_refusal,
        Competition.Kind.STUDENTS: team_refusal,
    }[competition.kind](user, competition, now)


def entrable_courses(user):
    """The live courses of the platform whose team holds `user` (courses.CourseTrainer)."""
    from courses.models import CoursePage

    if not getattr(user, "is_authenticated", False):
        return CoursePage.objects.none()
    return CoursePage.objects.live().filter(trainers__user=user).distinct().order_by("title")


# --- registration ------------------------------------------------------------------------------------------------


def _locked_competition(competition_id) -> Competition:
    competition = Competition.objects.select_for_update(of=("self",)).select_related("min_level").filter(
        pk=competition_id).first()
    if competition is None:
        raise RegistrationError(_("This competition does not exist."), code="not_found")
    return competition


def _track(competition: Competition, track_id) -> Track | None:
    tracks = list(Track.objects.filter(competition=competition))
    if not tracks:
        return None
    chosen = next((track for track in tracks if str(track.pk) == str(track_id)), None)
    if chosen is None:
        raise RegistrationError(_("Choose one of the competition's tracks."), code="track")
    return chosen


def _checked_files(files) -> list:
    files = [upload for upload in (files or []) if upload]
    try:
        return check_evidence(files)
    except EvidenceError as error:
        raise RegistrationError(error.message, code=error.code) from error


def _create_entry(competition: Competition, *, actor, files=(), members=(), **fields) -> Entry:
    """The entry, its team, its materials and its first round's RoundEntry; a duplicate is refused."""
    opening = first_round(competition)
    if opening is None:
        raise RegistrationError(_("This competition has no rounds yet."), code="no_rounds")
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the outer transaction usable
            entry = Entry.objects.create(competition=competition, registered_by=actor, **fields)
    except IntegrityError as error:
        raise RegistrationError(_("This entry is already registered for the competition."),
                                code="duplicate") from error
    TeamMember.objects.bulk_create([
        TeamMember(entry=entry, sort_order=index, **member) for index, member in enumerate(members)
    ])
    for upload, content_type, _extension in files:
        EntryMaterial.objects.create(entry=entry, file=upload, original_name=(upload.name or "")[:200],
                                     size=upload.size or 0, content_type=content_type)
    RoundEntry.objects.create(round=opening, entry=entry)
    log(entry, "competitions.entry.registered", user=actor,
        data={"competition": competition.pk, "kind": competition.kind, "round": opening.pk})
    return entry


def _entry_city(organization) -> Organization:
    city = city_of(organization)
    if city is None:
        raise RegistrationError(_("Your organization belongs to no city, so the entry cannot be ranked."),
                                code="no_city")
    return city


def register_counselor(user, competition_id, track_id=None) -> Entry:
    """A counselor registers themselves for a skills competition (see the module docstring)."""
    _guard(user)
    with transaction.atomic():
        competition = _locked_competition(competition_id)
        refusal = counselor_refusal(user, competition)
        if refusal:
            raise refusal
        track = _track(competition, track_id)
        return _create_entry(
            competition, actor=user, entrant=user, track=track, title=user.real_name or user.email,
            organization=user.organization, city=_entry_city(user.organization),
        )


def register_course(user, competition_id, *, course_id, track_id=None, video_url: str = "", files=()) -> Entry:
    """A member of a course's team enters the course in a gold-course competition, with its teaching plan and/or
    the link to its teaching video."""
    _guard(user)
    checked = _checked_files(files)
    video_url = (video_url or "").strip()
    if not checked and not video_url:
        raise RegistrationError(_("Upload the teaching plan or give the link to the teaching video."),
                                code="no_material")
    with transaction.atomic():
        competition = _locked_competition(competition_id)
        refusal = course_refusal(user, competition)
        if refusal:
            raise refusal
        course = entrable_courses(user).filter(pk=course_id).first()
        if course is None:
            raise RegistrationError(_("Only members of a published course's team may enter it."), code="not_team")
        track = _track(competition, track_id)
        return _create_entry(
            competition, actor=user, files=checked, entrant=user, track=track, title=course.title[:200],
            course=course, video_url=video_url, organization=user.organization,
            city=_entry_city(user.organization),
        )


def clean_members(members, max_size: int) -> list[dict]:
    """The team's students as model fields; RegistrationError when the team is empty, too large, or a name is
    missing."""
    cleaned = []
    for member in members or []:
        name = (member.get("name") or "").strip()
        if not name and not (member.get("major") or "").strip():
            continue
        if not name:
            raise RegistrationError(_("Give the name of every student."), code="member_name")
        year = member.get("year_of_study")
        cleaned.append({"name": name[:60], "major": (member.get("major") or "").strip()[:120],
                        "year_of_study": int(year) if year not in (None, "") else None})
    if not cleaned:
        raise RegistrationError(_("A team has at least one student."), code="team_size")
    if len(cleaned) > max(1, max_size):
        raise RegistrationError(
            _("A team has at most %(count)s students.") % {"count": max(1, max_size)}, code="team_size"
        )
    return cleaned


def register_team(user, competition_id, *, team_name: str, members, track_id=None, files=()) -> Entry:
    """A university's admin (or adviser, when allowed) registers a team of its students with their plan."""
    _guard(user)
    team_name = (team_name or "").strip()
    if not team_name:
        raise RegistrationError(_("Give the team a name."), code="team_name")
    checked = _checked_files(files)
    if not checked:
        raise RegistrationError(_("Upload the team's career-plan document."), code="no_material")
    with transaction.atomic():
        competition = _locked_competition(competition_id)
        refusal = team_refusal(user, competition)
        if refusal:
            raise refusal
        cleaned = clean_members(members, competition.max_team_size)
        track = _track(competition, track_id)
        university = user.organization
        return _create_entry(
            competition, actor=user, files=checked, members=cleaned, entrant=None, track=track,
            title=team_name[:200], organization=university, city=_entry_city(university),
        )


# --- after registration ------------------------------------------------------------------------------------------


def withdrawal_refusal(entry: Entry, user, now=None) -> RegistrationError | None:
    """Why `user` may not withdraw `entry` now (None when they may)."""
    now = now or timezone.now()
    if user.pk not in (entry.entrant_id, entry.registered_by_id):
        return RegistrationError(_("Only the entrant or whoever registered the entry may withdraw it."),
                                 code="not_allowed")
    if entry.status != Entry.Status.REGISTERED:
        return RegistrationError(_("This entry is no longer registered."), code="not_registered")
    opening = first_round(entry.competition)
    if opening is not None and (
        opening.status not in (Round.Status.PLANNED, Round.Status.OPEN)
        or (opening.closes_at is not None and opening.closes_at <= now)
    ):
        return RegistrationError(_("Entries can no longer be withdrawn: the first round has closed."),
                                 code="too_late")
    return None


def withdraw(entry_id, user) -> Entry:
    """The entrant or the registrar withdraws a registered entry before the first round closes."""
    _guard(user)
    with transaction.atomic():
        entry = Entry.objects.select_for_update(of=("self",)).select_related("competition").filter(pk=entry_id).first()
        if entry is None or not Entry.objects.visible_to(user).filter(pk=entry_id).exists():
            raise RegistrationError(_("This entry does not exist."), code="not_found")
        refusal = withdrawal_refusal(entry, user)
        if refusal:
            raise refusal
        Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.WITHDRAWN)
        entry.status = Entry.Status.WITHDRAWN
        log(entry, "competitions.entry.withdrawn", user=user)
    return entry


def disqualify(entry_id, actor, *, reason: str) -> Entry:
    """An organizer of the competition disqualifies a registered entry, with the reason (shown to the entrant)."""
    _guard(actor)
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Give the reason for the disqualification."), code="reason_required")
    with transaction.atomic():
        entry = Entry.objects.select_for_update(of=("self",)).select_related("competition").filter(pk=entry_id).first()
        if entry is None or not manages(actor, entry.competition):
            raise RegistrationError(_("This entry does not exist."), code="not_found")
        if entry.status != Entry.Status.REGISTERED:
            raise RegistrationError(_("This entry is no longer registered."), code="not_registered")
        Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.DISQUALIFIED, status_reason=reason)
        entry.status, entry.status_reason = Entry.Status.DISQUALIFIED, reason
        log(entry, "competitions.entry.disqualified", user=actor, data={"reason": reason})
    return entry


# --- the competition's status ------------------------------------------------------------------------------------

TRANSITIONS = {
    "open_registration": (Competition.Status.DRAFT, Competition.Status.REGISTRATION, "competitions.competition.opened"),
    "start": (Competition.Status.REGISTRATION, Competition.Status.RUNNING, "competitions.competition.started"),
    "finish": (Competition.Status.RUNNING, Competition.Status.FINISHED, "competitions.competition.finished"),
}


def change_status(competition_id, actor, transition: str) -> Competition:
    """Move a competition one step forward (see TRANSITIONS); organizers only; audited."""
    _guard(actor)
    if transition not in TRANSITIONS:
        raise RegistrationError(_("This change of status does not exist."), code="invalid_transition")
    source, target, action = TRANSITIONS[transition]
    with transaction.atomic():
        competition = Competition.objects.select_for_update().filter(pk=competition_id).first()
        if competition is None or not manages(actor, competition):
            raise RegistrationError(_("This competition does not exist."), code="not_found")
        if competition.status != source:
            raise RegistrationError(
                _("The competition is %(status)s; this change is not possible now.")
                % {"status": competition.get_status_display()}, code="wrong_status",
            )
        if target == Competition.Status.REGISTRATION and not competition.rounds.exists():
            raise RegistrationError(_("Add at least one round before opening registration."), code="no_rounds")
        Competition.objects.filter(pk=competition.pk).update(status=target)
        competition.status = target
        log(competition, action, user=actor, data={"from": source, "to": target})
    return competition


def open_registration(competition_id, actor) -> Competition:
    return change_status(competition_id, actor, "open_registration")


def start(competition_id, actor) -> Competition:
    return change_status(competition_id, actor, "start")


def finish(competition_id, actor) -> Competition:
    return change_status(competition_id, actor, "finish")
