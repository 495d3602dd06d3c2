"""Enrolling, approving, assigning and completing: every rule about enrollments that spans rows.

The interface for quizzes (and views, admin screens, the demo loader):

    current_enrollment(user, course) -> Enrollment | None        # active or completed
    item_access(user, page) -> (Enrollment | None, reason | None)  # may the user work on this lesson or quiz now?
    open_item(enrollment, page)                                     # first opening starts the server-side clock
    mark_item_complete(enrollment, page) -> bool                    # True when this call completed the course;
                                                                    # a quiz also completes the lessons whose rule
                                                                    # is passing it (or, unset, any quiz)
    recompute_progress(course_id) -> int                            # after the course's items changed
    complete_lesson(user, lesson)                                   # the learner's "done" for a lesson, by its rule
    enroll(user, course) -> Enrollment
    decide_enrollment(enrollment_id, actor=..., approve=..., reason="") -> Enrollment
    assign_course(course, actor=..., users=(), organization=None) -> {"created": n, "activated": m, "existing": k}

One source of progress: `Enrollment.progress` is the percentage every screen shows (dashboard, course page, my
learning, admin listings and exports). It is written by `mark_item_complete` on every step and, when a course's items
change (an item published, unpublished, deleted, or made optional or required), by `recompute_progress` from a Celery
task over the course's active enrollments in batches; an enrollment whose required items are then all done completes.

The database holds one live enrollment per (user, course) (a conditional unique constraint) and one progress row
per (enrollment, item). Completion locks the enrollment row, flips it from active to completed with a conditional
update, and writes the ledger credit and the completion certificate in the same transaction, both idempotent by
source_ref, so concurrent calls and retries complete and credit exactly once. Errors are `EnrollmentError` with a
code ("sign_in", "not_open", "window", "audience", "prerequisites", "assigned_only", "already", "not_found",
"not_pending", "outside_scope", "not_allowed", "not_enrolled", "rule", "too_early"); audit actions
"courses.enrollment.*" go to Wagtail's log.
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from cpd.models import Certificate, CreditEntry
from cpd.services import issue_certificate, record_credit
from people.access import is_active_member, require_active
from people.models import Organization, Role, User
from standards.audiences import Audience, audiences_for

from .caching import forget_learners
from .models import CourseItemMixin, CourseItemProgress, CoursePage, Enrollment, LessonPage

S = Enrollment.Status


class EnrollmentError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# --- the items of a course ---------------------------------------------------------------------------------------


def item_models() -> list[type]:
    """The page models that count toward completion (LessonPage, quizzes.QuizPage, ...)."""
    return [model for model in apps.get_models() if issubclass(model, CourseItemMixin) and issubclass(model, Page)]


def course_items(course) -> list[dict]:
    """The live items of a course in tree order: dicts with id, title, url_path, required, model (one query per
    item model, whatever the number of items)."""
    items = []
    for model in item_models():
        rows = model.objects.child_of(course).live().values("id", "title", "path", "url_path", "required", "slug")
        items.extend({**row, "model": model} for row in rows)
    items.sort(key=lambda item: item["path"])
    return items


def done_item_ids(enrollment) -> set[int]:
    return set(
        CourseItemProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False).values_list(
            "page_id", flat=True
        )
    )


def progress_percent(items, done: set[int]) -> int:
    required = [item["id"] for item in items if item["required"]]
    if not required:
        return 0
    return round(100 * sum(1 for pk in required if pk in done) / len(required))


def locked_reason(course, items, done: set[int], page_id: int) -> str | None:
    """Under sequential unlocking, an item opens when every required item before it is done."""
    if not course.sequential:
        return None
    for item in items:
        if item["id"] == page_id:
            return None
        if item["required"] and item["id"] not in done:
            return _("Finish “%(title)s” first: this course opens its items in order.") % {"title": item["title"]}
    return None


# --- reading ------------------------------------------------------------------------------------------------------


def current_enrollment(user, course) -> Enrollment | None:
    """The user's active or completed enrollment in the course, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrollment.objects.current().filter(user=user, course_id=course.pk).first()


