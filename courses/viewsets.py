"""The enrollment listing (scoped, filtered, exportable, read-only) and the training plans as snippets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from exports.viewsets import ExportViewSetMixin
from people.models import Organization
from people.scoping import ScopedViewSetMixin

from .forms import InRangeIds
from .models import CoursePage, Enrollment, TrainingPlan


class InRangeFilterField(InRangeIds, ModelChoiceField):
    pass


class CourseFilter(django_filters.ModelChoiceFilter):
    """An id beyond the database's integer range in ?course= is an invalid choice, not a 500."""

    field_class = InRangeFilterField


class EnrollmentFilterSet(WagtailFilterSet):
    course = CourseFilter(label=_("Course"), queryset=CoursePage.objects.order_by("title"))
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=lambda request: Organization.objects.visible_to(request.user),
        method="filter_organization",
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Enrolled"), widget=DateRangePickerWidget)

    class Meta:
        model = Enrollment
        fields = ["status", "source"]

    def filter_organization(self, queryset, name, value):
        return queryset.filter(user__organization__path__startswith=value.path) if value else queryset


class EnrollmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user__organization", "course")


class EnrollmentHistoryView(HistoryView):
    any_permission_required = ["view"]


class EnrollmentViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Enrollments of the people in scope (and, for trainers, of their courses); changed only through services."""

    model = Enrollment
    icon = "list-ul"
    menu_label = _("Enrollments")
    menu_order = 1
    add_to_admin_menu = False
    index_view_class = EnrollmentIndexView
    history_view_class = EnrollmentHistoryView
    filterset_class = EnrollmentFilterSet
    ordering = ["-created_at", "-pk"]
    list_display = ["user", "course_title", "status", "progress", "source", "created_at", "completed_at"]
    list_export = ["user", "user.email", "user.organization", "course_title", "get_status_display", "progress",
                   "get_source_display", "hours", "created_at", "completed_at"]
    export_headings = {
        "user": _("Counselor"), "user.email": _("E-mail"), "user.organization": _("Organization"),
        "course_title": _("Course"), "get_status_display": _("Status"), "progress": _("Progress (%)"),
        "get_source_display": _("Source"), "hours": _("Training hours"), "created_at": _("Enrolled at"),
        "completed_at": _("Completed at"),
    }
    export_filename = "enrollments"
    search_fields = ["course_title", "user__real_name", "user__email"]
    inspect_view_enabled = True
    inspect_view_fields = ["user", "course_title", "status", "source", "progress", "hours", "created_at",
                           "decided_at", "decided_by", "decision_reason", "assigned_by", "completed_at"]
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = []  # never used: the permission policy refuses add, change and delete


class TrainingPlanViewSet(SnippetViewSet):
    """One ordered training plan per level, edited by province admins."""

    model = TrainingPlan
    icon = "list-ol"
    menu_label = _("Training plans")
    add_to_admin_menu = False
    list_display = ["level"]
