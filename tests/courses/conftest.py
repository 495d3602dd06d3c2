"""Course fixtures: a catalogue under the home page and a builder for courses with lessons."""

from decimal import Decimal

import pytest

from courses.models import CourseIndexPage, CoursePage, CourseTrainer, LessonPage
from home.models import HomePage
from standards.models import Level, Topic


@pytest.fixture
def catalogue(db):
    home = HomePage.objects.first()
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    return home.add_child(instance=CourseIndexPage(title="课程中心", slug="courses", intro="进阶式培训课程"))


@pytest.fixture
def make_course(catalogue):
    """make_course(lessons=3, level="level-5", **fields) -> CoursePage with `lessons` published lessons."""
    counter = {"n": 0}

    def make(lessons=3, level="level-5", trainers=(), topics=("COUNSEL",), **fields):
        counter["n"] += 1
        n = counter["n"]
        course = catalogue.add_child(
            instance=CoursePage(
                title=fields.pop("title", f"职业咨询基础{n}"),
                slug=fields.pop("slug", f"course-{n}"),
                level=Level.objects.get(code=level),
                hours=fields.pop("hours", Decimal("8")),
                summary=fields.pop("summary", "课程简介"),
                objectives="能够开展初次咨询\n能够建立咨询关系",
                **fields,
            )
        )
        course.topics.set(Topic.objects.filter(code__in=topics))
        course.save()  # a ParentalManyToManyField is written on save
        for trainer in trainers:
            CourseTrainer.objects.create(course=course, user=trainer)
        for i in range(lessons):
            course.add_child(
                instance=LessonPage(
                    title=f"第{i + 1}讲",
                    slug=f"lesson-{i + 1}",
                    estimated_minutes=20,
                    body=[
                        ("heading", "咨询关系"),
                        ("paragraph", "<p>职业咨询的第一步是<strong>建立信任</strong>。</p>"),
                        ("callout", {"tone": "tip", "title": "提示", "text": "<p>先倾听，再提问。</p>"}),
                        ("reflection", {"prompt": "你如何开始一次咨询？"}),
                    ],
                )
            )
        return CoursePage.objects.get(pk=course.pk)

    return make
