"""Site pages: the catalogue, a course, a lesson, my learning, and the enroll / withdraw / done actions.

Each page runs a fixed number of queries whatever the number of courses, lessons or enrollments; the authored,
user-independent parts (lesson bodies, course descriptions) are cached per published revision.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model

from standards.audiences import Audience
from standards.holdings import current_level
from standards.models import Level, Topic

from . import services
from .caching import CACHE_SECONDS, cached, learner_key
from .models import CourseIndexPage, CoursePage, CourseTrainer, Enrollment, LessonPage, TrainingPlan, TrainingPlanEntry
from .progress import done_by_enrollment, items_by_course, next_item
from .teams import courses_taught_by

CATALOGUE_PAGE_SIZE = 12
COVER_FILTER = "fill-320x180"
MY_LEARNING_PAGE_SIZE = 20
BLOCK_CACHE_SECONDS = 24 * 3600


def _page_number(request) -> str:
    return request.GET.get("page") or "1"


def next_level_for(user):
    """The level a counselor trains for next: the rung above the one they hold, or the entry level."""
    held = current_level(user)
    if held is not None:
        return held.next_level()
    return Level.objects.ladder().first()


def catalogue(request, index_page):
    """Published courses filtered by level, topic and audience, with my status on each and the training plans
    (the plan for my next level first)."""
    levels = list(Level.objects.ladder())
    topics = list(Topic.objects.active())
    chosen = {key: request.GET.get(key, "") for key in ("level", "topic", "audience")}
    courses = (
        CoursePage.objects.child_of(index_page).live().select_related("level")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("sort_order")),
            Prefetch("cover_image", queryset=get_image_model().objects.prefetch_renditions(COVER_FILTER)),
        )
        .order_by("level__rank", "path")
    )
    if chosen["level"] in {level.code for level in levels}:
        courses = courses.filter(level__code=chosen["level"])
    if chosen["topic"] in {topic.code for topic in topics}:
        courses = courses.filter(topics__code=chosen["topic"]).distinct()
    if chosen["audience"] in Audience.values:
        courses = courses.filter(audience__in=[chosen["audience"], Audience.ALL])
    page = Paginator(courses, CATALOGUE_PAGE_SIZE).get_page(_page_number(request))
    statuses = {}
    next_level = None
    if request.user.is_authenticated:
        statuses = dict(
            Enrollment.objects.live().filter(user=request.user).values_list("course_id", "status")
        )
        next_level = next_level_for(request.user)
    plans = list(
        TrainingPlan.objects.select_related("level").prefetch_related(
            Prefetch("entries", queryset=TrainingPlanEntry.objects.filter(course__live=True)
                     .select_related("course").order_by("sort_order"))
        )
    )
    page.object_list = list(page.object_list)
    for course in page.object_list:
        course.my_status = statuses.get(course.pk)
    for plan in plans:
        for entry in plan.entries.all():
            entry.my_status = statuses.get(entry.course_id)
    if next_level is not None:
        plans.sort(key=lambda plan: (plan.level_id != next_level.pk, plan.level.rank))
    return TemplateResponse(request, "courses/course_index_page.html", {
        "page": index_page, "self": index_page, "courses": page, "levels": levels, "topics": topics,
        "audiences": Audience.choices, "chosen": chosen, "statuses": statuses, "plans": plans,
        "next_level": next_level, "Status": Enrollment.Status,
    })


def course_items(request, course) -> list[dict]:
    """The course's live items, cached per page version (fresh from the database in previews)."""
    if getattr(request, "is_preview", False):
        return services.course_items(course)
    return [dict(item) for item in cached(f"items:{course.pk}", lambda: services.course_items(course) or None) or []]


def learner_state(request, course):
    """(enrollment, done page ids, progress rows by page id) for the signed-in learner; nothing in previews."""
    if getattr(request, "is_preview", False):
        return None, set(), {}
    if not request.user.is_authenticated:
        return None, set(), {}
    key = learner_key(request.user.pk, course.pk)
    state = cache.get(key)
    if state is None:
        state = services.learner_state(request.user, course)
        cache.set(key, state, CACHE_SECONDS)
    enrollment, progress = state
    if enrollment is None or enrollment.status == Enrollment.Status.PENDING:
        return enrollment, set(), {}
    return enrollment, {pk for pk, row in progress.items() if row.completed_at}, progress


