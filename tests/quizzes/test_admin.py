"""Trainers' admin screens: own questions only, the essay queue and statistics scoped to the courses they teach,
the statistics' figures and their fixed query count, regrading from the listing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services as course_services
from people.models import Role
from quizzes import services
from quizzes.models import Attempt, Kind
from quizzes.statistics import quiz_statistics
from tests.factories import UserFactory
from tests.helpers import body, refused
from tests.quizzes.conftest import answers_for, build_question


@pytest.fixture
def other_trainer(tree):
    return UserFactory(email="trainer2@example.cn", organization=tree["qingdao_agency"], roles=[Role.TRAINER])


def test_trainers_see_and_edit_only_their_own_questions(client, people, other_trainer):
    mine = build_question(owner=people["trainer"], stem="我的题目")
    theirs = build_question(owner=other_trainer, stem="别人的题目")
    client.force_login(people["trainer"])
    listing = body(client.get(reverse("wagtailsnippets_quizzes_question:list")))
    assert "我的题目" in listing and "别人的题目" not in listing
    assert client.get(reverse("wagtailsnippets_quizzes_question:edit", args=[mine.pk])).status_code == 200
    assert refused(client.get(reverse("wagtailsnippets_quizzes_question:edit", args=[theirs.pk])))
    client.force_login(people["province_admin"])
    assert "别人的题目" in body(client.get(reverse("wagtailsnippets_quizzes_question:list")))


def test_a_trainer_adds_a_question_as_its_author(client, people):
    client.force_login(people["trainer"])
    from standards.models import Level, Topic

    response = client.post(reverse("wagtailsnippets_quizzes_question:add"), {
        "kind": Kind.TRUE_FALSE, "stem": "职业指导师共分五个等级。", "topic": Topic.objects.get(code="ETHICS").pk,
        "level": Level.objects.get(code="level-5").pk, "difficulty": "easy", "points": "1", "scoring": "all",
        "true_false_answer": "true", "accepted_answers": "", "explanation": "", "rubric": "",
        "choices-TOTAL_FORMS": "0", "choices-INITIAL_FORMS": "0", "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "8",
    })
    assert response.status_code == 302, body(response)[:2000]
    from quizzes.models import Question

    assert Question.objects.get(stem="职业指导师共分五个等级。").owner == people["trainer"]


def test_queue_grade_and_statistics_are_scoped_to_the_courses_taught(client, course, make_quiz, counselor, people,
                                                                   other_trainer):
    essay = build_question(Kind.ESSAY, owner=people["trainer"], rubric="要点（10分）", points="10")
    quiz = make_quiz(course, questions=[build_question(owner=people["trainer"]), essay])
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt))
    services.finish_attempt(attempt.pk, user=counselor)
    item = attempt.items.get(kind=Kind.ESSAY)

    client.force_login(other_trainer)
    assert "我的分析" not in body(client.get(reverse("quizzes_admin:grading_queue")))
    assert client.get(reverse("quizzes_admin:grade", args=[item.pk])).status_code == 404
    assert client.get(reverse("quizzes_admin:statistics", args=[quiz.pk])).status_code == 404

    client.force_login(people["trainer"])
    assert reverse("quizzes_admin:grade", args=[item.pk]) in body(client.get(reverse("quizzes_admin:grading_queue")))
    assert "我的分析" in body(client.get(reverse("quizzes_admin:grade", args=[item.pk])))
    bad = client.post(reverse("quizzes_admin:grade", args=[item.pk]), {"score": "12", "comment": ""})
    assert bad.status_code == 400
    response = client.post(reverse("quizzes_admin:grade", args=[item.pk]), {"score": "7.5", "comment": "不错"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.score == Decimal("8.5")
    assert client.get(reverse("quizzes_admin:statistics", args=[quiz.pk])).status_code == 200
    assert quiz.title in body(client.get(reverse("quizzes_admin:quizzes")))

    client.force_login(counselor)
    assert client.get(reverse("quizzes_admin:grading_queue")).status_code in (302, 403)


def test_regrade_from_the_listing(client, quiz, counselor, people):
    attempt = services.start_attempt(counselor, quiz)
    services.finish_attempt(attempt.pk, user=counselor)
    question = quiz.fixed_questions.first().question
    client.force_login(people["trainer"])
    url = reverse("quizzes_admin:regrade", args=[question.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    client.force_login(people["jinan_admin"])
    assert client.post(url).status_code in (302, 403, 404)


def _finished(counselor, quiz, share_right):
    attempt = services.start_attempt(counselor, quiz)
    answers = answers_for(attempt)
    wrong = answers_for(attempt, correct=False)
    items = list(answers)
    chosen = {pk: (answers[pk] if index < share_right else wrong[pk]) for index, pk in enumerate(items)}
    services.save_answers(attempt.pk, counselor, chosen)
    services.finish_attempt(attempt.pk, user=counselor)


def test_statistics_figures_and_fixed_queries(course, make_quiz, people, tree):
    questions = [build_question(owner=people["trainer"], stem=f"题{i}") for i in range(4)]
    quiz = make_quiz(course, questions=questions, attempts_allowed=0)
    counselors = [UserFactory(organization=tree["jinan_agency"], roles=[Role.COUNSELOR]) for _ in range(8)]
    for index, counselor in enumerate(counselors):
        course_services.enroll(counselor, course)
        _finished(counselor, quiz, share_right=index % 5)  # 0..4 of the 4 questions right
    with CaptureQueriesContext(connection) as small:
        stats = quiz_statistics(quiz)
    assert stats["attempts"] == 8 and stats["group_size"] == 2
    first = stats["questions"][0]
    assert first.served == 8 and first.facility == pytest.approx(6 / 8)
    assert first.discrimination == pytest.approx(1.0)
    assert sum(choice.picked for choice in first.choices) == 8
    assert [choice.correct for choice in first.choices] == [True, False, False, False]
    for counselor in counselors:
        _finished(counselor, quiz, share_right=2)
    with CaptureQueriesContext(connection) as large:
        quiz_statistics(quiz)
    assert len(small) == len(large) == 2


def test_the_editor_checks_the_choices_against_the_type(client, people):
    from standards.models import Level, Topic

    client.force_login(people["trainer"])
    data = {
        "kind": Kind.SINGLE, "stem": "单选题干", "topic": Topic.objects.get(code="ETHICS").pk,
        "level": Level.objects.get(code="level-5").pk, "difficulty": "easy", "points": "1", "scoring": "all",
        "accepted_answers": "", "explanation": "", "rubric": "",
        "choices-TOTAL_FORMS": "2", "choices-INITIAL_FORMS": "0", "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "8",
        "choices-0-text": "甲", "choices-0-is_correct": "on", "choices-0-feedback": "", "choices-0-ORDER": "1",
        "choices-1-text": "乙", "choices-1-is_correct": "on", "choices-1-feedback": "", "choices-1-ORDER": "2",
    }
    response = client.post(reverse("wagtailsnippets_quizzes_question:add"), data)
    assert response.status_code == 200
    from quizzes.models import Question

    assert not Question.objects.filter(stem="单选题干").exists()
    data["choices-1-is_correct"] = ""
    assert client.post(reverse("wagtailsnippets_quizzes_question:add"), data).status_code == 302
    assert Question.objects.get(stem="单选题干").choices.filter(is_correct=True).count() == 1


def test_a_quiz_is_added_under_a_course_in_the_page_editor(client, course, people):
    client.force_login(people["province_admin"])
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    page = client.get(url)
    assert page.status_code == 200 and "fixed_questions-TOTAL_FORMS" in body(page)
    assert url in body(client.get(reverse("wagtailadmin_pages:add_subpage", args=[course.pk])))


def test_results_listing_is_scoped_read_only_and_exportable(client, quiz, counselor, people, other_trainer):
    attempt = services.start_attempt(counselor, quiz)
    services.finish_attempt(attempt.pk, user=counselor)
    client.force_login(people["trainer"])
    listing = body(client.get(reverse("quiz_attempts:index")))
    assert "济南学员" in listing
    export = client.get(reverse("quiz_attempts:index") + "?export=csv")
    assert export.status_code == 200 and "济南学员" in body(export)
    assert client.get(reverse("quiz_attempts:history", args=[attempt.pk])).status_code == 200
    assert refused(client.get(reverse("quiz_attempts:edit", args=[attempt.pk])))
    client.force_login(other_trainer)
    assert "济南学员" not in body(client.get(reverse("quiz_attempts:index")))
    assert refused(client.get(reverse("quiz_attempts:inspect", args=[attempt.pk])))


def test_an_essay_is_scored_criterion_by_criterion_when_the_rubric_splits(client, course, make_quiz, counselor,
                                                                          people):
    essay = build_question(Kind.ESSAY, owner=people["trainer"], points="10",
                           rubric="1. 识别问题（4分）；2. 提出方案（6分）")
    quiz = make_quiz(course, questions=[essay])
    attempt = services.start_attempt(counselor, quiz)
    item = attempt.items.get()
    services.save_answers(attempt.pk, counselor, {item.pk: ["我的分析"]})
    services.finish_attempt(attempt.pk, user=counselor)
    client.force_login(people["trainer"])
    url = reverse("quizzes_admin:grade", args=[item.pk])
    assert "criterion_1" in body(client.get(url))
    assert client.post(url, {"criterion_0": "5", "criterion_1": "6", "comment": ""}).status_code == 400
    assert client.post(url, {"criterion_0": "3", "criterion_1": "5.5", "comment": "方案可行"}).status_code == 302
    item.refresh_from_db()
    attempt.refresh_from_db()
    assert item.score == Decimal("8.5") and item.rubric_scores == ["3", "5.5"]
    assert attempt.status == Attempt.Status.GRADED and attempt.percent == Decimal(85)
    client.force_login(counselor)
    result = body(client.get(reverse("quizzes:result", args=[attempt.pk])))
    assert "识别问题" in result and "方案可行" in result


def test_questions_and_quizzes_with_attempts_are_kept(client, quiz, counselor, people):
    attempt = services.start_attempt(counselor, quiz)
    services.finish_attempt(attempt.pk, user=counselor)
    question = quiz.fixed_questions.first().question
    loose = build_question(owner=people["trainer"], stem="无人使用的题目")
    client.force_login(people["province_admin"])
    response = client.post(reverse("wagtailsnippets_quizzes_question:delete", args=[question.pk]))
    assert response.status_code == 302
    from quizzes.models import Question

    assert Question.objects.filter(pk=question.pk).exists()
    client.post(reverse("wagtailsnippets_quizzes_question:delete", args=[loose.pk]))
    assert not Question.objects.filter(pk=loose.pk).exists()
    response = client.post(reverse("wagtailadmin_pages:delete", args=[quiz.pk]))
    assert response.status_code == 302 and Attempt.objects.filter(pk=attempt.pk).exists()


def quiz_editor_data(quiz, review_policy, draw_count):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data({
        "title": quiz.title, "slug": quiz.slug, "intro": "", "required": "on",
        "fixed_questions": inline_formset([]),
        "draws": inline_formset([{"topic": "", "level": "", "difficulty": "", "kind": "", "count": draw_count}]),
        "shuffle_questions": "on", "shuffle_choices": "on", "time_limit_minutes": "", "attempts_allowed": 3,
        "min_gap_minutes": 0, "grading_method": "highest", "pass_mark": 60, "opens_at": "", "closes_at": "",
        "review_policy": review_policy,
    })


@pytest.mark.parametrize(("review_policy", "draw_count", "warned"), [
    ("after_submit", 3, True),  # 4 questions in the bank < 3 × 3
    ("after_submit", 1, False),  # 4 ≥ 3 × 1
    ("correctness", 3, False),  # the key is not shown
])
def test_the_editor_warns_when_a_small_pool_meets_answers_shown_after_submitting(
        client, course, make_quiz, mixed_questions, people, review_policy, draw_count, warned):
    quiz = make_quiz(course)
    client.force_login(people["province_admin"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[quiz.pk]),
                           quiz_editor_data(quiz, review_policy, draw_count), follow=True)
    assert response.status_code == 200
    texts = [str(message) for message in response.context["messages"]]
    assert any("仅 4 道题的题池" in text for text in texts) is warned, texts
    assert any("已被更新" in text for text in texts), texts  # saved all the same
