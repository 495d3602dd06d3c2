"""Admin screens of the quizzes: question import, the hand-grading queue, regrading a question, and item
statistics. Thin callers of quizzes.importing / grading / statistics; a grader sees only the quizzes they grade
(quizzes.hosts.quizzes_graded_by: a trainer those of the courses they teach) and regrades only their own questions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from lms import spreadsheets

from . import grading, importing
from .errors import AttemptError
from .forms import MAX_IMPORT_ROWS, EssayGradeForm, QuestionImportForm
from .hosts import quizzes_graded_by
from .models import Attempt, AttemptItem, Kind, Question
from .rubrics import criteria
from .services import awaiting_items
from .statistics import quiz_statistics

IMPORT_PERMISSION = "quizzes.add_question"
GRADE_PERMISSION = "quizzes.change_attempt"


class PermissionView(View):
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(PermissionView):
    """Upload questions; a file with any bad row imports nothing and lists every bad row."""

    permission = IMPORT_PERMISSION
    page_title = gettext_lazy("Import questions")

    def render(self, request, form, report=None, file_error=None, status=200):
        return TemplateResponse(request, "quizzes/admin/import.html", {
            "form": form, "report": report, "file_error": file_error, "page_title": self.page_title,
            "headers": importing.HEADERS,
        }, status=status)

    def get(self, request):
        return self.render(request, QuestionImportForm())

    def post(self, request):
        form = QuestionImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            report = importing.import_questions(form.cleaned_data["file"], request.user, max_rows=MAX_IMPORT_ROWS)
        except importing.ImportFileError as error:
            return self.render(request, form, file_error=str(error), status=400)
        if not report.is_clean:
            return self.render(request, form, report=report, status=400)
        messages.success(request, _("Import finished: %(created)s questions added, %(skipped)s already in the bank.")
                         % {"created": report.created, "skipped": report.skipped})
        return self.render(request, QuestionImportForm(), report=report)


def import_template(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    return spreadsheets.xlsx_response(importing.template_rows(), "question-import-template.xlsx", "题库")


class GradingQueueView(PermissionView):
    """Essays waiting for a score in the quizzes the trainer teaches, oldest submission first."""

    permission = GRADE_PERMISSION
    page_title = gettext_lazy("Essays to grade")

    def get(self, request):
        items = awaiting_items(request.user).select_related("attempt__user__organization", "attempt__quiz")
        page = Paginator(items, 30).get_page(request.GET.get("p"))
        return TemplateResponse(request, "quizzes/admin/grading_queue.html",
                                {"page_obj": page, "page_title": self.page_title})


class GradeEssayView(PermissionView):
    """One essay: the question, the rubric, the answer, and the score and comment form."""

    permission = GRADE_PERMISSION
    page_title = gettext_lazy("Grade an essay")

    def get_item(self, request, item_id):
        return get_object_or_404(
            AttemptItem.objects.select_related("attempt__user", "attempt__quiz", "graded_by"),
            pk=item_id, kind=Kind.ESSAY, attempt__quiz__in=quizzes_graded_by(request.user).values("pk"),
        )

    def render(self, request, item, form, status=200):
        return TemplateResponse(request, "quizzes/admin/grade.html",
                                {"item": item, "form": form, "page_title": self.page_title}, status=status)

    def form(self, item, data=None):
        parts = criteria(item.rubric, item.points)
        initial = None
        if item.score is not None:
            initial = {"score": item.score, "comment": item.comment}
            if len(item.rubric_scores) == len(parts):
                initial.update({f"criterion_{index}": value for index, value in enumerate(item.rubric_scores)})
        return EssayGradeForm(data, initial=initial, points=item.points, criteria=parts)

    def get(self, request, item_id):
        item = self.get_item(request, item_id)
        return self.render(request, item, self.form(item))

    def post(self, request, item_id):
        item = self.get_item(request, item_id)
        form = self.form(item, request.POST)
        if not form.is_valid():
            return self.render(request, item, form, status=400)
        try:
            grading.grade_essay(item.pk, actor=request.user, score=form.cleaned_data["score"],
                                comment=form.cleaned_data["comment"],
                                rubric_scores=form.cleaned_data["rubric_scores"])
        except AttemptError as error:
            form.add_error(None, error.message)
            return self.render(request, item, form, status=400)
        messages.success(request, _("The essay of %(person)s is graded.") % {"person": item.attempt.user})
        return redirect("quizzes_admin:grading_queue")


class RegradeView(PermissionView):
    """Regrade every attempt that served a question, after its key was corrected (confirmation, then POST)."""

    permission = GRADE_PERMISSION
    page_title = gettext_lazy("Regrade attempts")

    def get_question(self, request, question_id):
        return get_object_or_404(Question.objects.authored_by(request.user).exclude(kind=Kind.ESSAY),
                                 pk=question_id)

    def get(self, request, question_id):
        question = self.get_question(request, question_id)
        counts = AttemptItem.objects.filter(question=question).aggregate(
            answers=Count("pk"), finished=Count("pk", filter=~Q(attempt__status=Attempt.Status.IN_PROGRESS)))
        return TemplateResponse(request, "quizzes/admin/regrade.html",
                                {"question": question, "counts": counts, "page_title": self.page_title})

    def post(self, request, question_id):
        question = self.get_question(request, question_id)
        try:
            result = grading.regrade_question(question.pk, actor=request.user)
        except AttemptError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Regraded %(attempts)s finished attempts; %(changed)s scores changed.")
                             % result)
        from .wagtail_hooks import question_viewset

        return redirect(question_viewset.get_url_name("list"))


class QuizListView(PermissionView):
    """The quizzes the user grades, with their attempt counts, linking to the statistics."""

    permission = GRADE_PERMISSION
    page_title = gettext_lazy("Quiz statistics")

    def get(self, request):
        quizzes = quizzes_graded_by(request.user).annotate(
            graded=Count("attempts", filter=Q(attempts__status=Attempt.Status.GRADED)),
            awaiting=Count("attempts", filter=Q(attempts__status=Attempt.Status.AWAITING_GRADING)),
        ).order_by("path")
        page = Paginator(quizzes, 30).get_page(request.GET.get("p"))
        return TemplateResponse(request, "quizzes/admin/quizzes.html",
                                {"page_obj": page, "page_title": self.page_title})


class StatisticsView(PermissionView):
    """Facility, discrimination (upper/lower 27% groups) and choice frequencies of one quiz's questions."""

    permission = GRADE_PERMISSION

    def get(self, request, quiz_id):
        quiz = get_object_or_404(quizzes_graded_by(request.user), pk=quiz_id)
        return TemplateResponse(request, "quizzes/admin/statistics.html", {
            "quiz": quiz, "stats": quiz_statistics(quiz),
            "page_title": _("Statistics: %(quiz)s") % {"quiz": quiz.title},
        })
