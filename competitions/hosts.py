"""Who may sit a knowledge contest, and how its grade becomes the entrant's score in the round.

The rules (the quiz host of `ContestPage`, registered in CompetitionsConfig.ready; see quizzes.hosts):
- Only an entrant with a live RoundEntry in the contest's round (their entry registered, not withdrawn or
  disqualified) may start an attempt, while the competition takes registrations or runs, the round's results are not
  being decided (planned or open) and now is inside the round's own window when it has one; the quiz engine adds the
  paper's window, its time limit and its allowed attempts. The start locks that RoundEntry, so an entrant's starts
  run one after the other.
- Each time an attempt is graded, the RoundEntry's score becomes the best grade over the entrant's graded attempts
  (a 0–100 number) and `seconds_taken` the time of the attempt that first reached it. The write is a conditional
  update: a repeated grading (double submit, the deadline task, a regrade giving the same grade) writes nothing and
  logs nothing; once the round is being judged or its results are out, nothing changes any more.
- The organizers of the competition (competitions.registration.manages) grade its contests' essays and read their
  attempts in the admin.
Errors are quizzes' `AttemptError` with the code "not_allowed".
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from quizzes.errors import AttemptError
from quizzes.models import Attempt

from .contest import ContestPage
from .models import Competition, Entry, Round, RoundEntry, _managed_condition

SITTING_ROUND_STATUSES = (Round.Status.PLANNED, Round.Status.OPEN)
SITTING_COMPETITION_STATUSES = (Competition.Status.REGISTRATION, Competition.Status.RUNNING)


def round_entry_of(user, contest: ContestPage):
    """The user's live RoundEntry in the contest's round (a queryset of at most one row)."""
    return RoundEntry.objects.filter(
        round_id=contest.round_id, entry__entrant_id=getattr(user, "pk", None), entry__status=Entry.Status.REGISTERED
    )


def refusal(user, contest: ContestPage, now=None) -> str | None:
    """Why `user` may not sit the contest at all (None when admitted); the engine adds the paper's own rules."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part in the contest.")
    contest_round = contest.round
    if not round_entry_of(user, contest).exists():
        return _("Only the entrants of %(round)s may take part in this contest.") % {"round": contest_round}
    if contest_round.competition.status not in SITTING_COMPETITION_STATUSES:
        return _("The competition is not under way.")
    if contest_round.status not in SITTING_ROUND_STATUSES:
        return _("This round is closed.")
    if contest_round.opens_at and now < contest_round.opens_at:
        return _("This round has not opened yet.")
    if contest_round.closes_at and now >= contest_round.closes_at:
        return _("This round is closed.")
    return None


class ContestHost:
    """The quiz host of `ContestPage` (see the module docstring)."""

    def admit(self, user, quiz):
        contest = ContestPage.objects.select_related("round__competition").get(pk=quiz.pk)
        reason = refusal(user, contest)
        if reason is None and round_entry_of(user, contest).select_for_update().first() is None:
            reason = _("You may not take part in this contest.")
        if reason:
            raise AttemptError(reason, code="not_allowed")
        return None

    def started(self, attempt) -> None:
        """Nothing beyond the engine's own audit entry: a contest has no course progress."""

    def graded(self, attempt, grade) -> None:
        if grade is None:
            return
        contest = ContestPage.objects.select_related("round").get(pk=attempt.quiz_id)
        if contest.round.status not in SITTING_ROUND_STATUSES:
            return
        round_entry = round_entry_of(attempt.user, contest).select_for_update().first()
        if round_entry is None:  # withdrawn or disqualified since: the attempt stays graded, nothing is recorded
            return
        best = None
        for candidate in Attempt.objects.filter(quiz_id=contest.pk, user_id=attempt.user_id,
                                                status=Attempt.Status.GRADED).order_by("number"):
            if candidate.percent is not None and (best is None or candidate.percent > best.percent):
                best = candidate
        if best is None:
            return
        seconds = None
        if best.submitted_at and best.started_at:
            seconds = max(0, int((best.submitted_at - best.started_at).total_seconds()))
        changed = RoundEntry.objects.filter(pk=round_entry.pk).exclude(
            Q(score=best.percent) & (Q(seconds_taken=seconds) if seconds is not None else Q(seconds_taken__isnull=True))
        ).update(score=best.percent, seconds_taken=seconds)
        if changed:
            log(round_entry, "competitions.round_entry.scored",
                data={"score": str(best.percent), "seconds": seconds, "attempt": best.pk, "contest": contest.pk})

    def graded_by(self, user):
        """The contests of the competitions the user runs."""
        condition = _managed_condition(user, "round__competition__")
        return ContestPage.objects.all() if condition is None else ContestPage.objects.filter(condition)
