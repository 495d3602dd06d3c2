"""The quiz engine: a question bank (snippets), quizzes as course items (QuizPage), and attempts.

Questions and quizzes are authored content; attempts are what counselors do. An attempt copies every question as it
was served (stem, choices in served order, key, points, feedback, rubric) into its own rows, so editing a question
later never changes a past attempt; only an explicit, audited regrade (quizzes.grading) carries a corrected key into
the snapshots. The database numbers attempts uniquely per counselor and quiz and holds at most one open attempt per
counselor and quiz (unique constraints); every rule that spans rows lives in `quizzes.services`.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.models import CourseItemMixin

from .forms import QuestionForm


class Kind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    FILL_BLANK = "fill_blank", _("Fill in the blank")
    ESSAY = "essay", _("Essay or case analysis")


CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
OBJECTIVE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.FILL_BLANK)


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All or nothing")
    PARTIAL = "partial", _("Partial credit")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class QuestionQuerySet(models.QuerySet):
    def authored_by(self, user):
        """The questions a user manages: their own; province admins (and superusers) all of them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self
        return self.filter(owner=user)

    def visible_to(self, user):
        """The admin scope (people.scoping): the questions the user manages."""
        return self.authored_by(user)


class Question(index.Indexed, ClusterableModel):
    """A question of the bank: its kind decides what the key is (choices marked correct, true or false, accepted
    answers, or a rubric for hand grading). Tagged by topic, level and difficulty for random draws."""

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    stem = models.TextField(_("question"), help_text=_("For fill in the blank, show the blank as ____."))
    topic = models.ForeignKey(
        "standards.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="questions"
    )
    level = models.ForeignKey(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="questions"
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
    )
    scoring = models.CharField(
        _("scoring"), max_length=10, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING,
        help_text=_("Multiple choice only. Partial credit: (correct picks − wrong picks) ÷ correct choices, "
                    "never below zero."),
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"), null=True, blank=True, help_text=_("True or false only.")
    )
    accepted_answers = models.TextField(
        _("accepted answers"), blank=True,
        help_text=_("Fill in the blank only: one accepted answer per line. Full-width and half-width characters, "
                    "spaces and letter case are ignored when comparing."),
    )
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown with the result: why the answer is right.")
    )
    rubric = models.TextField(
        _("rubric"), blank=True, help_text=_("Essay only: the points the grader looks for and what each is worth.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="questions",
        editable=False, null=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    search_fields = [index.SearchField("stem"), index.FilterField("kind"), index.FilterField("topic_id"),
                     index.FilterField("level_id"), index.FilterField("owner_id")]
    panels = [
        FieldPanel("kind"),
        FieldPanel("stem"),
        FieldRowPanel([FieldPanel("topic", widget=forms.Select), FieldPanel("level", widget=forms.Select),
                       FieldPanel("difficulty")], heading=_("Category")),
        FieldRowPanel([FieldPanel("points"), FieldPanel("scoring")], heading=_("Scoring")),
        InlinePanel("choices", label=_("Choices (single and multiple choice)"), max_num=8),
        MultiFieldPanel([FieldPanel("true_false_answer"), FieldPanel("accepted_answers"), FieldPanel("rubric")],
                        heading=_("Key for the other types")),
        FieldPanel("explanation"),
    ]
    base_form_class = QuestionForm

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["topic", "level", "difficulty"], name="quizzes_question_draw")]

    def __str__(self):
        stem = " ".join(self.stem.split())
        return stem if len(stem) <= 60 else f"{stem[:59]}…"

    def drawn_by(self) -> str:
        """The quizzes whose random draws can pick this question (for the inspect view)."""
        kinds = ["", self.kind, *([DrawKind.OBJECTIVE] if self.kind in OBJECTIVE_KINDS else [])]
        draws = QuizDraw.objects.filter(
            Q(topic__isnull=True) | Q(topic_id=self.topic_id), Q(level__isnull=True) | Q(level_id=self.level_id),
            Q(difficulty="") | Q(difficulty=self.difficulty), kind__in=kinds,
        ).select_related("quiz")
        return "、".join(sorted({draw.quiz.title for draw in draws})) or "—"

    drawn_by.short_description = _("drawn at random by")

    def served_count(self) -> int:
        return self.attempt_items.count()

    served_count.short_description = _("served in attempts")

    @property
    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.kind == Kind.TRUE_FALSE and self.true_false_answer is None:
            raise ValidationError({"true_false_answer": _("Say whether the statement is true.")})
        if self.kind == Kind.FILL_BLANK and not self.accepted_list:
            raise ValidationError({"accepted_answers": _("Give at least one accepted answer.")})
        if self.kind == Kind.ESSAY and not self.rubric.strip():
            raise ValidationError({"rubric": _("Give the rubric the grader will use.")})


