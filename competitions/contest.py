"""The knowledge contest (知识竞赛): a knowledge round's timed paper, on the quiz engine.

A `ContestPage` is a `QuizPage` subclass that stands under the contests folder (`ContestIndexPage`), authored in the
admin like a level exam: fixed questions and random draws from the bank, a window and a time limit that must be set,
one attempt unless configured otherwise, answers never shown, the best grade counting. It belongs to one round whose
format is the knowledge contest. Who may sit it and where the grade goes is its quiz host
(`competitions.hosts.ContestHost`): only entrants with a live RoundEntry in that round, and the grade becomes the
RoundEntry's score.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page

from quizzes.models import QuizPage


class ContestIndexPage(Page):
    """The folder of the knowledge contests in the page tree (one per site). Visitors are sent to 我的竞赛."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["competitions.ContestPage"]
    max_count = 1

    class Meta:
        verbose_name = _("knowledge contests folder")
        verbose_name_plural = _("knowledge contests folders")

    def serve(self, request, *args, **kwargs):
        return redirect("competitions:mine")


CONTEST_DEFAULTS = {
    "attempts_allowed": 1,
    "time_limit_minutes": 30,
    "review_policy": QuizPage.ReviewPolicy.NEVER,
    "grading_method": QuizPage.GradingMethod.HIGHEST,
}


class ContestPage(QuizPage):
    """The paper of one knowledge round: organizers compose it (fixed questions and random draws), set the window
    and the time limit, and publish it; the entrants of the round sit it from their entry page."""

    round = models.ForeignKey(
        "competitions.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="contests",
        limit_choices_to={"format": "knowledge"},
        help_text=_("A knowledge-contest round; only its entrants may sit the paper, and the best grade becomes "
                    "their score in the round."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("round"),
        FieldPanel("intro"),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("draws", label=_("Random draws from the bank")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
            ],
            heading=_("Contest rules"),
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["competitions.ContestIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("knowledge contest")
        verbose_name_plural = _("knowledge contests")

    def __init__(self, *args, **kwargs):
        """A new contest starts with the contest defaults (one attempt, 30 minutes, answers never shown)."""
        super().__init__(*args, **kwargs)
        if not args:  # rows read from the database come positionally
            for name, value in CONTEST_DEFAULTS.items():
                if name not in kwargs:
                    setattr(self, name, value)

    def clean(self):
        super().clean()
        errors = {}
        if not self.opens_at or not self.closes_at:
            errors["opens_at"] = _("A contest needs a window: set when it opens and when it closes.")
        if not self.time_limit_minutes:
            errors["time_limit_minutes"] = _("A knowledge contest is timed: set a time limit.")
        if not self.attempts_allowed:
            errors["attempts_allowed"] = _("A contest allows a fixed number of attempts (1 or more).")
        if self.round_id and self.round.format != self.round.Format.KNOWLEDGE:
            errors["round"] = _("Choose a round whose format is the online knowledge contest.")
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        from .views import contest_page

        return contest_page(request, self)

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.serve(request)
