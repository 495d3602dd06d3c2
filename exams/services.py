"""Who may sit a level exam, and how its grade reaches the level application.

The rules:
- Only an applicant whose application is admitted to the exam's round (certification.services.accepted_applications)
  may start an attempt; the start locks that application row, so a counselor's starts run one after the other (the
  quiz engine then resumes an open attempt, or refuses when the allowed attempts are used up or the window is shut).
- The grade (the highest percentage of the graded attempts, out of 100) becomes the application's theory score
  through certification.services.record_assessment_score(part="theory") once the candidate's result is final: they
  passed, or they have used every allowed attempt. The engine grades an attempt once (its finish is a conditional
  update), and the score is recorded once per application and part, so a double submit, the deadline task running
  beside a submit, or a regrade never writes a second score.
- When an exam's window has closed, a candidate who sat it, failed and left further attempts unused gets their grade
  all the same: the periodic `record_closed_exams` writes the grade of every admitted candidate of a closed exam
  who has graded attempts, none still open, and no theory score yet (idempotent like the rest).
- Province admins grade the essays of exams and read their attempts (the quiz engine's grading queue and results).
Errors are quizzes' `AttemptError` with the code "not_allowed".
"""

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import AssessmentRound, LevelApplication
from certification.services import CertificationError, accepted_applications, record_assessment_score
from quizzes.errors import AttemptError
from quizzes.models import Attempt
from quizzes.services import attempts_of, grade_of

from .models import ExamPage


def admitted_applications(user, rounds):
    """The user's applications admitted to any of `rounds` (one query when evaluated, whatever the number)."""
    condition = Q(pk__in=[])
    for exam_round in rounds:
        condition |= Q(pk__in=accepted_applications(exam_round).values("pk"))
    return LevelApplication.objects.filter(condition, applicant_id=user.pk)


def admission(user, exam: ExamPage) -> LevelApplication | None:
    """The user's application admitted to the exam's round, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return accepted_applications(exam.round).filter(applicant_id=user.pk).first()


def refusal(user, exam: ExamPage) -> str | None:
    """Why the user may not sit the exam at all (None when admitted)."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to sit this exam.")
    if admission(user, exam) is None:
        return _("Only applicants accepted into the round %(round)s may sit this exam.") % {"round": exam.round}
    return None


class ExamHost:
    """The quiz host of `ExamPage` (see quizzes.hosts)."""

    def admit(self, user, quiz):
        exam = ExamPage.objects.select_related("round").get(pk=quiz.pk)
        admitted = accepted_applications(exam.round).filter(applicant_id=getattr(user, "pk", None))
        if admitted.select_for_update().first() is None:
            raise AttemptError(refusal(user, exam) or _("You may not sit this exam."), code="not_allowed")
        return None

    def started(self, attempt) -> None:
        """Nothing beyond the engine's own audit entry: an exam has no course progress."""

    def graded(self, attempt, grade) -> None:
        quiz = attempt.quiz
        if grade is None:
            return
        attempts = attempts_of(attempt.user, quiz)
        used_up = len(attempts) >= quiz.attempts_allowed and not any(a.is_open for a in attempts)
        if grade < quiz.pass_mark and not used_up:
            return
        exam = ExamPage.objects.select_related("round").get(pk=quiz.pk)
        application = admission(attempt.user, exam)
        if application is None:  # withdrawn since: the attempt stays graded, nothing is recorded
            return
        try:
            record_assessment_score(application.pk, part="theory", score=grade,
                                    source=f"exams.attempt:{attempt.pk}")
        except CertificationError:  # decided or withdrawn meanwhile: the application keeps its state
            return

    def graded_by(self, user):
        """Province admins grade every exam; nobody else grades any."""
        if getattr(user, "manages_whole_province", False):
            return ExamPage.objects.all()
        return ExamPage.objects.none()


def record_closed_exams(now=None) -> int:
    """Record the theory score of every admitted candidate of an exam whose window has closed (see the module
    docstring); returns how many scores were written."""
    now = now or timezone.now()
    graded = Attempt.objects.filter(quiz_id=OuterRef("round__exams"), user_id=OuterRef("applicant_id"),
                                    status=Attempt.Status.GRADED)
    still_open = Attempt.objects.filter(quiz_id=OuterRef("round__exams"), user_id=OuterRef("applicant_id"),
                                        status__in=[Attempt.Status.IN_PROGRESS, Attempt.Status.AWAITING_GRADING])
    pending = (
        LevelApplication.objects.filter(
            status__in=[LevelApplication.Status.ACCEPTED, LevelApplication.Status.ASSESSING],
            theory_score__isnull=True, round__exams__closes_at__lte=now,
        )
        .filter(Exists(graded), ~Exists(still_open))
        .values_list("pk", "applicant_id", "round__exams")
    )
    written = 0
    exams = {}
    for application_id, applicant_id, exam_id in pending:
        exam = exams.setdefault(exam_id, ExamPage.objects.get(pk=exam_id))
        grade = grade_of(exam, list(Attempt.objects.filter(quiz_id=exam_id, user_id=applicant_id)))
        if grade is None:
            continue
        try:
            record_assessment_score(application_id, part="theory", score=grade, source=f"exams.closed:{exam_id}")
        except CertificationError:  # decided or withdrawn meanwhile
            continue
        written += 1
    return written


# --- reading ------------------------------------------------------------------------------------------------------


def my_exams(user) -> list[ExamPage]:
    """The live exams of the rounds the user is admitted to, each with `.attempts` (the user's, in order), newest
    round first. Four queries whatever the number of exams and attempts."""
    rounds = list(AssessmentRound.objects.filter(applications__applicant_id=user.pk).distinct())
    if not rounds:
        return []
    admitted_rounds = set(admitted_applications(user, rounds).values_list("round_id", flat=True))
    exams = list(ExamPage.objects.live().filter(round_id__in=admitted_rounds).select_related("round__level")
                 .order_by("-opens_at", "-pk"))
    by_exam: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(user_id=user.pk, quiz_id__in=[e.pk for e in exams]).order_by("number"):
        by_exam.setdefault(attempt.quiz_id, []).append(attempt)
    for exam in exams:
        exam.my_attempts = by_exam.get(exam.pk, [])
    return exams


def exams_overview():
    """Every exam with its admitted applicants counted and its attempts counted by status (one query)."""
    return ExamPage.objects.select_related("round__level").annotate(
        started=Count("attempts__user", distinct=True),
        graded=Count("attempts", filter=Q(attempts__status=Attempt.Status.GRADED)),
        awaiting=Count("attempts", filter=Q(attempts__status=Attempt.Status.AWAITING_GRADING)),
        last_submit=Max("attempts__submitted_at"),
    ).order_by("-opens_at", "-pk")


def exam_results(exam: ExamPage):
    """The applications admitted to the exam's round, with the applicant (and organization): the rows of the results
    screen. The attempts are read per page with `attempts_by_applicant`."""
    return accepted_applications(exam.round).select_related("applicant__organization").order_by("applicant__email")


def attempts_by_applicant(exam: ExamPage, user_ids) -> dict[int, list[Attempt]]:
    result: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(quiz_id=exam.pk, user_id__in=list(user_ids)).order_by("number"):
        result.setdefault(attempt.user_id, []).append(attempt)
    return result
