"""Demo quizzes: the question bank of home/demo_content/questions.csv (imported through the quiz importer, as the
demo trainer), one quiz per demo course from the course's "quiz" entry (random draws of automatically graded
questions, so a counselor's pass shows at once), a few finished attempts by demo counselors, and one case analysis
waiting in the trainers' grading queue.

Idempotent: the bank is imported only when the trainer has no questions yet (and the importer skips questions
already there), quizzes are found by slug under their course, attempts are made only for counselors who have none.
Attempts go through quizzes.services, so grading and course completion follow the real rules.
"""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from courses import services as course_services
from courses.models import CoursePage
from home.demo_content.courses import COURSES
from people.models import User
from quizzes import importing, services
from quizzes.models import CHOICE_KINDS, Attempt, DrawKind, Kind, Question, QuizDraw, QuizPage, QuizQuestion
from standards.models import Level, Topic

BANK = Path(__file__).parent / "demo_content" / "questions.csv"
TRAINER = "trainer@demo.example"
QUIZ_SLUG = "quiz"
# (counselor e-mail, course index in COURSES, share of questions answered right); a share ≥ 0.6 passes.
ATTEMPTS = [
    ("counselor02@demo.example", 0, 1.0),
    ("counselor03@demo.example", 1, 0.4),
    ("counselor03@demo.example", 1, 0.8),
    ("counselor05@demo.example", 2, 0.5),
    ("counselor07@demo.example", 0, 0.6),
]
# The course whose quiz ends with a case analysis (graded by hand), and the counselor whose essay waits for grading.
ESSAY_COURSE = "jiuye-yuanzhu-shiwu"
ESSAY_COUNSELORS = [f"counselor{n:02d}@demo.example" for n in range(9, 31)]
ESSAY_ANSWER = ("该求职者属于就业困难人员，应先做就业援助对象认定，再结合其职业能力测评结果制定个人就业计划："
                "推荐公益性岗位过渡，同时安排技能培训，并在上岗后三个月内持续跟踪回访。")


def import_bank(trainer: User) -> None:
    if Question.objects.filter(owner=trainer).exists():
        return
    upload = SimpleUploadedFile(BANK.name, BANK.read_bytes(), content_type="text/csv")
    report = importing.import_questions(upload, trainer)
    if not report.is_clean:
        raise ValueError(f"the demo question bank has errors: {report.errors[:3]}")


def build_quiz(course: CoursePage, data: dict) -> QuizPage:
    quiz = QuizPage.objects.child_of(course).filter(slug=QUIZ_SLUG).first()
    if quiz is not None:
        return quiz
    quiz = course.add_child(instance=QuizPage(
        title=data["title"], slug=QUIZ_SLUG, pass_mark=data.get("pass_mark", 60),
        time_limit_minutes=data.get("time_limit_minutes"), attempts_allowed=data.get("attempts_allowed", 3),
        intro="题目从题库中按主题和等级随机抽取，题目和选项顺序随机。作答过程中答案自动保存。",
        review_policy=QuizPage.ReviewPolicy.CORRECTNESS_UNTIL_CLOSE,  # the default: the draws' pools are small
    ))
    topics = {topic.code: topic for topic in Topic.objects.all()}
    levels = {level.code: level for level in Level.objects.all()}
    for index, draw in enumerate(data.get("draws", [])):
        QuizDraw.objects.create(quiz=quiz, sort_order=index, topic=topics[draw["topic"]],
                                level=levels[draw["level"]], kind=DrawKind.OBJECTIVE, count=draw["count"])
    if course.slug == ESSAY_COURSE:
        essay = Question.objects.filter(kind=Kind.ESSAY, level=course.level).order_by("pk").first()
        if essay is not None:
            QuizQuestion.objects.create(quiz=quiz, question=essay, sort_order=0)
    quiz.save_revision().publish()
    return quiz


def answer_share(attempt: Attempt, share: float) -> dict[int, list[str]]:
    """Posted answers getting about `share` of the questions right (the first ones right, the rest wrong)."""
    items = list(attempt.items.order_by("position"))
    right = round(share * len(items))
    answers = {}
    for index, item in enumerate(items):
        correct = index < right
        if item.kind in CHOICE_KINDS:
            picks = [str(c["id"]) for c in item.choices if c["correct"] == correct]
            answers[item.pk] = picks[:1] if item.kind == Kind.SINGLE or not correct else picks
        elif item.kind == Kind.TRUE_FALSE:
            answers[item.pk] = ["true" if item.true_false_answer == correct else "false"]
        elif item.kind == Kind.FILL_BLANK:
            answers[item.pk] = [item.accepted_answers[0] if correct else "不知道"]
        else:
            answers[item.pk] = [ESSAY_ANSWER]
    return answers


def take(user: User, quiz: QuizPage, share: float) -> bool:
    """One finished attempt, enrolling the counselor first if needed; False (nothing done) when the rules refuse
    it, e.g. a course meant for another audience."""
    try:
        if course_services.live_enrollment(user, quiz.get_course()) is None:
            course_services.enroll(user, quiz.get_course())
        attempt = services.start_attempt(user, quiz)
    except (course_services.EnrollmentError, services.AttemptError):
        return False
    services.save_answers(attempt.pk, user, answer_share(attempt, share))
    services.finish_attempt(attempt.pk, user=user)
    return True


def build_attempts(quizzes: dict[str, QuizPage]) -> None:
    slugs = [data["slug"] for data in COURSES]
    done = set(Attempt.objects.values_list("user__email", "quiz_id", "number"))
    counts: dict[tuple, int] = {}
    for email, course_index, share in ATTEMPTS:
        quiz = quizzes.get(slugs[course_index])
        user = User.objects.filter(email=email).first()
        if quiz is None or user is None:
            continue
        counts[(email, quiz.pk)] = counts.get((email, quiz.pk), 0) + 1
        if (email, quiz.pk, counts[(email, quiz.pk)]) in done:
            continue
        take(user, quiz, share)
    essay_quiz = quizzes.get(ESSAY_COURSE)
    if essay_quiz is None or Attempt.objects.filter(quiz=essay_quiz, status=Attempt.Status.AWAITING_GRADING).exists():
        return
    for user in User.objects.filter(email__in=ESSAY_COUNSELORS).order_by("email"):
        if take(user, essay_quiz, 0.9):
            return


def load() -> None:
    trainer = User.objects.filter(email=TRAINER).first()
    if trainer is None:
        return
    import_bank(trainer)
    quizzes = {}
    for data in COURSES:
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is not None and data.get("quiz"):
            quizzes[data["slug"]] = build_quiz(course, data["quiz"])
    build_attempts(quizzes)
