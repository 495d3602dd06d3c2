"""Admin screens beyond the enrollment listing: the approval queue of organization admins, the assignment form,
and the trainers' view of a course's enrollments with the distribution of progress. Thin callers of services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from people.models import User

from . import services
from .forms import AssignCourseForm, DecisionForm
from .models import Enrollment
from .teams import courses_taught_by

DECIDE_PERMISSION = "courses.change_enrollment"
ASSIGN_PERMISSION = "courses.add_enrollment"
VIEW_PERMISSION = "courses.view_enrollment"

PROGRESS_BUCKETS = [
    (0, 0, gettext_lazy("Not started (0%)")),
    (1, 49, gettext_lazy("Under half (1–49%)")),
    (50, 99, gettext_lazy("Half or more (50–99%)")),
    (100, 100, gettext_lazy("All done (100%)")),
]


class PermissionView(View):
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApprovalQueueView(PermissionView):
    permission = DECIDE_PERMISSION
    page_title = gettext_lazy("Enrollment requests awaiting a decision")

    def get(self, request):
        requests = (
            Enrollment.objects.filter(status=Enrollment.Status.PENDING,
                                      user__in=User.objects.visible_to(request.user).values("pk"))
            .exclude(user=request.user).select_related("user__organization", "course__level")
            .order_by("created_at", "pk")
        )
        page = Paginator(requests, 30).get_page(request.GET.get("p"))
        return TemplateResponse(request, "courses/admin/approval_queue.html",
                                {"page_obj": page, "page_title": self.page_title})


class DecideEnrollmentView(PermissionView):
    permission = DECIDE_PERMISSION

    def post(self, request, enrollment_id):
        form = DecisionForm(request.POST)
        decision = request.POST.get("decision")
        if not form.is_valid() or decision not in {"approve", "reject"}:
            messages.error(request, _("The decision could not be read; try again."))
            return redirect("courses_admin:approval_queue")
        try:
            enrollment = services.decide_enrollment(
                enrollment_id, actor=request.user, approve=decision == "approve", reason=form.cleaned_data["reason"]
            )
        except services.EnrollmentError as error:
            messages.error(request, error.message)
        else:
            text = _("%(person)s may now take “%(course)s”.") if decision == "approve" else _(
                "The request of %(person)s for “%(course)s” is rejected.")
            messages.success(request, text % {"person": enrollment.user, "course": enrollment.course_title})
        return redirect("courses_admin:approval_queue")


class AssignCourseView(PermissionView):
    permission = ASSIGN_PERMISSION
    page_title = gettext_lazy("Assign a course")

    def render(self, request, form):
        return TemplateResponse(request, "courses/admin/assign.html", {"form": form, "page_title": self.page_title})

    def get(self, request):
        return self.render(request, AssignCourseForm(actor=request.user, initial={"course": request.GET.get("course")}))

    def post(self, request):
        form = AssignCourseForm(request.POST, actor=request.user)
        if not form.is_valid():
            return self.render(request, form)
        try:
            result = services.assign_course(
                form.cleaned_data["course"], actor=request.user, users=list(form.cleaned_data["users"]),
                organization=form.cleaned_data["organization"],
            )
        except services.EnrollmentError as error:
            form.add_error(None, error.message)
            return self.render(request, form)
        messages.success(request, _(
            "Assigned: %(created)s new enrollments, %(activated)s requests activated, %(existing)s already enrolled."
        ) % result)
        return redirect("courses_admin:assign")


class CourseEnrollmentsView(PermissionView):
    """A trainer's view of one of their courses: how many are where, and who (paginated)."""

    permission = VIEW_PERMISSION

    def get(self, request, course_id):
        course = get_object_or_404(courses_taught_by(request.user), pk=course_id)
        enrollments = Enrollment.objects.filter(course=course).exclude(
            status__in=[Enrollment.Status.REJECTED, Enrollment.Status.WITHDRAWN])
        bucket = Case(*[When(progress__gte=low, progress__lte=high, then=Value(index))
                        for index, (low, high, _label) in enumerate(PROGRESS_BUCKETS)], output_field=IntegerField())
        counts = dict(enrollments.exclude(status=Enrollment.Status.PENDING).annotate(bucket=bucket)
                      .values_list("bucket").annotate(n=Count("pk")).values_list("bucket", "n"))
        total = sum(counts.values())
        distribution = [
            {"label": label, "count": counts.get(index, 0),
             "percent": round(100 * counts.get(index, 0) / total) if total else 0}
            for index, (_low, _high, label) in enumerate(PROGRESS_BUCKETS)
        ]
        by_status = dict(enrollments.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        page = Paginator(enrollments.select_related("user__organization").order_by("-progress", "user__real_name"),
                         50).get_page(request.GET.get("p"))
        return TemplateResponse(request, "courses/admin/course_enrollments.html", {
            "course": course, "distribution": distribution, "page_obj": page, "total": total,
            "by_status": [(label, by_status.get(value, 0)) for value, label in Enrollment.Status.choices
                          if value in Enrollment.LIVE_STATUSES],
            "page_title": _("Enrollments: %(course)s") % {"course": course.title},
        })


class MyCoursesView(PermissionView):
    """The courses a trainer teaches, with their enrollment counts."""

    permission = VIEW_PERMISSION
    page_title = gettext_lazy("My courses")

    def get(self, request):
        courses = courses_taught_by(request.user).select_related("level").annotate(
            active=Count("enrollments", filter=_status(Enrollment.Status.ACTIVE)),
            completed=Count("enrollments", filter=_status(Enrollment.Status.COMPLETED)),
            pending=Count("enrollments", filter=_status(Enrollment.Status.PENDING)),
        ).order_by("level__rank", "title")
        page = Paginator(courses, 30).get_page(request.GET.get("p"))
        return TemplateResponse(request, "courses/admin/my_courses.html",
                                {"page_obj": page, "page_title": self.page_title})


def _status(status):
    return Q(enrollments__status=status)
