"""The level-application panel adapter: which experts the panel machinery matches by specialty."""

import datetime
from decimal import Decimal

from certification import services
from certification.subjects import LevelApplicationAdapter
from courses.models import CourseIndexPage, CoursePage, TrainingPlan, TrainingPlanEntry
from home.models import HomePage
from standards.models import Topic

from .helpers import credit, level


def _plan_course(code, slug, topics):
    catalogue = CourseIndexPage.objects.first() or HomePage.objects.first().add_child(
        instance=CourseIndexPage(title="课程中心", slug="courses")
    )
    course = catalogue.add_child(instance=CoursePage(
        title=f"课程{slug}", slug=slug, level=level(code), hours=Decimal("8"), summary="课程简介",
    ))
    course.topics.set(Topic.objects.filter(code__in=topics))
    course.save()
    plan, _created = TrainingPlan.objects.get_or_create(level=level(code))
    TrainingPlanEntry.objects.create(plan=plan, course=CoursePage.objects.get(pk=course.pk))


def test_topics_are_those_of_the_levels_training_plan_courses(people):
    user = people["jinan_counselor"]
    credit(user, 150, datetime.date.today() - datetime.timedelta(days=10))
    application = services.submit_application(user, profile_confirmed=True)
    adapter = LevelApplicationAdapter()
    assert list(adapter.topics(application)) == []  # no plan: experts are taken by load alone

    _plan_course("level-5", "ethics", ["ETHICS", "POLICY"])
    _plan_course("level-5", "skills", ["POLICY", "JOBSKILL"])
    _plan_course("level-4", "interview", ["PSYCH"])  # another level's plan does not count
    assert sorted(topic.code for topic in adapter.topics(application)) == ["ETHICS", "JOBSKILL", "POLICY"]