def course_page(request, course):
    """A course: what it is, my enrollment and progress, and its lessons and quizzes with their state."""
    items = with_urls(course.get_url(request), course_items(request, course))
    enrollment, done, _progress = learner_state(request, course)
    locked = set()
    if enrollment is not None and enrollment.status == Enrollment.Status.ACTIVE and course.sequential:
        locked = {item["id"] for item in items if services.locked_reason(course, items, done, item["id"])}
    for item in items:
        item["done"] = item["id"] in done
        item["locked"] = item["id"] in locked
        item["kind"] = item["model"]._meta.verbose_name
    upcoming = next_item(items, done) if enrollment is not None else None
    teaches = request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin") and (
        courses_taught_by(request.user).filter(pk=course.pk).exists()
    )
    return TemplateResponse(request, "courses/course_page.html", {
        "page": course, "self": course, "items": items, "enrollment": enrollment, "upcoming": upcoming,
        "percent": enrollment.progress if enrollment is not None else 0,
        "Status": Enrollment.Status, "teaches": teaches,
        "language": get_language(),
        "cache_key": revision_key(course),
        "trainers": CourseTrainer.objects.filter(course=course).select_related("user__organization"),
        "prerequisites": course.prerequisites.live(),
    })


def revision_key(page) -> str:
    """Changes whenever the page is published again."""
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    return f"{page.pk}:{page.live_revision_id}:{published}"


