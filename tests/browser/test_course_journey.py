"""In a real browser, in Chinese: a counselor finds a course in the catalogue, enrolls, works through its lessons,
passes its quiz, and ends with exactly one ledger entry and one completion certificate."""

import re

import pytest

from cpd.models import Certificate, CreditEntry
from quizzes.models import Kind
from tests.browser.test_login_journeys import sign_in
from tests.courses.conftest import catalogue, make_course  # noqa: F401 - fixtures
from tests.quizzes.conftest import build_question, make_quiz  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.fixture
def course_with_quiz(people, make_course, make_quiz):  # noqa: F811 - fixtures imported above
    course = make_course(lessons=2, title="职业咨询面谈技术", slug="interview")
    owner = people["trainer"]
    questions = [
        build_question(Kind.SINGLE, owner=owner, stem="建立咨询关系的首要条件是（　）。"),
        build_question(Kind.SINGLE, owner=owner, stem="初次面谈时，职业指导人员首先应当（　）。"),
    ]
    make_quiz(course, questions=questions, title="面谈技术单元测验", pass_mark=60)
    return course


def test_a_counselor_enrolls_learns_passes_the_quiz_and_is_credited_once(page, people, course_with_quiz, screenshot):
    counselor = people["jinan_counselor"]
    page.goto("/accounts/login/")
    sign_in(page, counselor.email)
    page.wait_for_url(re.compile(r"/dashboard/$"))

    # The catalogue lists the course; its page offers enrollment.
    page.goto(course_with_quiz.get_parent().url)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_role("link", name="职业咨询面谈技术").first.click()
    page.wait_for_url(re.compile(r"/interview/$"))
    page.locator("#enroll-button").click()
    page.wait_for_load_state()
    assert page.locator("#continue-link").inner_text() == "开始学习"
    screenshot("course-enrolled")

    # Both lessons: open, read, mark as done.
    for number in (1, 2):
        page.locator("#continue-link").click()
        page.wait_for_url(re.compile(rf"/lesson-{number}/$"))
        assert page.locator("h1").inner_text() == f"第{number}讲"
        assert "建立信任" in page.locator(".lesson-body").inner_text()
        page.locator("#mark-done-button").click()
        page.wait_for_load_state()
        page.goto(course_with_quiz.url)

    # The quiz: start, answer both questions correctly (the first choice), submit.
    page.locator("#continue-link").click()
    page.wait_for_url(re.compile(r"/quiz-1/$"))
    assert page.locator("#quiz-question-count").inner_text() == "2"
    page.locator("#quiz-start-button").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    for question in page.locator("li.question").all():
        question.get_by_label("建立信任").check()
    screenshot("quiz-attempt")
    page.locator("#submit-attempt-button").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/result/$"))
    assert page.locator("#attempt-passed").is_visible()
    assert "100" in page.locator("#attempt-score").inner_text()
    assert page.locator("#course-completed").is_visible()
    screenshot("quiz-result")

    # The back button and a second submit grade nothing twice.
    page.go_back()
    page.wait_for_load_state()
    if page.locator("#submit-attempt-button").count():
        page.locator("#submit-attempt-button").click()
        page.wait_for_load_state()

    # My CPD shows the course credit and the certificate, once each.
    page.goto("/cpd/")
    assert "职业咨询面谈技术" in page.locator("main").inner_text()
    screenshot("my-cpd-after-course")

    credits = CreditEntry.objects.filter(counselor=counselor, kind=CreditEntry.Kind.COURSE)
    assert credits.count() == 1
    assert credits.get().title == "职业咨询面谈技术"
    certificates = Certificate.objects.filter(holder=counselor, kind=Certificate.Kind.COURSE_COMPLETION)
    assert certificates.count() == 1