def live_enrollment(user, course) -> Enrollment | None:
    """Pending, active or completed."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrollment.objects.live().filter(user=user, course_id=course.pk).first()


_UNSET = object()


def learner_state(user, course) -> tuple[Enrollment | None, dict[int, CourseItemProgress]]:
    """The user's live enrollment in the course and its progress rows by page id (usually one query)."""
    if not getattr(user, "is_authenticated", False):
        return None, {}
    rows = list(
        CourseItemProgress.objects.filter(
            enrollment__user=user, enrollment__course_id=course.pk, enrollment__status__in=Enrollment.LIVE_STATUSES
        ).select_related("enrollment")
    )
    if rows:
        return rows[0].enrollment, {row.page_id: row for row in rows}
    return live_enrollment(user, course), {}


def item_access(
    user, page, *, course=None, items=None, done=None, enrollment=_UNSET
) -> tuple[Enrollment | None, str | None]:
    """(enrollment, None) when `user` may work on the course item `page` now, else (enrollment or None, reason).

    `course`, `items`, `done` and the live `enrollment` may be passed by a caller that already holds them."""
    if not getattr(user, "is_authenticated", False):
        return None, _("Sign in to take this course.")
    if not is_active_member(user):
        return None, _("Your account must be approved before you can take courses.")
    course = course or page.get_course()
    if not course.live:
        return None, _("This course is closed.")
    if enrollment is _UNSET:
        enrollment = live_enrollment(user, course)
    if enrollment is None:
        return None, _("Enroll in the course to open its lessons and quizzes.")
    if enrollment.status == S.PENDING:
        return enrollment, _("Your enrollment is waiting for approval by your organization.")
    if enrollment.status == S.COMPLETED:
        return enrollment, None
    items = course_items(course) if items is None else items
    done = done_item_ids(enrollment) if done is None else done
    return enrollment, locked_reason(course, items, done, page.pk)


# --- progress -----------------------------------------------------------------------------------------------------


def open_item(enrollment, page) -> CourseItemProgress:
    """Record the first opening of an item (the start of the server-measured time); later openings change nothing."""
    progress = CourseItemProgress.objects.filter(enrollment=enrollment, page_id=page.pk).first()
    if progress is not None:
        return progress
    try:
        with transaction.atomic():
            progress = CourseItemProgress.objects.create(enrollment=enrollment, page_id=page.pk)
    except IntegrityError:  # opened at the same moment in another tab
        progress = CourseItemProgress.objects.get(enrollment=enrollment, page_id=page.pk)
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())
    forget_learners(enrollment.course_id, [enrollment.user_id])
    return progress


def _record_done(enrollment_id: int, page_ids, now) -> None:
    for page_id in page_ids:
        progress, created = CourseItemProgress.objects.get_or_create(
            enrollment_id=enrollment_id, page_id=page_id, defaults={"opened_at": now, "completed_at": now}
        )
        if not created and progress.completed_at is None:
            CourseItemProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(completed_at=now)


def mark_item_complete(enrollment, page) -> bool:
    """Record `page` as done for `enrollment` (idempotent), with the lessons completed by passing it when it is a
    quiz; complete the course when every required item is done. True only for the call that completed it.

    An enrollment that is no longer active or completed (withdrawn, rejected, pending) records nothing and returns
    False, so a quiz graded after its taker left the course does not fail; nor does an enrollment whose learner's
    account is not approved (see `people.access`)."""
    if not is_active_member(enrollment.user):
        return False
    now = timezone.now()
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
        if locked is None or locked.status not in (S.ACTIVE, S.COMPLETED):
            return False
        course = CoursePage.objects.get(pk=locked.course_id)
        quiz_lessons = []
        if page.specific_class is not LessonPage:  # a quiz: the lessons completed by passing it (or any quiz)
            quiz_lessons = LessonPage.objects.child_of(course).filter(
                Q(completion_quiz_id=page.pk) | Q(completion_quiz__isnull=True), completion=LessonPage.Completion.QUIZ
            ).values_list("pk", flat=True)
        _record_done(locked.pk, [page.pk, *quiz_lessons], now)
        forget_learners(locked.course_id, [locked.user_id])
        items = course_items(course)
        percent = progress_percent(items, done_item_ids(locked))
        if locked.status == S.COMPLETED:
            return False
        required = [item for item in items if item["required"]]
        if not required or percent < 100:
            Enrollment.objects.filter(pk=locked.pk).update(progress=percent, last_activity_at=now)
            enrollment.progress = percent
            return False
        if not _complete(locked, course, now):
            return False
    enrollment.status, enrollment.completed_at, enrollment.progress = S.COMPLETED, now, 100
    return True


