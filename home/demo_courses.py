"""Demo courses: the catalogue under the home page, the courses and lessons of home/demo_content/courses.py, the
training plans in the data's order, the demo trainer on every course team, and demo counselors part way through
(some lessons done, one course completed with its credit and certificate, one request awaiting approval).

Idempotent: pages are found by slug, plans by level, enrollments by (person, course); progress goes through
courses.services, which records each item and each completion once.
"""

from decimal import Decimal

from django.db import transaction

from courses import services
from courses.models import (
    CourseIndexPage,
    CoursePage,
    CourseTrainer,
    Enrollment,
    LessonPage,
    TrainingPlan,
    TrainingPlanEntry,
)
from courses.teams import assign_publishing_workflow, sync_course_team
from home.demo_content.courses import COURSES
from home.models import HomePage
from people.models import User
from standards.models import Level, Topic

# Demo courses of these levels need an admin's approval, so the approval queue has something to show.
APPROVAL_LEVELS = {"level-2"}
# (counselor e-mail, course index in COURSES, lessons to mark done; "all" completes the course)
PROGRESS = [
    ("counselor@demo.example", 0, 1),
    ("counselor@demo.example", 2, "all"),
    ("counselor01@demo.example", 0, "all"),
    ("counselor02@demo.example", 0, 2),
    ("counselor03@demo.example", 1, 1),
    ("counselor04@demo.example", 1, 0),
    ("counselor05@demo.example", 2, 2),
    ("counselor06@demo.example", 3, 1),
    ("counselor07@demo.example", 0, 0),
]
PENDING = [("counselor08@demo.example", "level-2")]


def build_catalogue() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(instance=CourseIndexPage(
            title="课程中心", slug="courses",
            intro="按等级进阶的职业指导人员培训课程：从五级到二级，公需科目与专业科目。",
        ))
        index.save_revision().publish()
    assign_publishing_workflow(index)
    return index


def _lesson(data: dict) -> LessonPage:
    completion = data.get("completion", "mark_done")
    return LessonPage(
        title=data["title"], slug=f"lesson-{data['_n']}", estimated_minutes=data.get("minutes", 20),
        required=data.get("required", True), completion=completion,
        # The demo asks for one minute of study on minimum-time lessons, so a walk-through need not wait long.
        min_minutes=1 if completion == LessonPage.Completion.MIN_TIME else None,
        body=[(name, value) for name, value in data["body"]],
    )


def build_course(index, data: dict, trainer: User | None) -> CoursePage:
    course = CoursePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if course is None:
        course = CoursePage(
            title=data["title"], slug=data["slug"], level=Level.objects.get(code=data["level"]),
            audience=data.get("audience", "all"), hours=Decimal(str(data["hours"])), category=data["category"],
            summary=data["summary"], objectives="\n".join(data.get("objectives", [])),
            enrollment_policy=(CoursePage.EnrollmentPolicy.APPROVAL if data["level"] in APPROVAL_LEVELS
                               else CoursePage.EnrollmentPolicy.OPEN),
        )
        if trainer is not None:
            course.trainers = [CourseTrainer(user=trainer)]
        index.add_child(instance=course)
        course.topics.set(Topic.objects.filter(code__in=data.get("topics", [])))
        course.save_revision().publish()
    existing = set(LessonPage.objects.child_of(course).values_list("slug", flat=True))
    for number, lesson in enumerate(data.get("lessons", []), start=1):
        if f"lesson-{number}" not in existing:
            page = course.add_child(instance=_lesson({**lesson, "_n": number}))
            page.save_revision().publish()
    sync_course_team(course)
    return course


def build_plans(courses_by_level: dict[str, list[CoursePage]]) -> None:
    for code, courses in courses_by_level.items():
        plan, _created = TrainingPlan.objects.get_or_create(
            level=Level.objects.get(code=code),
            defaults={"intro": "按顺序学习以下课程，完成本等级的进阶式培训。"},
        )
        entries = TrainingPlanEntry.objects.filter(plan=plan)
        have = set(entries.values_list("course_id", flat=True))
        start = entries.count()
        for offset, course in enumerate(c for c in courses if c.pk not in have):
            TrainingPlanEntry.objects.create(plan=plan, course=course, sort_order=start + offset)


def build_progress(courses: list[CoursePage]) -> None:
    for email, position, lessons in PROGRESS:
        user = User.objects.filter(email=email).first()
        if user is None or position >= len(courses):
            continue
        course = courses[position]
        enrollment = services.live_enrollment(user, course)
        if enrollment is None:
            try:
                enrollment = services.enroll(user, course)
            except services.EnrollmentError:
                continue
        if enrollment.status == Enrollment.Status.PENDING:
            continue
        items = LessonPage.objects.child_of(course).live().order_by("path")
        chosen = [item for item in items if item.required] if lessons == "all" else list(items)[:lessons]
        for lesson in chosen:
            services.mark_item_complete(enrollment, lesson)
    for email, level in PENDING:
        user = User.objects.filter(email=email).first()
        course = next((c for c in courses if c.level.code == level), None)
        if user is not None and course is not None and services.live_enrollment(user, course) is None:
            try:
                services.enroll(user, course)
            except services.EnrollmentError:
                continue


@transaction.atomic
def load() -> None:
    index = build_catalogue()
    trainer = User.objects.filter(email="trainer@demo.example").first()
    courses, by_level = [], {}
    for data in COURSES:
        course = build_course(index, data, trainer)
        courses.append(course)
        by_level.setdefault(data["level"], []).append(course)
    build_plans(by_level)
    build_progress(courses)