def rendered_body(lesson, request) -> str:
    """The lesson body as HTML, cached per published revision and language (previews are never cached)."""
    if getattr(request, "is_preview", False):
        return lesson.body.render_as_block()
    # The cached HTML was rendered by our own block templates, which escape what they insert.
    key = f"courses:lesson:{revision_key(lesson)}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = str(lesson.body.render_as_block())
        cache.set(key, html, BLOCK_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308


def lesson_page(request, lesson):
    """A lesson: its content for enrolled learners (whose first opening starts the clock), its completion rule and
    the way on; everyone else sees why it is closed."""
    course = lesson.get_course()
    items = course_items(request, course)
    preview = getattr(request, "is_preview", False)
    reason, progress = None, None
    enrollment, done, rows = learner_state(request, course)
    if not preview:
        enrollment, reason = services.item_access(
            request.user, lesson, course=course, items=items, done=done, enrollment=enrollment
        )
        if reason is None and enrollment is not None and enrollment.status == Enrollment.Status.ACTIVE:
            progress = rows.get(lesson.pk) or services.open_item(enrollment, lesson)
    ids = [item["id"] for item in items]
    position = ids.index(lesson.pk) if lesson.pk in ids else -1
    previous_item = items[position - 1] if position > 0 else None
    following = items[position + 1] if 0 <= position < len(items) - 1 else None
    course_url = course.get_url(request)
    with_urls(course_url, [item for item in (previous_item, following) if item])
    seconds_left = 0
    if progress is not None and lesson.completion == LessonPage.Completion.MIN_TIME:
        elapsed = (timezone.now() - progress.opened_at).total_seconds()
        seconds_left = max(0, int((lesson.min_minutes or 0) * 60 - elapsed))
    quiz = None
    if lesson.completion == LessonPage.Completion.QUIZ:
        quiz = next((item for item in items if item["model"] is not LessonPage and (
            lesson.completion_quiz_id in (None, item["id"]))), None)
        with_urls(course_url, [quiz] if quiz else [])
    return TemplateResponse(request, "courses/lesson_page.html", {
        "page": lesson, "self": lesson, "course": course, "enrollment": enrollment, "reason": reason,
        "body_html": rendered_body(lesson, request) if (reason is None or preview) else "",
        "is_done": lesson.pk in done, "previous_item": previous_item, "next_item": following,
        "position": position + 1, "total": len(items), "seconds_left": seconds_left,
        "minutes_left": -(-seconds_left // 60), "quiz": quiz, "Completion": LessonPage.Completion,
        "Status": Enrollment.Status, "preview": preview,
    })


@login_required
def my_learning(request):
    """My enrollments, active first, each with its progress and what to do next; pending requests; completed."""
    enrollments = Enrollment.objects.live().filter(user=request.user).select_related("course").order_by(
        "status", "-last_activity_at", "-created_at"
    )
    counts = {status: 0 for status in Enrollment.LIVE_STATUSES}
    for status in enrollments.values_list("status", flat=True):
        counts[status] += 1
    page = Paginator(enrollments, MY_LEARNING_PAGE_SIZE).get_page(_page_number(request))
    rows = list(page.object_list)
    active = [row for row in rows if row.status == Enrollment.Status.ACTIVE]
    items = items_by_course([row.course for row in active])
    done = done_by_enrollment([row.pk for row in active])
    for row in rows:  # row.progress is the stored figure, the one every screen shows (see courses.services)
        upcoming = next_item(items.get(row.course_id, []), done.get(row.pk, set())) if row in active else None
        row.next_item = with_urls(row.course.get_url(request), [upcoming])[0] if upcoming else None
    return TemplateResponse(request, "courses/my_learning.html", {
        "page_obj": page, "rows": rows, "counts": counts, "Status": Enrollment.Status,
        "catalogue_url": _catalogue_url(request),
    })


def _catalogue_url(request) -> str | None:
    index = CourseIndexPage.objects.live().first()
    return index.get_url(request) if index else None


@login_required
@require_POST
def enroll(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrollment = services.enroll(request.user, course)
    except services.EnrollmentError as error:
        messages.error(request, error.message)
    else:
        if enrollment.status == Enrollment.Status.PENDING:
            messages.success(request, _("Your request has been sent to your organization for approval."))
        else:
            messages.success(request, _("You are enrolled. Start with the first lesson."))
    return redirect(course.get_url(request))


@login_required
@require_POST
def withdraw(request, enrollment_id):
    try:
        enrollment = services.withdraw(request.user, enrollment_id)
    except services.EnrollmentError as error:
        messages.error(request, error.message)
        return redirect("courses:my_learning")
    messages.success(request, _("You have left “%(course)s”.") % {"course": enrollment.course_title})
    return redirect("courses:my_learning")


@login_required
@require_POST
def lesson_done(request, lesson_id):
    """Mark a lesson done by its completion rule (the service refuses too early a minimum-time lesson), say which
    lesson was marked, and go on to the next unfinished item after it."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        completed = services.complete_lesson(request.user, lesson)
    except services.EnrollmentError as error:
        messages.error(request, error.message)
        return redirect(lesson.get_url(request))
    if completed:
        messages.success(request, _("Congratulations: you have completed the course. Your credit and certificate "
                                    "have been recorded."))
        return redirect("courses:my_learning")
    course = lesson.get_course()
    enrollment = services.current_enrollment(request.user, course)
    items = services.course_items(course)
    upcoming = next_item_after(items, services.done_item_ids(enrollment), lesson.pk) if enrollment else None
    if upcoming is None:
        messages.success(request, _("“%(lesson)s” is marked as done.") % {"lesson": lesson.title})
        return redirect(course.get_url(request))
    messages.success(request, _("“%(lesson)s” is marked as done. Next: “%(next)s”.") % {
        "lesson": lesson.title, "next": upcoming["title"]})
    return redirect(with_urls(course.get_url(request), [upcoming])[0]["url"])


def next_item_after(items, done: set[int], marked_id: int) -> dict | None:
    """The item to go to after marking `marked_id` done: the first unfinished item after it in course order, wrapping
    round to earlier items a learner skipped (required items before optional ones, as `next_item`)."""
    ids = [item["id"] for item in items]
    position = ids.index(marked_id) + 1 if marked_id in ids else 0
    return next_item(items[position:] + items[:position], done)


def with_urls(course_url: str, items) -> list[dict]:
    """Give each item of a course (a values() dict) its URL: a child's URL is its course's URL plus its slug."""
    for item in items:
        item["url"] = f"{course_url}{item['slug']}/"
    return items


def catalogue_redirect(request):
    """/learning/catalogue/ leads to the course catalogue page, wherever editors placed it."""
    page = CourseIndexPage.objects.live().first()
    if page is None:
        raise Http404
    return redirect(page.url)