def _complete(locked, course, now, last_activity_at=None) -> bool:
    """Flip a locked active enrollment to completed (conditional update), credit it and log it; False if it was not
    active any more."""
    completed = Enrollment.objects.filter(pk=locked.pk, status=S.ACTIVE).update(
        status=S.COMPLETED, completed_at=now, progress=100, last_activity_at=last_activity_at or now
    )
    if not completed:
        return False
    locked.status, locked.completed_at, locked.progress = S.COMPLETED, now, 100
    _credit_completion(locked, course)
    log(locked, "courses.enrollment.completed", user=None, data={"course": course.pk})
    return True


RECOMPUTE_BATCH = 1000


def recompute_progress(course_id: int) -> int:
    """Recompute the stored progress of the course's active enrollments from its live items (batches of
    RECOMPUTE_BATCH, one short transaction each); complete those whose required items are now all done. Returns how
    many enrollments changed. Idempotent: a second run finds nothing to change."""
    from django.db.models import Count

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    required = [item["id"] for item in course_items(course) if item["required"]]
    changed, last_pk = 0, 0
    while True:
        batch = list(
            Enrollment.objects.filter(course_id=course_id, status=S.ACTIVE, pk__gt=last_pk).order_by("pk")
            .values_list("pk", "progress", "user_id")[:RECOMPUTE_BATCH]
        )
        if not batch:
            return changed
        last_pk = batch[-1][0]
        done = dict(
            CourseItemProgress.objects.filter(
                enrollment_id__in=[pk for pk, _p, _u in batch], page_id__in=required, completed_at__isnull=False
            ).values("enrollment_id").annotate(n=Count("pk")).values_list("enrollment_id", "n")
        )
        by_percent: dict[int, list[int]] = {}
        finished = []
        for pk, stored, _user in batch:
            percent = round(100 * done.get(pk, 0) / len(required)) if required else 0
            if required and percent == 100:
                finished.append(pk)
            elif percent != stored:
                by_percent.setdefault(percent, []).append(pk)
        with transaction.atomic():
            for percent, pks in by_percent.items():
                changed += Enrollment.objects.filter(pk__in=pks, status=S.ACTIVE).update(progress=percent)
            now = timezone.now()
            for locked in Enrollment.objects.select_for_update().filter(pk__in=finished, status=S.ACTIVE):
                changed += _complete(locked, course, now, last_activity_at=locked.last_activity_at or now)
        forget_learners(course_id, [user for _pk, _p, user in batch])


def _credit_completion(enrollment, course) -> None:
    """The ledger entry and the certificate for a completed enrollment (both idempotent by source_ref)."""
    topic = course.topics.order_by("sort_order", "code").first()
    record_credit(
        enrollment.user,
        hours=enrollment.hours,
        category=course.category,
        kind=CreditEntry.Kind.COURSE,
        source_ref=enrollment.source_ref,
        title=enrollment.course_title,
        occurred_on=enrollment.completed_on,
        topic=topic,
        level=course.level,
    )
    issue_certificate(
        enrollment.user,
        kind=Certificate.Kind.COURSE_COMPLETION,
        title=enrollment.course_title,
        issuer=course.issuer,
        issued_on=enrollment.completed_on,
        source_ref=enrollment.source_ref,
    )


