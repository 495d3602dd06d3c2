"""Every served document has an owner and a check: lesson files for the course's learners and team, library files by
the resource's access rule, everything else for staff only (tested through /documents/<id>/<name> and the library's
download URL, as anonymous, counselor, enrolled learner, trainer and admin)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.models import CourseTrainer, LessonPage
from courses.services import enroll
from library.models import PrivateDocument, ResourceAttachment, ResourcePage
from people.models import Role
from tests.factories import UserFactory
from tests.library.builders import attach, resource

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.4 lesson handout"


def upload(name="handout.pdf") -> PrivateDocument:
    document = PrivateDocument(title=name)
    document.file.save(name, ContentFile(CONTENT), save=False)
    document.save()
    return document


def status(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # closes the file
    return response.status_code


@pytest.fixture
def lesson_files(make_course, django_capture_on_commit_callbacks):
    """A course whose first lesson holds a handout (document block) and an uploaded video (video block)."""
    handout, video = upload("handout.pdf"), upload("video.pdf")
    course = make_course(lessons=1)
    lesson = LessonPage.objects.child_of(course).first().specific
    lesson.body = [
        ("document", {"document": handout, "description": "讲义"}),
        ("video", {"uploaded": video, "embed": None, "caption": "示范"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the reference index is updated after commit
        lesson.save_revision().publish()
    return course, handout, video


@pytest.mark.parametrize("document_name", ["handout", "video"])
def test_lesson_files_are_for_the_course_only(client, people, tree, lesson_files, document_name):
    course, handout, video = lesson_files
    url = (handout if document_name == "handout" else video).url
    learner = people["jinan_counselor"]
    enroll(learner, course)
    team_member = UserFactory(organization=tree["qingdao_agency"], roles=[Role.TRAINER])
    CourseTrainer.objects.create(course=course, user=team_member)
    assert status(client, None, url) == 404
    assert status(client, people["qingdao_counselor"], url) == 404  # not enrolled
    assert status(client, people["trainer"], url) == 404  # a trainer, but not of this course
    assert status(client, people["qingdao_admin"], url) == 404
    assert status(client, learner, url) == 200
    assert status(client, team_member, url) == 200
    assert status(client, people["province_admin"], url) == 200


def test_a_document_used_nowhere_is_for_staff_only(client, people):
    url = upload("draft.pdf").url
    assert status(client, None, url) == 404
    assert status(client, people["jinan_counselor"], url) == 404
    assert status(client, people["expert"], url) == 404
    assert status(client, people["trainer"], url) == 200
    assert status(client, people["qingdao_admin"], url) == 200
    assert status(client, people["province_admin"], url) == 200


def test_library_files_follow_the_resource_rule(client, people, tree):
    restricted = resource("济南内部资料", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["jinan"])
    attachment = attach(restricted, "jinan.pdf")
    for url in (attachment.document.url, reverse("library:download", args=[attachment.pk])):
        assert status(client, None, url) == 404
        assert status(client, people["qingdao_counselor"], url) == 404
        assert status(client, people["qingdao_admin"], url) == 404
        assert status(client, people["jinan_counselor"], url) == 200
        assert status(client, people["province_admin"], url) == 200


def test_public_library_files_are_public(client, people):
    attachment = attach(resource("公开政策汇编"), "policy.pdf")
    for url in (attachment.document.url, reverse("library:download", args=[attachment.pk])):
        assert status(client, None, url) == 200
        assert status(client, people["qingdao_counselor"], url) == 200


def test_a_file_in_a_resource_body_follows_the_resource(client, people, tree, django_capture_on_commit_callbacks):
    document = upload("body.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        page = resource("青岛内部资料", access=ResourcePage.Access.RESTRICTED, restricted_to=tree["qingdao"])
        page.body = [("document", document)]
        page.save_revision().publish()
    assert status(client, people["jinan_counselor"], document.url) == 404
    assert status(client, people["trainer"], document.url) == 404  # staff, but not of Qingdao
    assert status(client, people["qingdao_counselor"], document.url) == 200


def test_a_file_shared_by_a_lesson_and_a_public_resource_is_public(client, people, lesson_files):
    _course, handout, _video = lesson_files
    ResourceAttachment.objects.create(resource=resource("公开讲义"), document=handout, sort_order=0)
    assert status(client, None, handout.url) == 200


def test_the_course_team_still_reads_the_file_of_an_unpublished_lesson(client, people, tree, lesson_files):
    course, handout, _video = lesson_files
    learner = people["jinan_counselor"]
    enroll(learner, course)
    team_member = UserFactory(organization=tree["jinan_agency"], roles=[Role.TRAINER])
    CourseTrainer.objects.create(course=course, user=team_member)
    LessonPage.objects.child_of(course).first().specific.unpublish()
    assert status(client, learner, handout.url) == 404
    assert status(client, team_member, handout.url) == 200
