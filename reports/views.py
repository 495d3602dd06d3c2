"""The report pages in the Wagtail admin: completion, CPD compliance, progression, workshops and staffing.

Each page is about one node of the organization tree (`?org=`, default the top of the reader's scope; a node outside
it is a 404) and shows its figures by child organization, with links to drill down, and by the report's other axes.
Every table exports as CSV and XLSX (`?export=csv|xlsx&table=<name>`) through `exports.views.ExportMixin`, which
streams small files and hands large ones to a Celery job; the export reads through the same scoped querysets.
Lists of people are paginated. Views only read: the reminder campaign is started through reports.services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from certification.models import LevelApplication
from cpd.models import CPDPeriod
from exports.views import ExportMixin

from . import charts, figures, services
from .scope import may_view_reports, resolve_node

PAGE_SIZE = 25


class NoFigures(dict):
    """The figures of an organization with no rows: every figure reads as None ("—" in tables, 0 with |default)."""

    def __missing__(self, key):
        return None


class ReportView(ExportMixin, TemplateView):
    """The frame of a report: permission, the node, breadcrumbs, and the export of one named table."""

    page_title = ""
    report_name = ""
    tables: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not may_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def node(self):
        return resolve_node(self.request.user, self.request.GET.get("org"))

    # exports ---------------------------------------------------------------------------------------------------
    @cached_property
    def export_table(self) -> str:
        table = self.request.GET.get("table", self.tables[0])
        if table not in self.tables:
            raise Http404
        return table

    def get_export_filename(self) -> str:
        return f"{self.report_name}-{self.export_table}-{self.node.organization.code}"

    def get_export_headings(self) -> list:
        return [str(heading) for heading in getattr(self, f"headings_{self.export_table}")()]

    def get_export_items(self):
        return getattr(self, f"items_{self.export_table}")()

    def get_export_row(self, item) -> list:
        return getattr(self, f"row_{self.export_table}")(item)

    def export_links(self, table: str) -> dict:
        query = self.request.GET.copy()
        query["table"] = table
        query.pop("p", None)
        links = {}
        for export_format in ("csv", "xlsx"):
            query["export"] = export_format
            links[export_format] = f"{self.request.path}?{query.urlencode()}"
        return links

    def page_of(self, queryset, parameter: str = "p"):
        return Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get(parameter))

    def org_url(self, organization) -> str:
        query = self.request.GET.copy()
        query["org"] = organization.pk
        for key in ("p", "export", "table"):
            query.pop(key, None)
        return f"{self.request.path}?{query.urlencode()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title, node=self.node,
            exports={table: self.export_links(table) for table in self.tables},
            crumbs=[(organization, self.org_url(organization)) for organization in self.node.breadcrumb],
        )
        return context

    def organization_rows(self, rows):
        """Rows for a "by organization" table: the organization, its drill-down link (None for the node itself)."""
        return [
            {"organization": organization, "figures": NoFigures() if found is None else found, "empty": found is None,
             "url": self.org_url(organization) if organization != self.node.organization else None}
            for organization, found in rows
        ]


class CompletionReportView(ReportView):
    template_name = "reports/completion.html"
    page_title = gettext_lazy("Course completion")
    report_name = "completion"
    tables = ("organizations", "courses", "levels", "months", "people")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_org = figures.completion_by_organization(self.node)
        by_course = figures.completion_by_course(self.node)
        by_level = figures.completion_by_level(by_course)
        by_month = figures.completion_by_month(self.node)
        context.update(
            by_org=self.organization_rows(by_org),
            org_chart=charts.bar_chart(
                [(organization.name, (found or {}).get("rate") or 0, _percent_text((found or {}).get("rate")))
                 for organization, found in by_org], maximum=100),
            courses=self.page_of(by_course, "cp"),
            by_level=by_level,
            level_chart=charts.bar_chart(
                [(level.name if level else _("No level"), found["rate"] or 0, _percent_text(found["rate"]))
                 for level, found in by_level], maximum=100),
            by_month=by_month,
            month_chart=charts.column_chart(
                [(f"{row['month']:%m}", (row["started"], row["completed"])) for row in by_month],
                series=(_("Enrollments started"), _("Enrollments completed"))),
            people=self.page_of(figures.completion_people(self.node)),
        )
        return context

    def headings_organizations(self):
        return [_("Organization"), _("Enrollments"), _("Completed"), _("Completion rate (%)"),
                _("Average progress (%)")]

    def items_organizations(self):
        return figures.completion_by_organization(self.node)

    def row_organizations(self, item):
        organization, found = item
        found = found or {}
        return [organization.name, found.get("enrolled", 0), found.get("completed", 0), found.get("rate"),
                found.get("progress")]

    def headings_courses(self):
        return [_("Course"), _("Enrollments"), _("Completed"), _("Completion rate (%)"), _("Average progress (%)")]

    def items_courses(self):
        return figures.completion_by_course(self.node)

    def row_courses(self, row):
        return [row["course__title"], row["enrolled"], row["completed"], row["rate"], row["progress"]]

    def headings_levels(self):
        return [_("Level"), _("Enrollments"), _("Completed"), _("Completion rate (%)"), _("Average progress (%)")]

    def items_levels(self):
        return figures.completion_by_level(figures.completion_by_course(self.node))

    def row_levels(self, item):
        level, found = item
        return [level.name if level else _("No level"), found["enrolled"], found["completed"], found["rate"],
                found["progress"]]

    def headings_months(self):
        return [_("Month"), _("Enrollments started"), _("Enrollments completed")]

    def items_months(self):
        return figures.completion_by_month(self.node)

    def row_months(self, row):
        return [f"{row['month']:%Y-%m}", row["started"], row["completed"]]

    def headings_people(self):
        return [_("Name"), _("E-mail"), _("Organization"), _("Enrollments"), _("Completed")]

    def items_people(self):
        return figures.completion_people(self.node)

    def row_people(self, person):
        return [person.real_name, person.email, person.organization.name, person.enrolled, person.completed]


class ComplianceReportView(ReportView):
    template_name = "reports/compliance.html"
    page_title = gettext_lazy("CPD compliance")
    report_name = "cpd-compliance"
    tables = ("organizations", "behind")

    @cached_property
    def periods(self):
        return list(CPDPeriod.objects.order_by("-starts_on")[:20])

    @cached_property
    def period(self) -> CPDPeriod:
        chosen = self.request.GET.get("period", "")
        if chosen:
            period = next((p for p in self.periods if str(p.pk) == chosen), None)
            if period is None:
                raise Http404
            return period
        today = timezone.localdate()
        return next((p for p in self.periods if p.starts_on <= today <= p.ends_on), None) or CPDPeriod.current()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period
        by_org = figures.compliance_by_organization(self.node, period)
        totals = figures.totals_of(by_org, ("counselors", "met_total", "met_professional", "met", "behind"))
        page = self.page_of(figures.behind(self.node, period))
        for person in page:
            person.missing = figures.shortfall(period, person)
        context.update(
            period=period, periods=self.periods, by_org=self.organization_rows(by_org), totals=totals,
            shares={key: figures.percent(totals[key], totals["counselors"])
                    for key in ("met_total", "met_professional", "met")},
            org_chart=charts.bar_chart(
                [(organization.name, (found or {}).get("met_share") or 0,
                  _percent_text((found or {}).get("met_share"))) for organization, found in by_org], maximum=100),
            behind=page, days_left=max((period.ends_on - timezone.localdate()).days, 0),
            may_remind=self.request.user.has_perm("reports.add_remindercampaign"),
            remind_url=reverse("reports:remind", args=[period.pk]) + f"?org={self.node.organization.pk}",
        )
        return context

    def headings_organizations(self):
        return [_("Organization"), _("Counselors"), _("Meeting the target"), _("Meeting the target (%)"),
                _("Meeting the professional share"), _("Meeting the professional share (%)"), _("Meeting both"),
                _("Meeting both (%)"), _("Behind"), _("Average hours")]

    def items_organizations(self):
        return figures.compliance_by_organization(self.node, self.period)

    def row_organizations(self, item):
        organization, found = item
        found = found or {}
        return [organization.name, found.get("counselors", 0), found.get("met_total", 0),
                found.get("met_total_share"), found.get("met_professional", 0), found.get("met_professional_share"),
                found.get("met", 0), found.get("met_share"), found.get("behind", 0), found.get("average")]

    def headings_behind(self):
        return [_("Name"), _("E-mail"), _("Organization"), _("Hours done"), _("Professional hours done"),
                _("Hours missing"), _("Professional hours missing"), _("Days left")]

    def items_behind(self):
        return figures.behind(self.node, self.period)

    def row_behind(self, person):
        missing = figures.shortfall(self.period, person)
        return [person.real_name, person.email, person.organization.name, person.total_hours,
                person.professional_hours, missing["total"], missing["professional"], missing["days_left"]]


class ProgressionReportView(ReportView):
    """Counselors per level, who may apply for their next level, level applications by status, and pass rates by
    assessment round, for the node's subtree."""

    template_name = "reports/progression.html"
    page_title = gettext_lazy("Progression")
    report_name = "progression"
    tables = ("organizations", "eligible", "applications", "rounds")

    @cached_property
    def figures(self):
        return figures.progression_by_organization(self.node)

    @cached_property
    def eligibility(self):
        """(rows by organization, rows by next level, when judged), from the cached judgement of the node."""
        found = figures.cached_eligibility(self.node)
        levels = self.figures[0]
        by_level = [(level, found["by_level"][level.pk]) for level in levels if level.pk in found["by_level"]]
        return self.node.rows_in_order(found["by_org"]), by_level, found["judged_at"]

    @cached_property
    def applications(self):
        return figures.applications_by_organization(self.node)

    @cached_property
    def rounds(self):
        return figures.pass_rates_by_round(self.node, self.figures[0])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        levels, by_org, totals = self.figures
        level_rows = [(level.name, totals.get(level.rank, 0)) for level in levels]
        level_rows.append((_("No level recorded"), totals.get(None, 0)))
        everyone = sum(totals.values())
        eligible_by_org, eligible_by_level, judged_at = self.eligibility
        applications_by_org, application_totals = self.applications
        statuses = dict(LevelApplication.Status.choices)
        status_rows = [(statuses[status], application_totals[status]) for status in figures.APPLICATION_STATUSES]
        rounds = self.page_of(self.rounds, "rp")
        context.update(
            levels=levels, by_org=self.organization_rows(by_org), level_rows=level_rows, everyone=everyone,
            level_chart=charts.bar_chart([(label, count, str(count)) for label, count in level_rows]),
            eligible_by_org=self.organization_rows(eligible_by_org), eligible_by_level=eligible_by_level,
            eligible_total=sum(found["eligible"] for _level, found in eligible_by_level),
            judged_total=sum(found["judged"] for _level, found in eligible_by_level), judged_at=judged_at,
            eligible_chart=charts.bar_chart(
                [(organization.name, (found or {}).get("share") or 0, _percent_text((found or {}).get("share")))
                 for organization, found in eligible_by_org], maximum=100),
            statuses=[statuses[status] for status in figures.APPLICATION_STATUSES],
            applications_by_org=self.organization_rows(applications_by_org), status_rows=status_rows,
            applications_total=sum(application_totals.values()),
            status_chart=charts.bar_chart([(label, count, str(count)) for label, count in status_rows]),
            rounds=rounds,
            round_chart=charts.bar_chart(
                [(row["round__name"], row["rate"] or 0, _percent_text(row["rate"])) for row in rounds], maximum=100),
        )
        return context

    def headings_organizations(self):
        levels = self.figures[0]
        return [_("Organization"), _("Counselors"), *[level.name for level in levels], _("No level recorded")]

    def items_organizations(self):
        return self.figures[1]

    def row_organizations(self, item):
        organization, found = item
        levels = self.figures[0]
        found = found or {"counselors": 0, "cells": [0] * (len(levels) + 1)}
        return [organization.name, found["counselors"], *found["cells"]]

    def headings_eligible(self):
        return [_("Organization"), _("Counselors below the top level"), _("Eligible for the next level"),
                _("Eligible (%)")]

    def items_eligible(self):
        return self.eligibility[0]

    def row_eligible(self, item):
        organization, found = item
        found = found or {}
        return [organization.name, found.get("judged", 0), found.get("eligible", 0), found.get("share")]

    def headings_applications(self):
        statuses = dict(LevelApplication.Status.choices)
        return [_("Organization"), _("Applications"), *[statuses[status] for status in figures.APPLICATION_STATUSES]]

    def items_applications(self):
        return self.applications[0]

    def row_applications(self, item):
        organization, found = item
        found = found or {"applications": 0, "cells": [0] * len(figures.APPLICATION_STATUSES)}
        return [organization.name, found["applications"], *found["cells"]]

    def headings_rounds(self):
        return [_("Assessment round"), _("Level"), _("Round status"), _("Applicants"), _("Decided"), _("Passed"),
                _("Pass rate (%)")]

    def items_rounds(self):
        return self.rounds

    def row_rounds(self, row):
        return [row["round__name"], row["level"], str(row["status_label"]), row["applicants"], row["decided"],
                row["passed"], row["rate"]]


