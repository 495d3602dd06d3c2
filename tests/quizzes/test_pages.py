"""The counselor's pages: start screen, attempt, saving (form post and fetch), submit, result; fixed query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from quizzes import services
from quizzes.models import Attempt, Kind, QuizPage
from tests.helpers import body
from tests.quizzes.conftest import answers_for, build_question


def form_data(answers, action="save"):
    data = {"action": action, "present": [str(pk) for pk in answers]}
    for pk, values in answers.items():
        data[f"q-{pk}"] = values
    return data


@pytest.fixture
def signed_in(client, counselor):
    client.force_login(counselor)
    return client


def test_start_screen_then_attempt_then_submit_then_result(signed_in, quiz, counselor):
    page = signed_in.get(quiz.url)
    assert page.status_code == 200 and 'id="quiz-start-button"' in body(page)
    started = signed_in.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=counselor)
    assert started["Location"] == reverse("quizzes:attempt", args=[attempt.pk])
    attempt_page = signed_in.get(started["Location"])
    assert attempt_page.status_code == 200 and body(attempt_page).count('class="question card"') == 4
    saved = signed_in.post(reverse("quizzes:answer", args=[attempt.pk]), form_data(answers_for(attempt)))
    assert saved["Location"] == reverse("quizzes:attempt", args=[attempt.pk])
    submitted = signed_in.post(reverse("quizzes:answer", args=[attempt.pk]), form_data({}, action="submit"))
    assert submitted["Location"] == reverse("quizzes:result", args=[attempt.pk])
    again = signed_in.post(reverse("quizzes:answer", args=[attempt.pk]), form_data({}, action="submit"))
    assert again["Location"] == reverse("quizzes:result", args=[attempt.pk])
    result = body(signed_in.get(submitted["Location"]))
    assert 'id="attempt-passed"' in result and 'id="course-completed"' in result and "反馈0" in result
    assert 'id="quiz-passed"' in body(signed_in.get(quiz.url))


def test_fetch_saves_one_answer_and_reports_the_deadline_as_json(signed_in, quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    blank = attempt.items.get(kind=Kind.FILL_BLANK)
    url = reverse("quizzes:answer", args=[attempt.pk])
    response = signed_in.post(url, form_data({blank.pk: ["九十"]}), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and json.loads(response.content)["saved"] == 1
    blank.refresh_from_db()
    assert blank.response == "九十"
    services.finish_attempt(attempt.pk, user=counselor)
    response = signed_in.post(url, form_data({blank.pk: ["90"]}), HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and json.loads(response.content)["code"] == "finished"
    bad = signed_in.post(url, {"present": ["x"]}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400


def test_another_persons_attempt_is_not_found(client, quiz, counselor, people):
    attempt = services.start_attempt(counselor, quiz)
    client.force_login(people["qingdao_counselor"])
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("quizzes:answer", args=[attempt.pk]), {"action": "submit"}).status_code == 404
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404


def test_not_enrolled_sees_why(client, quiz, people):
    client.force_login(people["qingdao_counselor"])
    page = body(client.get(quiz.url))
    assert 'id="quiz-closed"' in page and 'id="quiz-start-button"' not in page
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302 and not Attempt.objects.exists()


def test_result_hides_answers_when_the_policy_says_never(signed_in, quiz, counselor):
    quiz.review_policy = "never"
    quiz.save()
    attempt = services.start_attempt(counselor, quiz)
    services.finish_attempt(attempt.pk, user=counselor)
    page = body(signed_in.get(reverse("quizzes:result", args=[attempt.pk])))
    assert 'id="review-never"' in page and "反馈0" not in page and 'id="attempt-score"' in page


def _quiz_with(n, course, make_quiz, people):
    kinds = [Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.FILL_BLANK, Kind.ESSAY]
    questions = [
        build_question(kinds[i % 5], owner=people["trainer"], true_false_answer=True, accepted_answers="90",
                       rubric="要点", correct=(0, 1))
        for i in range(n)
    ]
    return make_quiz(course, questions=questions, attempts_allowed=0)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_start_screen_and_attempt_page_run_the_same_queries_for_2_and_50_questions(client, course, make_quiz, people):
    counselor = people["jinan_counselor"]
    course_services.enroll(counselor, course)
    client.force_login(counselor)
    counts = {}
    for n in (2, 50):
        quiz = _quiz_with(n, course, make_quiz, people)
        first = services.start_attempt(counselor, quiz)
        services.finish_attempt(first.pk, user=counselor)
        attempt = services.start_attempt(counselor, quiz)
        services.save_answers(attempt.pk, counselor, answers_for(attempt))
        counts[n] = (
            _count_queries(client, quiz.url),
            _count_queries(client, reverse("quizzes:attempt", args=[attempt.pk])),
        )
        services.finish_attempt(attempt.pk, user=counselor)
        counts[n] += (_count_queries(client, reverse("quizzes:result", args=[attempt.pk])),)
    assert counts[2] == counts[50], counts
    assert counts[2][1] <= 12, counts


def test_anonymous_visitors_are_asked_to_sign_in(client, quiz):
    page = body(client.get(quiz.url))
    assert 'id="quiz-closed"' in page and 'id="quiz-start-button"' not in page
    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 302
    assert not Attempt.objects.exists()


def test_a_quiz_preview_renders_for_editors(client, quiz, people):
    client.force_login(people["province_admin"])
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[quiz.pk]))
    assert response.status_code == 200 and "quiz-question-count" in body(response)


def test_new_quizzes_show_right_or_wrong_only_by_default():
    assert QuizPage().review_policy == QuizPage.ReviewPolicy.CORRECTNESS_UNTIL_CLOSE


def test_right_or_wrong_only_until_the_quiz_closes_then_the_answers(signed_in, quiz, counselor):
    """A blank first attempt, then a good one: before the close the result says which were right, never the key,
    the feedback or the accepted answers; after the close it shows them."""
    quiz.review_policy = QuizPage.ReviewPolicy.CORRECTNESS_UNTIL_CLOSE
    quiz.closes_at = timezone.now() + timezone.timedelta(days=1)
    quiz.save()
    blank = services.start_attempt(counselor, quiz)
    services.finish_attempt(blank.pk, user=counselor)
    good = services.start_attempt(counselor, quiz)
    services.save_answers(good.pk, counselor, answers_for(good))
    services.finish_attempt(good.pk, user=counselor)
    key_markers = ("反馈0", "反馈1", "反馈2", "反馈3", "is-correct", "建立信任", "九十",
                   'id="review-never"', 'id="review-later"')
    for attempt, outcome in ((blank, "wrong"), (good, "right")):
        page = body(signed_in.get(reverse("quizzes:result", args=[attempt.pk])))
        assert 'id="review-correctness"' in page and 'id="attempt-score"' in page
        assert page.count(f'data-outcome="{outcome}"') == 4
        assert not [marker for marker in key_markers if marker in page]

    QuizPage.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    page = body(signed_in.get(reverse("quizzes:result", args=[blank.pk])))
    assert 'id="review-correctness"' not in page and "is-correct" in page and "九十" in page


def test_right_or_wrong_only_without_a_closing_date_never_shows_the_key(signed_in, quiz, counselor):
    quiz.review_policy = QuizPage.ReviewPolicy.CORRECTNESS_UNTIL_CLOSE
    quiz.save()
    attempt = services.start_attempt(counselor, quiz)
    services.finish_attempt(attempt.pk, user=counselor)
    page = body(signed_in.get(reverse("quizzes:result", args=[attempt.pk])))
    assert 'id="review-correctness"' in page and "is-correct" not in page and "反馈0" not in page