class Choice(Orderable):
    """A choice of a single or multiple choice question, with the feedback shown to whoever picked it."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True,
                                help_text=_("Shown with the result to those who picked this choice."))

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("is_correct"), FieldPanel("feedback")])]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class QuizPage(CourseItemMixin, Page):
    """A quiz of a course: fixed questions and/or random draws from the bank, a time limit, attempts, a grading
    method and a pass mark. Passing it completes it as a course item."""

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")
        AVERAGE = "average", _("Average of attempts")

    class ReviewPolicy(models.TextChoices):
        """What a counselor sees of a finished attempt. Showing the answers at once gives the key away to anyone with
        another attempt to come (a blank first attempt shows it), so the default shows only which answers were right
        until the quiz closes."""

        CORRECTNESS_UNTIL_CLOSE = "correctness", _("Right or wrong only until the quiz closes, then the answers")
        AFTER_SUBMIT = "after_submit", _("Show answers after submitting")
        AFTER_CLOSE = "after_close", _("Show answers after the quiz closes")
        NEVER = "never", _("Never show answers (score only)")

    intro = models.TextField(_("instructions"), blank=True, help_text=_("Shown on the start screen."))
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Empty: no time limit. The server finishes the attempt at the deadline with what was saved."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 means unlimited.")
    )
    min_gap_minutes = models.PositiveSmallIntegerField(
        _("minimum gap between attempts (minutes)"), default=0
    )
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    review_policy = models.CharField(
        _("review"), max_length=20, choices=ReviewPolicy.choices, default=ReviewPolicy.CORRECTNESS_UNTIL_CLOSE,
        help_text=_("“Right or wrong only” shows which answers were right, never the correct answers or feedback, "
                    "until the closing date (without one, never). “Show answers after submitting” lets a learner "
                    "read the key and use it in the next attempt."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("draws", label=_("Random draws from the bank")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                *CourseItemMixin.item_panels,
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed"),
                               FieldPanel("min_gap_minutes")]),
                FieldRowPanel([FieldPanel("grading_method"), FieldPanel("pass_mark")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("review_policy"),
            ],
            heading=_("Quiz rules"),
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
        if self.review_policy == self.ReviewPolicy.AFTER_CLOSE and not self.closes_at:
            raise ValidationError({"review_policy": _("Answers shown after closing need a closing date.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return not (self.opens_at and now < self.opens_at) and not (self.closes_at and now >= self.closes_at)

    def is_closed(self, now=None) -> bool:
        return bool(self.closes_at and (now or timezone.now()) >= self.closes_at)

    def serve(self, request, *args, **kwargs):
        from .views import quiz_page

        return quiz_page(request, self)

    def serve_preview(self, request, mode_name):
        """Editors preview the start screen as the view renders it (rules and question count, no attempt)."""
        request.is_preview = True
        return self.serve(request)


class QuizQuestion(Orderable):
    """A question every attempt of the quiz gets."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="quiz_uses")

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="quizzes_question_once_per_quiz")]


class DrawKind(models.TextChoices):
    OBJECTIVE = "objective", _("Any automatically graded type")
    SINGLE = Kind.SINGLE.value, Kind.SINGLE.label
    MULTIPLE = Kind.MULTIPLE.value, Kind.MULTIPLE.label
    TRUE_FALSE = Kind.TRUE_FALSE.value, Kind.TRUE_FALSE.label
    FILL_BLANK = Kind.FILL_BLANK.value, Kind.FILL_BLANK.label
    ESSAY = Kind.ESSAY.value, Kind.ESSAY.label