class WorkshopReportView(ReportView):
    template_name = "reports/workshops.html"
    page_title = gettext_lazy("Workshops and events")
    report_name = "workshops"
    tables = ("kinds", "organizations")

    def kind_rows(self):
        from workshops.models import WorkshopPage

        by_kind = figures.workshops_by_kind(self.node)
        return [(label, by_kind[value]) for value, label in WorkshopPage.Kind.choices if value in by_kind]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = self.kind_rows()
        by_org = figures.workshops_by_organization(self.node)
        context.update(
            kinds=kinds, by_org=self.organization_rows(by_org),
            fill_chart=charts.bar_chart([(label, found["fill_rate"] or 0, _percent_text(found["fill_rate"]))
                                         for label, found in kinds], maximum=100),
            attendance_chart=charts.bar_chart(
                [(label, found["attendance_rate"] or 0, _percent_text(found["attendance_rate"]))
                 for label, found in kinds], maximum=100),
        )
        return context

    def _headings(self, first):
        return [first, _("Sessions held"), _("Seats"), _("Booked"), _("Fill rate (%)"), _("Attended"),
                _("Attendance rate (%)"), _("No-shows"), _("No-show rate (%)"), _("Average rating (1–5)"),
                _("Ratings")]

    @staticmethod
    def _cells(found):
        return [found.get("sessions", 0), found.get("capacity", 0), found.get("booked", 0), found.get("fill_rate"),
                found.get("attended", 0), found.get("attendance_rate"), found.get("no_show", 0),
                found.get("no_show_rate"), found.get("rating"), found.get("ratings", 0)]

    def headings_kinds(self):
        return self._headings(_("Kind"))

    def items_kinds(self):
        return self.kind_rows()

    def row_kinds(self, item):
        label, found = item
        return [str(label), *self._cells(found)]

    def headings_organizations(self):
        return self._headings(_("Organizer"))

    def items_organizations(self):
        return figures.workshops_by_organization(self.node)

    def row_organizations(self, item):
        organization, found = item
        return [organization.name, *self._cells(found or {})]


