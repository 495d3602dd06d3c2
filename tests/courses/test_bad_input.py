"""Bad input on the course pages and admin screens: an id beyond the database's integer range is a 404 or an
invalid choice, never a 500 (SQLite raises OverflowError for it)."""

import pytest
from django.urls import reverse

from courses.models import Enrollment

BIG = "9" * 20


@pytest.fixture
def course(make_course):
    return make_course(lessons=1)


@pytest.mark.parametrize("path", [f"/learning/courses/{BIG}/enroll/", f"/learning/enrollments/{BIG}/withdraw/",
                                  f"/learning/lessons/{BIG}/done/"])
def test_an_overlong_id_in_a_site_url_is_not_found(client, people, path):
    client.force_login(people["jinan_counselor"])
    assert client.post(path).status_code == 404


def test_an_overlong_id_in_an_admin_url_is_not_found(client, people):
    client.force_login(people["province_admin"])
    assert client.get(f"/admin/courses/{BIG}/enrollments/").status_code == 404
    assert client.post(f"/admin/courses/requests/{BIG}/decide/", {"decision": "approve"}).status_code == 404


def test_assigning_an_overlong_course_or_organization_id_is_an_invalid_choice(client, people, course):
    client.force_login(people["province_admin"])
    for data in ({"course": BIG, "organization": BIG}, {"course": course.pk, "users": [BIG]}):
        response = client.post(reverse("courses_admin:assign"), data)
        assert response.status_code == 200 and response.context["form"].errors
    assert not Enrollment.objects.exists()


def test_the_enrollment_listing_ignores_an_overlong_course_filter(client, people):
    client.force_login(people["province_admin"])
    assert client.get(f"/admin/enrollments/?course={BIG}").status_code == 200