def complete_lesson(user, lesson: LessonPage) -> bool:
    """The learner's "done" on a lesson, by the lesson's completion rule; True when it completed the course."""
    require_active(user)
    course = lesson.get_course()
    enrollment, reason = item_access(user, lesson, course=course)
    if reason or enrollment is None:
        raise EnrollmentError(reason or _("Enroll in the course first."), code="not_enrolled")
    if lesson.completion == LessonPage.Completion.QUIZ:
        raise EnrollmentError(_("This lesson is done when you pass its quiz."), code="rule")
    if lesson.completion == LessonPage.Completion.MIN_TIME:
        progress = open_item(enrollment, lesson)
        needed = timezone.timedelta(minutes=lesson.min_minutes or 0)
        spent = timezone.now() - progress.opened_at
        if spent < needed:
            remaining = max(1, -(-int((needed - spent).total_seconds()) // 60))
            raise EnrollmentError(
                _("Stay with this lesson a little longer: %(minutes)s more minute(s) are needed.")
                % {"minutes": remaining},
                code="too_early",
            )
    return mark_item_complete(enrollment, lesson)


# --- enrolling ----------------------------------------------------------------------------------------------------


def _snapshot(course) -> dict:
    return {"course_title": course.title[:255], "hours": course.hours}


def _check_prerequisites(user, course) -> None:
    prerequisite_ids = set(course.prerequisites.values_list("pk", flat=True))
    if not prerequisite_ids:
        return
    completed = set(
        Enrollment.objects.filter(user=user, course_id__in=prerequisite_ids, status=S.COMPLETED).values_list(
            "course_id", flat=True
        )
    )
    missing = CoursePage.objects.filter(pk__in=prerequisite_ids - completed).values_list("title", flat=True)
    if missing:
        raise EnrollmentError(
            _("Complete these courses first: %(courses)s.") % {"courses": "、".join(missing)}, code="prerequisites"
        )


def enroll(user, course) -> Enrollment:
    """Enroll a counselor: open courses start at once, by-approval courses wait for their organization admin."""
    if not getattr(user, "is_authenticated", False):
        raise EnrollmentError(_("Sign in to enroll."), code="sign_in")
    require_active(user)
    course = CoursePage.objects.filter(pk=course.pk).live().first()
    if course is None:
        raise EnrollmentError(_("This course is not open for enrollment."), code="not_open")
    policy = CoursePage.EnrollmentPolicy
    if course.enrollment_policy == policy.ASSIGNED:
        raise EnrollmentError(_("This course is assigned by administrators; you cannot enroll yourself."),
                              code="assigned_only")
    if not course.enrollment_is_open():
        raise EnrollmentError(_("Enrollment for this course is not open at this time."), code="window")
    if course.audience != Audience.ALL and course.audience not in audiences_for(user):
        raise EnrollmentError(_("This course is meant for another group of counselors."), code="audience")
    if live_enrollment(user, course) is not None:
        raise EnrollmentError(_("You are already enrolled in this course."), code="already")
    _check_prerequisites(user, course)
    pending = course.enrollment_policy == policy.APPROVAL
    enrollment = Enrollment(
        user=user, course=course, status=S.PENDING if pending else S.ACTIVE,
        source=Enrollment.Source.APPROVAL if pending else Enrollment.Source.SELF, **_snapshot(course),
    )
    try:
        with transaction.atomic():
            enrollment.save()
            log(enrollment, "courses.enrollment.requested" if pending else "courses.enrollment.created", user=user)
            forget_learners(course.pk, [user.pk])
    except IntegrityError as error:  # a double submit: the constraint decided
        raise EnrollmentError(_("You are already enrolled in this course."), code="already") from error
    return enrollment


def withdraw(user, enrollment_id: int) -> Enrollment:
    """A counselor withdraws their own pending or active enrollment (completed ones stay)."""
    with transaction.atomic():
        changed = Enrollment.objects.filter(
            pk=enrollment_id, user=user, status__in=[S.PENDING, S.ACTIVE]
        ).update(status=S.WITHDRAWN, decided_at=timezone.now())
        if not changed:
            raise EnrollmentError(_("This enrollment cannot be withdrawn."), code="not_found")
        enrollment = Enrollment.objects.get(pk=enrollment_id)
        log(enrollment, "courses.enrollment.withdrawn", user=user)
        forget_learners(enrollment.course_id, [user.pk])
    return enrollment


def may_decide(actor) -> bool:
    return actor.is_authenticated and (actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN))


def decide_enrollment(enrollment_id: int, *, actor, approve: bool, reason: str = "") -> Enrollment:
    """Approve or reject a pending request; only admins whose scope holds the counselor, never their own; the
    first decision wins."""
    reason = (reason or "").strip()[:300]
    if not may_decide(actor):
        raise EnrollmentError(_("Only organization admins decide enrollment requests."), code="not_allowed")
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .filter(pk=enrollment_id, user__in=User.objects.visible_to(actor).values("pk"))
            .first()
        )
        if enrollment is None:
            raise EnrollmentError(_("This request does not exist or is outside your organization."),
                                  code="not_found")
        if enrollment.user_id == actor.pk:
            raise EnrollmentError(_("You cannot decide your own request."), code="not_allowed")
        status = S.ACTIVE if approve else S.REJECTED
        now = timezone.now()
        changed = Enrollment.objects.filter(pk=enrollment.pk, status=S.PENDING).update(
            status=status, decided_at=now, decided_by=actor, decision_reason=reason
        )
        if not changed:
            raise EnrollmentError(_("This request has already been decided."), code="not_pending")
        enrollment.status, enrollment.decided_at, enrollment.decided_by = status, now, actor
        action = "courses.enrollment.approved" if approve else "courses.enrollment.rejected"
        log(enrollment, action, user=actor, data={"reason": reason})
        forget_learners(enrollment.course_id, [enrollment.user_id])
    return enrollment


