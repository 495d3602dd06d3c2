"""Reading progress for many enrollments at once (my learning, the dashboard, trainers' screens) in a fixed
number of queries: the live items of many courses, and the done items of many enrollments."""

from collections import defaultdict

from django.db.models.functions import Length, Substr

from .models import CourseItemProgress
from .services import item_models


def items_by_course(courses) -> dict[int, list[dict]]:
    """course id -> its live items in tree order (one query per item model, whatever the number of courses)."""
    by_path = {course.path: course.pk for course in courses}
    result: dict[int, list[dict]] = defaultdict(list)
    if not by_path:
        return result
    steplen = next(iter(courses)).steplen
    for model in item_models():
        rows = (
            model.objects.live()
            .annotate(parent_path=Substr("path", 1, Length("path") - steplen))
            .filter(parent_path__in=list(by_path))
            .values("id", "title", "path", "url_path", "required", "slug", "parent_path")
        )
        for row in rows:
            result[by_path[row["parent_path"]]].append({**row, "model": model})
    for items in result.values():
        items.sort(key=lambda item: item["path"])
    return result


def done_by_enrollment(enrollment_ids) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    rows = CourseItemProgress.objects.filter(
        enrollment_id__in=list(enrollment_ids), completed_at__isnull=False
    ).values_list("enrollment_id", "page_id")
    for enrollment_id, page_id in rows:
        result[enrollment_id].add(page_id)
    return result


def next_item(items, done: set[int]) -> dict | None:
    """The first item not done yet (required ones first), or None."""
    for wanted_required in (True, False):
        for item in items:
            if item["required"] == wanted_required and item["id"] not in done:
                return item
    return None


def continue_learning(user, limit: int = 3) -> list:
    """The learner's most recently active enrollments, each with `next_item` (a values() dict with a `url`)."""
    from .models import Enrollment

    rows = list(
        Enrollment.objects.filter(user=user, status=Enrollment.Status.ACTIVE).select_related("course")
        .order_by("-last_activity_at", "-created_at")[:limit]
    )
    items = items_by_course([row.course for row in rows])
    done = done_by_enrollment([row.pk for row in rows])
    for row in rows:
        row.next_item = next_item(items.get(row.course_id, []), done.get(row.pk, set()))
        if row.next_item is not None:
            row.next_item["url"] = f"{row.course.url}{row.next_item['slug']}/"
    return rows
