"""Admin screens of the level exams for province admins: every exam with its counts, and one exam's results (each
admitted applicant's attempts, grade and the theory score recorded on the application). Paginated; each runs a fixed
number of queries. Exams themselves are composed in the page tree (Level exams folder); essays are graded in the
quiz engine's grading queue."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from quizzes.services import grade_of

from . import services
from .models import ExamIndexPage, ExamPage


class ProvinceAdminView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.manages_whole_province:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExamListView(ProvinceAdminView):
    page_title = gettext_lazy("Level exams")

    def get(self, request):
        page = Paginator(services.exams_overview(), 30).get_page(request.GET.get("p"))
        return TemplateResponse(request, "exams/admin/exams.html", {
            "page_obj": page, "page_title": self.page_title, "index": ExamIndexPage.objects.first(),
        })


class ExamResultsView(ProvinceAdminView):
    def get(self, request, exam_id):
        exam = get_object_or_404(ExamPage.objects.select_related("round__level"), pk=exam_id)
        page = Paginator(services.exam_results(exam), 50).get_page(request.GET.get("p"))
        attempts = services.attempts_by_applicant(exam, [application.applicant_id for application in page])
        rows = []
        for application in page:
            mine = attempts.get(application.applicant_id, [])
            rows.append({"application": application, "attempts": mine, "grade": grade_of(exam, mine)})
        return TemplateResponse(request, "exams/admin/results.html", {
            "exam": exam, "page_obj": page, "rows": rows,
            "page_title": _("Results: %(exam)s") % {"exam": exam.title},
        })
