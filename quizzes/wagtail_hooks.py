"""The quizzes in the Wagtail admin: the question bank (each trainer their own questions, province admins all),
the import, the hand-grading queue and the item statistics of the quizzes a trainer teaches, under one menu; and
the audit log actions."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import IndexView as ModelIndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet

from exports.viewsets import ExportViewSetMixin
from lms.admin_menu import PermissionMenuItem
from people.scoping import ScopedViewSetMixin

from . import admin_views, services
from .models import Attempt, Kind, Question, QuizDraw, QuizPage


class QuestionCreateView(CreateView):
    def save_instance(self):
        self.form.instance.owner = self.request.user
        return super().save_instance()


class QuestionIndexView(IndexView):
    """The bank listing; the "used in" column names the quizzes that serve a question as a fixed question or can
    draw it at random (all draws are read once per page, so the listing runs a fixed number of queries)."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("topic", "level", "owner").prefetch_related(
            "quiz_uses__quiz"
        )

    @cached_property
    def draws(self) -> list[QuizDraw]:
        return list(QuizDraw.objects.select_related("quiz"))

    def used_in(self, question) -> str:
        titles = {use.quiz.title for use in question.quiz_uses.all()}
        titles |= {draw.quiz.title for draw in self.draws if draw.can_draw(question)}
        return "、".join(sorted(titles)) or "—"

    @cached_property
    def columns(self):
        columns = super().columns
        return [*columns[:-1], Column("used_in", label=_("Used in quizzes"), accessor=self.used_in), columns[-1]]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.kind != Kind.ESSAY and self.request.user.has_perm(admin_views.GRADE_PERMISSION):
            url = reverse("quizzes_admin:regrade", args=[instance.pk])
            buttons.append(MenuItem(_("Regrade attempts"), url=url, icon_name="repeat", priority=50))
        return buttons


class QuestionViewSet(ExportViewSetMixin, ScopedViewSetMixin, SnippetViewSet):
    """The question bank: single and multiple choice, true or false, fill in the blank, essays."""

    model = Question
    icon = "help"
    menu_label = _("Question bank")
    add_to_admin_menu = False
    add_view_class = QuestionCreateView
    index_view_class = QuestionIndexView
    list_display = ["__str__", "kind", "topic", "level", "difficulty", "points", "owner"]
    list_filter = ["kind", "topic", "level", "difficulty"]
    list_export = ["kind", "stem", "topic", "level", "difficulty", "points", "explanation", "owner"]
    export_filename = "questions"
    search_fields = ["stem"]
    inspect_view_enabled = True
    inspect_view_fields = ["kind", "stem", "topic", "level", "difficulty", "points", "scoring", "true_false_answer",
                           "accepted_answers", "explanation", "rubric", "owner", "drawn_by", "served_count"]
    copy_view_enabled = False


question_viewset = QuestionViewSet()
register_snippet(question_viewset)


