"""Where a quiz lives decides who may attempt it and what a graded attempt leads to: its host.

The engine (quizzes.services, quizzes.grading) snapshots, saves, finishes and grades attempts the same way for every
quiz; the host, looked up by the quiz page's specific class, answers the questions that depend on the quiz's place:

- `admit(user, quiz)`: inside the start transaction, lock the row that serialises the user's starts and return the
  course enrollment the attempt belongs to (None for hosts without one), or raise `AttemptError("not_allowed")`;
- `started(attempt)`: after a new attempt was created (in the same transaction);
- `graded(attempt, grade)`: each time an attempt is graded or regraded, with the quiz grade over the user's graded
  attempts (in the same transaction; must be idempotent);
- `graded_by(user)`: the quizzes whose attempts the user grades and reads in the admin (a QuizPage queryset);
- `scores_shown(attempt)` (optional, default True): whether the person who sat the attempt may see its score,
  grade and which answers were right yet (a competition's contest keeps them until its results are published).

The course host is registered by quizzes itself for `QuizPage` (a quiz under a course: enrollment, course progress,
completion on passing). Higher apps register their page subclasses (`exams.ExamPage`), so the engine never imports
them. The most specific registered class in the page class's MRO wins.
"""

from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _

from courses import services as courses
from courses.models import Enrollment
from courses.teams import courses_taught_by

from .errors import AttemptError
from .models import QuizPage

_hosts: dict[type, object] = {}


def register(page_model: type, host) -> None:
    """Make `host` answer for quizzes of `page_model` (and its subclasses without a host of their own)."""
    _hosts[page_model] = host


def host_for(quiz):
    """The host of a quiz, by the page's specific class (from its content type: no query once types are cached)."""
    for cls in quiz.specific_class.__mro__:
        if cls in _hosts:
            return _hosts[cls]
    raise LookupError(f"no quiz host is registered for {quiz.specific_class.__name__}")


def scores_shown(attempt) -> bool:
    """Whether the attempt's own taker may see its score now (the host decides; hosts without a rule: always)."""
    rule = getattr(host_for(attempt.quiz), "scores_shown", None)
    return True if rule is None else bool(rule(attempt))


def quizzes_graded_by(user):
    """The quizzes whose attempts `user` grades, over every host (one queryset, used as a subquery)."""
    condition = Q(pk__in=[])
    for host in dict.fromkeys(_hosts.values()):
        condition |= Q(pk__in=host.graded_by(user).values("pk"))
    return QuizPage.objects.filter(condition)


class CourseHost:
    """A quiz under a course: only an enrolled counselor whose course has unlocked the quiz attempts it; the
    enrollment row is locked so two starts at once run one after the other; opening the quiz starts its course
    progress, and a quiz grade reaching the pass mark completes it as a course item (idempotent, credited once)."""

    def admit(self, user, quiz):
        enrollment, reason = courses.item_access(user, quiz)
        if reason or enrollment is None:
            raise AttemptError(reason or _("Enroll in the course first."), code="not_allowed")
        locked = Enrollment.objects.select_for_update().filter(
            pk=enrollment.pk, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED]
        ).first()
        if locked is None:
            raise AttemptError(_("You are not enrolled in this course."), code="not_allowed")
        return locked

    def started(self, attempt) -> None:
        courses.open_item(attempt.enrollment, attempt.quiz)

    def graded(self, attempt, grade) -> None:
        quiz = attempt.quiz
        if attempt.enrollment_id is None or grade is None or grade < quiz.pass_mark:
            return
        try:
            courses.mark_item_complete(attempt.enrollment, quiz)
        except courses.EnrollmentError:  # withdrawn since: the attempt stays graded, nothing is credited
            return

    def graded_by(self, user):
        """The quizzes of the courses the user teaches."""
        return QuizPage.objects.annotate(
            parent_path=Substr("path", 1, Length("path") - QuizPage.steplen)
        ).filter(parent_path__in=courses_taught_by(user).values("path"))
