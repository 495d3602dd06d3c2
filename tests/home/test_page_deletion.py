"""Pages that records point at are unpublished, never deleted: the admin refuses with a message and keeps the page."""

from courses import services as course_services
from courses.models import CoursePage, LessonPage
from tests.courses.conftest import catalogue, make_course  # noqa: F401 - fixtures
from tests.factories import UserFactory
from tests.helpers import body


def superuser():
    """Only the platform operator deletes pages (province admins may not); the rule must hold for them too."""
    return UserFactory(email="ops@example.cn", is_superuser=True, is_staff=True)


def test_a_course_with_an_enrollment_is_not_deleted(client, people, make_course):  # noqa: F811
    course = make_course(lessons=2)
    course_services.enroll(people["jinan_counselor"], course)
    client.force_login(superuser())

    confirm = client.get(f"/admin/pages/{course.pk}/delete/", follow=True)
    response = client.post(f"/admin/pages/{course.pk}/delete/", follow=True)

    assert "不能删除" in body(confirm)
    assert response.status_code == 200
    assert "不能删除" in body(response)
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert LessonPage.objects.child_of(course).count() == 2


def test_a_course_nobody_took_can_be_deleted(client, people, make_course):  # noqa: F811
    course = make_course(lessons=1)
    client.force_login(superuser())

    response = client.post(f"/admin/pages/{course.pk}/delete/")

    assert response.status_code == 302
    assert not CoursePage.objects.filter(pk=course.pk).exists()