class AttemptIndexView(ModelIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user__organization")


class AttemptHistoryView(HistoryView):
    """The audit trail of an attempt (started, submitted, graded, regraded) for those who may view it."""

    any_permission_required = ["view"]


class AttemptViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Quiz results of the courses a trainer teaches: filterable, exportable, read-only."""

    model = Attempt
    icon = "list-ul"
    menu_label = _("Quiz results")
    add_to_admin_menu = False
    index_view_class = AttemptIndexView
    history_view_class = AttemptHistoryView
    ordering = ["-started_at", "-pk"]
    list_display = ["user", "quiz_title", "number", "status", "percent", "submitted_at"]
    list_filter = ["status", "finished_by"]
    list_export = ["user", "user.email", "user.organization", "quiz_title", "number", "get_status_display",
                   "score", "max_score", "percent", "started_at", "submitted_at", "get_finished_by_display"]
    export_headings = {
        "user": _("Counselor"), "user.email": _("E-mail"), "user.organization": _("Organization"),
        "quiz_title": _("Quiz"), "number": _("Attempt"), "get_status_display": _("Status"), "score": _("Score"),
        "max_score": _("Maximum score"), "percent": _("Percent"), "started_at": _("Started"),
        "submitted_at": _("Submitted at"), "get_finished_by_display": _("Finished"),
    }
    export_filename = "quiz-results"
    search_fields = ["quiz_title", "user__real_name", "user__email"]
    inspect_view_enabled = True
    inspect_view_fields = ["user", "quiz_title", "number", "status", "started_at", "deadline", "submitted_at",
                           "finished_by", "graded_at", "score", "max_score", "percent"]
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = []  # never used: the permission policy refuses add, change and delete


attempt_viewset = AttemptViewSet("quiz_attempts")


@hooks.register("register_admin_viewset")
def register_attempt_viewset():
    return attempt_viewset


@hooks.register("register_admin_urls")
def register_quizzes_admin_urls():
    urls = [
        path("import/", admin_views.ImportView.as_view(), name="import"),
        path("import/template.xlsx", admin_views.import_template, name="import_template"),
        path("grading/", admin_views.GradingQueueView.as_view(), name="grading_queue"),
        path("grading/<rowid:item_id>/", admin_views.GradeEssayView.as_view(), name="grade"),
        path("questions/<rowid:question_id>/regrade/", admin_views.RegradeView.as_view(), name="regrade"),
        path("statistics/", admin_views.QuizListView.as_view(), name="quizzes"),
        path("statistics/<rowid:quiz_id>/", admin_views.StatisticsView.as_view(), name="statistics"),
    ]
    return [path("quizzes/", include((urls, "quizzes_admin")))]


class QuizzesMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.view_question") or request.user.has_perm(admin_views.GRADE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_quizzes_menu():
    menu = Menu(items=[
        PermissionMenuItem(_("Question bank"), question_viewset.get_url_name("list"), "quizzes.view_question",
                           name="quizzes-questions", icon_name="help", order=1),
        PermissionMenuItem(_("Import questions"), "quizzes_admin:import", admin_views.IMPORT_PERMISSION,
                           name="quizzes-import", icon_name="upload", order=2),
        PermissionMenuItem(_("Essays to grade"), "quizzes_admin:grading_queue", admin_views.GRADE_PERMISSION,
                           name="quizzes-grading", icon_name="edit", order=3),
        PermissionMenuItem(_("Quiz results"), attempt_viewset.get_url_name("index"), "quizzes.view_attempt",
                           name="quizzes-results", icon_name="list-ul", order=4),
        PermissionMenuItem(_("Quiz statistics"), "quizzes_admin:quizzes", admin_views.GRADE_PERMISSION,
                           name="quizzes-statistics", icon_name="table", order=5),
    ])
    return QuizzesMenuItem(_("Questions and quizzes"), menu, name="quizzes", icon_name="help", order=306)


@hooks.register("register_log_actions")
def register_quizzes_log_actions(actions):
    actions.register_action("quizzes.attempt.started", _("Start attempt"), _("Attempt started"))
    actions.register_action("quizzes.attempt.submitted", _("Submit attempt"), _("Attempt submitted"))
    actions.register_action("quizzes.attempt.graded", _("Grade attempt"), _("Attempt graded"))
    actions.register_action("quizzes.attempt.essay_graded", _("Grade essay"), _("Essay graded"))
    actions.register_action("quizzes.attempt.regraded", _("Regrade attempt"), _("Attempt regraded"))
    actions.register_action("quizzes.question.imported", _("Import question"), _("Question imported"))
    actions.register_action("quizzes.question.regraded", _("Regrade question"), _("Attempts of the question regraded"))


def _questions_in_use(questions) -> bool:
    ids = [question.pk for question in questions if isinstance(question, Question)]
    return bool(ids) and Question.objects.filter(pk__in=ids).filter(
        Q(quiz_uses__isnull=False) | Q(attempt_items__isnull=False)).exists()


@hooks.register("before_delete_snippet")
def keep_questions_in_use(request, instances):
    """A question that a quiz serves or an attempt answered is kept (the attempts point at it)."""
    if _questions_in_use(instances):
        messages.error(request, _("This question is used by a quiz or was answered in attempts, so it cannot be "
                                  "deleted. Remove it from the quizzes instead; past attempts keep their copy."))
        return redirect(question_viewset.get_url_name("list"))
    return None


@hooks.register("before_bulk_action")
def keep_questions_in_use_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete" and _questions_in_use(objects):
        messages.error(request, _("Some of these questions are used by quizzes or were answered in attempts, so "
                                  "they cannot be deleted."))
        return redirect(question_viewset.get_url_name("list"))
    return None


@hooks.register("before_delete_page")
def keep_quizzes_with_attempts(request, page):
    """A quiz that counselors have attempted (or a page above one) is unpublished, never deleted."""
    if QuizPage.objects.descendant_of(page, inclusive=True).filter(attempts__isnull=False).exists():
        messages.error(request, _("Counselors have attempted this quiz, so it cannot be deleted; unpublish it "
                                  "instead. Their attempts and results are kept."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_review_gives_the_key_away(request, page):
    """A non-blocking warning on save and publish: a random draw from a small pool, with the answers shown right
    after submitting, lets a learner read most of the next attempt's key (a blank first attempt is enough)."""
    if not isinstance(page, QuizPage):  # the editor hands over the specific page, with its unsaved draws
        return
    for draw, pool in services.small_draw_pools(page):
        messages.warning(request, _(
            "A random draw takes %(count)s questions from a pool of only %(pool)s. Because this quiz shows the "
            "answers after submitting, a learner can read the key of most of their next attempt. Add questions to "
            "the pool (at least %(needed)s) or set the review to “Right or wrong only until the quiz closes”."
        ) % {"count": draw.count, "pool": pool, "needed": services.KEY_EXPOSURE_FACTOR * draw.count})
