"""The exam pages: the start screen and my exams show the start button only to admitted applicants within the
window, the start URL refuses the others, and every page (also the admin list and results) runs the same number of
queries for one row as for many."""

import pytest
from django.urls import reverse

from certification.models import LevelApplication
from quizzes import services
from quizzes.models import Attempt
from tests.helpers import body, refused
from tests.quizzes.conftest import answers_for

pytestmark = pytest.mark.django_db


def test_the_start_url_refuses_a_counselor_not_admitted(client, exam, people):
    client.force_login(people["qingdao_counselor"])
    page = client.get(exam.url)
    assert page.status_code == 200 and 'id="exam-refused"' in body(page)
    assert 'id="exam-start-button"' not in body(page)

    response = client.post(reverse("quizzes:start", args=[exam.pk]), follow=True)
    assert not Attempt.objects.exists()
    assert "只有" in body(response) or "Only applicants" in body(response)


def test_an_admitted_applicant_starts_sits_and_sees_the_score(client, exam, candidate):
    client.force_login(candidate)
    page = client.get(exam.url)
    assert 'id="exam-start-button"' in body(page)

    response = client.post(reverse("quizzes:start", args=[exam.pk]))
    attempt = Attempt.objects.get(user=candidate)
    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    services.save_answers(attempt.pk, candidate, answers_for(attempt))
    client.post(reverse("quizzes:answer", args=[attempt.pk]), {"action": "submit"})

    mine = body(client.get(reverse("exams:my")))
    assert "100 / 100" in mine and "exam-start" not in mine
    page = body(client.get(exam.url))
    assert 'id="exam-grade"' in page and 'id="exam-start-button"' not in page
    assert LevelApplication.objects.get(applicant=candidate).theory_score == 100


def test_my_exams_lists_only_exams_of_rounds_i_am_admitted_to(client, exam, people):
    client.force_login(people["qingdao_counselor"])
    assert 'id="no-exams"' in body(client.get(reverse("exams:my")))


def _my_exams_queries(client, django_assert_max_num_queries, user):
    client.force_login(user)
    client.get(reverse("exams:my"))  # warm the per-process caches (site root paths)
    with django_assert_max_num_queries(50) as context:
        response = client.get(reverse("exams:my"))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_my_exams_runs_the_same_queries_for_one_exam_as_for_five(
    client, make_exam, candidate, django_assert_max_num_queries,
):
    first = make_exam()
    attempt = services.start_attempt(candidate, first)
    services.finish_attempt(attempt.pk, user=candidate)
    one = _my_exams_queries(client, django_assert_max_num_queries, candidate)
    for _ in range(4):
        exam = make_exam(attempts_allowed=2)
        services.finish_attempt(services.start_attempt(candidate, exam).pk, user=candidate)
        services.start_attempt(candidate, exam)
    assert _my_exams_queries(client, django_assert_max_num_queries, candidate) == one


def test_the_exam_page_runs_the_same_queries_with_more_attempts(
    client, make_exam, candidate, django_assert_max_num_queries,
):
    exam = make_exam(attempts_allowed=5)
    client.force_login(candidate)
    services.finish_attempt(services.start_attempt(candidate, exam).pk, user=candidate)
    client.get(exam.url)  # warm the per-process caches (site root paths)
    with django_assert_max_num_queries(60) as first:
        client.get(exam.url)
    for _ in range(3):
        services.finish_attempt(services.start_attempt(candidate, exam).pk, user=candidate)
    with django_assert_max_num_queries(60) as more:
        client.get(exam.url)
    assert len(more.captured_queries) == len(first.captured_queries)


def test_the_admin_results_run_the_same_queries_for_one_candidate_as_for_twelve(
    client, exam, candidates, people, django_assert_max_num_queries,
):
    client.force_login(people["province_admin"])
    users = candidates(12)
    services.finish_attempt(services.start_attempt(users[0], exam).pk, user=users[0])
    url = reverse("exams_admin:results", args=[exam.pk])
    LevelApplication.objects.filter(applicant__in=users[1:]).update(status=LevelApplication.Status.ENDORSED,
                                                                   round=None)
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(80) as one:
        assert client.get(url).status_code == 200
    LevelApplication.objects.filter(applicant__in=users[1:]).update(status=LevelApplication.Status.ACCEPTED,
                                                                   round=exam.round)
    for user in users[1:6]:
        services.finish_attempt(services.start_attempt(user, exam).pk, user=user)
    with django_assert_max_num_queries(80) as twelve:
        response = client.get(url)
    assert len(twelve.captured_queries) == len(one.captured_queries)
    assert body(response).count("data-applicant=") == 12


def test_the_admin_exam_list_runs_the_same_queries_for_one_exam_as_for_four(
    client, make_exam, people, django_assert_max_num_queries,
):
    client.force_login(people["province_admin"])
    make_exam()
    client.get(reverse("exams_admin:list"))  # warm the per-process caches
    with django_assert_max_num_queries(80) as one:
        assert client.get(reverse("exams_admin:list")).status_code == 200
    for _ in range(3):
        make_exam()
    with django_assert_max_num_queries(80) as four:
        response = client.get(reverse("exams_admin:list"))
    assert len(four.captured_queries) == len(one.captured_queries)
    assert body(response).count("exams/") >= 4


@pytest.mark.parametrize("who", ["jinan_admin", "trainer", "jinan_counselor"])
def test_the_admin_exam_screens_are_for_province_admins_only(client, exam, people, who):
    client.force_login(people[who])
    for url in (reverse("exams_admin:list"), reverse("exams_admin:results", args=[exam.pk])):
        response = client.get(url)
        assert refused(response) or response["Location"].startswith(reverse("account_login"))