class QuizDraw(Orderable):
    """N questions drawn at random, for each attempt, from the bank questions matching a topic, level, difficulty
    and type (an empty criterion matches all; "automatically graded" leaves out essays, so the quiz is graded at
    once)."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="draws")
    topic = models.ForeignKey("standards.Topic", verbose_name=_("topic"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey("standards.Level", verbose_name=_("level"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty.choices, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=DrawKind.choices, blank=True)
    count = models.PositiveSmallIntegerField(_("number of questions"), default=5,
                                             validators=[MinValueValidator(1), MaxValueValidator(100)])

    panels = [
        FieldRowPanel([FieldPanel("topic", widget=forms.Select), FieldPanel("level", widget=forms.Select)]),
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("kind"), FieldPanel("count")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")

    def can_draw(self, question: Question) -> bool:
        """Whether this draw's criteria match the question (in Python, for listings that hold the draws)."""
        if self.kind == DrawKind.OBJECTIVE:
            kind_matches = question.kind in OBJECTIVE_KINDS
        else:
            kind_matches = self.kind in ("", question.kind)
        return kind_matches and self.topic_id in (None, question.topic_id) and (
            self.level_id in (None, question.level_id)) and self.difficulty in ("", question.difficulty)

    def matching(self):
        questions = Question.objects.all()
        if self.topic_id:
            questions = questions.filter(topic_id=self.topic_id)
        if self.level_id:
            questions = questions.filter(level_id=self.level_id)
        if self.difficulty:
            questions = questions.filter(difficulty=self.difficulty)
        if self.kind == DrawKind.OBJECTIVE:
            questions = questions.filter(kind__in=OBJECTIVE_KINDS)
        elif self.kind:
            questions = questions.filter(kind=self.kind)
        return questions


class AttemptQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Attempt.Status.IN_PROGRESS)

    def overdue(self, now=None):
        return self.open().filter(deadline__lte=now or timezone.now())

    def graded(self):
        return self.filter(status=Attempt.Status.GRADED)

    def visible_to(self, user):
        """The admin scope (people.scoping): the attempts at the quizzes the user grades (quizzes.hosts)."""
        from .hosts import quizzes_graded_by

        if getattr(user, "is_authenticated", False) and user.manages_whole_province:
            return self.all()
        return self.filter(quiz__in=quizzes_graded_by(user).values("pk"))


class Attempt(models.Model):
    """One counselor's attempt at a quiz: numbered per counselor and quiz, in progress until submitted (by the
    counselor or at the deadline), then graded, at once or after hand grading of its essays."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_GRADING = "awaiting", _("Awaiting grading")
        GRADED = "graded", _("Graded")

    class FinishedBy(models.TextChoices):
        LEARNER = "learner", _("Submitted")
        DEADLINE = "deadline", _("Finished at the deadline")

    quiz = models.ForeignKey(QuizPage, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT,
                             related_name="quiz_attempts")
    enrollment = models.ForeignKey("courses.Enrollment", verbose_name=_("enrollment"), on_delete=models.PROTECT,
                                   related_name="quiz_attempts", null=True, blank=True,
                                   help_text=_("The course enrollment, for a quiz of a course (quizzes.hosts)."))
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    quiz_title = models.CharField(_("quiz title"), max_length=255)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    finished_by = models.CharField(_("finished"), max_length=10, choices=FinishedBy.choices, blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="quizzes_attempt_number_unique"),
            models.UniqueConstraint(fields=["quiz", "user"], condition=Q(status="in_progress"),
                                    name="quizzes_one_open_attempt"),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="quizzes_attempt_due"),
            models.Index(fields=["quiz", "status"], name="quizzes_attempt_quiz"),
            models.Index(fields=["-started_at", "-id"], name="quizzes_attempt_recent"),  # the results listing's order
        ]

    def __str__(self):
        return str(_("%(quiz)s, attempt %(number)s") % {"quiz": self.quiz_title, "number": self.number})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    def seconds_left(self, now=None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))


class AttemptItem(models.Model):
    """A question as served in an attempt (the snapshot) and the counselor's answer to it, with its score.

    `choices` is the served order: [{"id": choice pk, "text", "correct", "feedback"}]; `response` is a list of
    choice ids (choice questions), "true"/"false" (true or false) or the text typed (blank, essay)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="attempt_items")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    stem = models.TextField(_("question"))
    choices = models.JSONField(default=list, blank=True)
    true_false_answer = models.BooleanField(null=True, blank=True)
    accepted_answers = models.JSONField(default=list, blank=True)
    scoring = models.CharField(max_length=10, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    explanation = models.TextField(blank=True)
    rubric = models.TextField(blank=True)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rubric_scores = models.JSONField(_("scores per rubric criterion"), default=list, blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attempt answer")
        verbose_name_plural = _("attempt answers")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="quizzes_item_position_unique"),
        ]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"
