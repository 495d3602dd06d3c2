"""Admin screens and authoring rights: the scoped enrollment listing and export, the approval queue, assignment,
the trainers' progress view, course teams (edit own courses, never publish) and the publishing workflow."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses import services
from courses.models import CoursePage, Enrollment, LessonPage
from courses.teams import LEAD_TRAINER_GROUP, courses_taught_by, sync_course_team
from people.models import Role
from quizzes.models import QuizPage
from tests.factories import UserFactory
from tests.helpers import body, refused

pytestmark = pytest.mark.django_db


def test_enrollment_listing_and_export_are_scoped(jinan_client, people, make_course):
    course = make_course()
    services.enroll(people["jinan_counselor"], course)
    services.enroll(people["qingdao_counselor"], course)
    listing = body(jinan_client.get(reverse("enrollments:index")))
    assert "济南学员" in listing and "青岛学员" not in listing
    export = body(jinan_client.get(reverse("enrollments:index") + "?export=csv"))
    assert "济南学员" in export and "青岛学员" not in export
    qingdao = Enrollment.objects.get(user=people["qingdao_counselor"])
    assert refused(jinan_client.get(reverse("enrollments:inspect", args=[qingdao.pk])))


def test_counselors_have_no_admin_screens(client, people):
    client.force_login(people["jinan_counselor"])
    for name in ("courses_admin:approval_queue", "courses_admin:assign", "courses_admin:my_courses"):
        response = client.get(reverse(name))
        assert refused(response) or "/accounts/login/" in response.get("Location", "")
    client.force_login(people["trainer"])  # a trainer reaches the admin but decides and assigns nothing
    for name in ("courses_admin:approval_queue", "courses_admin:assign"):
        assert refused(client.get(reverse(name)))


def test_approval_queue_decides_in_scope(jinan_client, people, make_course):
    course = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.APPROVAL)
    mine = services.enroll(people["jinan_counselor"], course)
    other = services.enroll(people["qingdao_counselor"], course)
    queue = body(jinan_client.get(reverse("courses_admin:approval_queue")))
    assert "济南学员" in queue and "青岛学员" not in queue
    jinan_client.post(reverse("courses_admin:decide", args=[mine.pk]), {"decision": "approve"})
    jinan_client.post(reverse("courses_admin:decide", args=[other.pk]), {"decision": "approve"})
    response = jinan_client.post(reverse("courses_admin:decide", args=[mine.pk]), {"decision": "nonsense"})
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=mine.pk).status == Enrollment.Status.ACTIVE
    assert Enrollment.objects.get(pk=other.pk).status == Enrollment.Status.PENDING


def test_assignment_form(jinan_client, people, tree, make_course):
    course = make_course(enrollment_policy=CoursePage.EnrollmentPolicy.ASSIGNED)
    response = jinan_client.post(reverse("courses_admin:assign"), {"course": course.pk})
    assert response.status_code == 200 and not Enrollment.objects.exists()  # neither people nor organization
    response = jinan_client.post(reverse("courses_admin:assign"),
                                 {"course": course.pk, "organization": tree["qingdao"].pk})
    assert response.status_code == 200 and not Enrollment.objects.exists()  # outside the scope: not a choice
    jinan_client.post(reverse("courses_admin:assign"), {"course": course.pk, "organization": tree["jinan"].pk})
    jinan_client.post(reverse("courses_admin:assign"), {"course": course.pk, "users": [people["jinan_counselor"].pk]})
    assert list(Enrollment.objects.values_list("user", "source")) == [(people["jinan_counselor"].pk, "assigned")]


def test_trainers_see_their_own_courses_only(client, people, make_course):
    trainer = people["trainer"]
    mine, other = make_course(trainers=[trainer]), make_course()
    services.enroll(people["jinan_counselor"], mine)
    assert list(courses_taught_by(trainer)) == [mine]
    client.force_login(trainer)
    page = body(client.get(reverse("courses_admin:course_enrollments", args=[mine.pk])))
    assert "济南学员" in page and ("Not started" in page or "尚未开始" in page)
    assert refused(client.get(reverse("courses_admin:course_enrollments", args=[other.pk])))
    assert "济南学员" in body(client.get(reverse("enrollments:index")))


def test_course_team_may_edit_but_not_publish_its_own_course(people, make_course):
    trainer = people["trainer"]
    mine, other = make_course(trainers=[trainer]), make_course()
    sync_course_team(mine)
    sync_course_team(other)
    trainer = type(trainer).objects.get(pk=trainer.pk)
    mine_perms, other_perms = mine.permissions_for_user(trainer), other.permissions_for_user(trainer)
    assert mine_perms.can_edit() and not mine_perms.can_publish()
    assert not other_perms.can_edit()
    # leaving the team takes the right away
    mine.trainers.all().delete()
    sync_course_team(mine)
    assert not mine.permissions_for_user(type(trainer).objects.get(pk=trainer.pk)).can_edit()


def test_publishing_goes_through_the_lead_trainers_workflow(catalogue, people):
    from courses.teams import assign_publishing_workflow

    assign_publishing_workflow(catalogue)
    workflow = WorkflowPage.objects.get(page=catalogue).workflow
    groups = {group.name for task in workflow.tasks.all() for group in task.specific.groups.all()}
    assert groups == {LEAD_TRAINER_GROUP, Role.PROVINCE_ADMIN.value}
    lead = UserFactory(roles=[Role.TRAINER])
    from django.contrib.auth.models import Group

    lead.groups.add(Group.objects.get(name=LEAD_TRAINER_GROUP))
    lead = type(lead).objects.get(pk=lead.pk)
    assert catalogue.permissions_for_user(lead).can_publish_subpage()


def test_a_lesson_waits_only_for_a_quiz_of_its_own_course_when_created_and_edited(client, people, make_course):
    course, other = make_course(lessons=0), make_course(lessons=0)
    own_quiz = course.add_child(instance=QuizPage(title="本课测验", slug="quiz"))
    other_quiz = other.add_child(instance=QuizPage(title="他课测验", slug="quiz"))
    client.force_login(people["province_admin"])

    def data(quiz):
        return nested_form_data({"title": "第1讲", "slug": "lesson-quiz", "body": streamfield([]),
                                 "estimated_minutes": 20, "completion": "quiz", "completion_quiz": quiz.pk,
                                 "required": "on", "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}})

    add = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
    refused_add = client.post(add, data(other_quiz))
    assert refused_add.status_code == 200 and "completion_quiz" in refused_add.context["form"].errors
    assert not LessonPage.objects.exists()
    assert client.post(add, data(own_quiz)).status_code == 302
    lesson = LessonPage.objects.get()
    refused_edit = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data(other_quiz))
    assert refused_edit.status_code == 200
    assert refused_edit.context["form"].errors["completion_quiz"] == ["请选择本课程中的测验。"]
    assert LessonPage.objects.get().completion_quiz_id == own_quiz.pk