def assign_course(course, *, actor, users=(), organization: Organization | None = None) -> dict:
    """Assign a course to people and/or to the counselors of an organization subtree, within the actor's scope.

    Idempotent: people already enrolled keep their enrollment; pending requests become active."""
    if not may_decide(actor):
        raise EnrollmentError(_("Only organization and province admins assign courses."), code="not_allowed")
    course = CoursePage.objects.filter(pk=course.pk).live().first()
    if course is None:
        raise EnrollmentError(_("This course is not published."), code="not_open")
    scope = User.objects.visible_to(actor).filter(is_active=True)
    wanted = Q(pk__in=[user.pk for user in users])
    if organization is not None:
        if not Organization.objects.visible_to(actor).filter(pk=organization.pk).exists():
            raise EnrollmentError(_("This organization is outside your scope."), code="outside_scope")
        wanted |= Q(organization__path__startswith=organization.path, groups__name=Role.COUNSELOR.value)
    targets = list(scope.filter(wanted).distinct().values_list("pk", flat=True))
    if users and len({user.pk for user in users} - set(targets)) > 0:
        raise EnrollmentError(_("Some of these people are outside your scope."), code="outside_scope")
    now = timezone.now()
    with transaction.atomic():
        live = dict(
            Enrollment.objects.live().filter(course=course, user_id__in=targets).values_list("user_id", "status")
        )
        pending = [pk for pk, status in live.items() if status == S.PENDING]
        activated = Enrollment.objects.filter(course=course, user_id__in=pending, status=S.PENDING).update(
            status=S.ACTIVE, decided_at=now, decided_by=actor
        )
        new = [
            Enrollment(user_id=pk, course=course, status=S.ACTIVE, source=Enrollment.Source.ASSIGNED,
                       assigned_by=actor, created_at=now, **_snapshot(course))
            for pk in targets
            if pk not in live
        ]
        Enrollment.objects.bulk_create(new, ignore_conflicts=True)
        forget_learners(course.pk, targets)
        created = Enrollment.objects.filter(course=course, source=Enrollment.Source.ASSIGNED, created_at=now,
                                            assigned_by=actor).count()
        result = {"created": created, "activated": activated, "existing": len(targets) - created - activated}
        log(course, "courses.course.assigned", user=actor,
            data={**result, "organization": organization.pk if organization else None})
    return result