class StaffingReportView(ReportView):
    template_name = "reports/staffing.html"
    page_title = gettext_lazy("Staffing")
    report_name = "staffing"
    tables = ("organizations", "universities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_org = figures.staffing_by_organization(self.node)
        universities = self.page_of(figures.universities(self.node))
        for university in universities:
            university.per_500 = figures.per_500(university)
        context.update(
            by_org=self.organization_rows(by_org), universities=universities,
            staffing_chart=charts.bar_chart(
                [(organization.name, (found or {}).get("full_time_share") or 0,
                  _percent_text((found or {}).get("full_time_share"))) for organization, found in by_org],
                maximum=100),
            below_count=figures.universities(self.node).filter(below=1).count(),
        )
        return context

    def headings_organizations(self):
        return [_("Organization"), _("Counselors"), _("Full-time"), _("Part-time"), _("Not recorded"),
                _("Full-time (%)")]

    def items_organizations(self):
        return figures.staffing_by_organization(self.node)

    def row_organizations(self, item):
        organization, found = item
        found = found or {}
        return [organization.name, found.get("counselors", 0), found.get("full_time", 0), found.get("part_time", 0),
                found.get("unknown", 0), found.get("full_time_share")]

    def headings_universities(self):
        return [_("University"), _("Graduates per year"), _("Full-time counselors"), _("Needed by the guide"),
                _("Full-time counselors per 500 graduates"), _("Below the guide")]

    def items_universities(self):
        return figures.universities(self.node)

    def row_universities(self, university):
        return [university.name, university.graduates_per_year, university.full_time, university.needed,
                figures.per_500(university), _("Yes") if university.below else _("No")]


class RemindView(TemplateView):
    """The confirmation page of a reminder campaign (GET) and its start (POST), for the node (`?org=`, default the
    top of the scope) and the period in the URL."""

    template_name = "reports/remind.html"

    def dispatch(self, request, *args, **kwargs):
        if not (may_view_reports(request.user) and request.user.has_perm("reports.add_remindercampaign")):
            raise PermissionDenied
        self.node = resolve_node(request.user, request.GET.get("org") or request.POST.get("org"))
        self.period = get_object_or_404(CPDPeriod, pk=kwargs["period_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Send CPD reminders"), node=self.node, period=self.period,
            behind_count=figures.behind(self.node, self.period).count(),
            report_url=reverse("reports:compliance") + f"?org={self.node.organization.pk}&period={self.period.pk}",
        )
        return context

    def post(self, request, period_id):
        try:
            services.start_campaign(request.user, organization_id=self.node.organization.pk,
                                    period_id=self.period.pk)
        except services.ReminderError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The reminders are being sent; each person behind gets one e-mail."))
        return redirect(reverse("reports:compliance") + f"?org={self.node.organization.pk}&period={self.period.pk}")


def _percent_text(value) -> str:
    return "—" if value is None else f"{value:g}%"

