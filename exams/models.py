"""Level exams: the theory exam of an assessment round, on the quiz engine.

An exam is a `QuizPage` subclass (`ExamPage`) that stands on its own under the level-exams folder (`ExamIndexPage`),
not in a course: its attempts are ordinary quiz attempts (questions snapshot as served, answers saved under a lock,
idempotent submit, the server deadline and the beat task that finishes overdue attempts, the essay grading queue).
What makes it an exam is its host (exams.services.ExamHost): only applicants accepted into its round
(certification.services.accepted_applications) may sit it, and their grade becomes the application's theory score.
The model holds the rules of one paper: the round (and so the level), a window that must be set, a time limit that
must be set, one attempt unless configured otherwise, answers never shown, and random draws only from the bank
questions of the round's level.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page

from quizzes.models import QuizPage

from .forms import ExamPageForm


class ExamIndexPage(Page):
    """The folder of the level exams in the page tree (one per site). Visitors are sent to their own exams."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["exams.ExamPage"]
    max_count = 1

    class Meta:
        verbose_name = _("level exams folder")
        verbose_name_plural = _("level exams folders")

    def serve(self, request, *args, **kwargs):
        return redirect("exams:my")


EXAM_DEFAULTS = {
    "attempts_allowed": 1,
    "time_limit_minutes": 90,
    "review_policy": QuizPage.ReviewPolicy.NEVER,
    "grading_method": QuizPage.GradingMethod.HIGHEST,
}


class ExamPage(QuizPage):
    """The theory exam of one assessment round (批次): province admins compose the paper (fixed questions and
    random draws by topic from the round's level), set the window and the time limit, and publish it."""

    round = models.ForeignKey(
        "certification.AssessmentRound", verbose_name=_("assessment round"), on_delete=models.PROTECT,
        related_name="exams", help_text=_("Only applicants accepted into this round may sit the exam."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("round"),
        FieldPanel("intro"),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("draws", label=_("Random draws from the bank (the round's level)")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed"),
                               FieldPanel("pass_mark")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
            ],
            heading=_("Exam rules"),
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["exams.ExamIndexPage"]
    subpage_types = []
    base_form_class = ExamPageForm

    class Meta:
        verbose_name = _("level exam")
        verbose_name_plural = _("level exams")

    def __init__(self, *args, **kwargs):
        """A new exam starts with the exam defaults (one attempt, 90 minutes, answers never shown)."""
        super().__init__(*args, **kwargs)
        if not args:  # rows read from the database come positionally
            for name, value in EXAM_DEFAULTS.items():
                if name not in kwargs:
                    setattr(self, name, value)

    def clean(self):
        super().clean()
        errors = {}
        if not self.opens_at or not self.closes_at:
            errors["opens_at"] = _("An exam needs a window: set when it opens and when it closes.")
        if not self.time_limit_minutes:
            errors["time_limit_minutes"] = _("An exam needs a time limit.")
        if not self.attempts_allowed:
            errors["attempts_allowed"] = _("An exam allows a fixed number of attempts (1 or more).")
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        from .views import exam_page

        return exam_page(request, self)

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.serve(request)
