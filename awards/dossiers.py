"""The nominee dossier: what the nominating admin, the province admin and the seated experts read about a nominee.

A dossier is a list of sections per nominee kind (counselor, studio, course). Each section loads the data of many
nominees at once, in a fixed number of queries whatever their number, so a page showing one dossier or fifty runs the
same queries per section. Other apps add sections without this app importing them (the evaluations app adds the
multi-source evaluation record of a star this way, registered from its own AppConfig.ready):

    from awards.dossiers import Section, register_section

    class EvaluationSection(Section):
        key = "evaluations"                      # unique per nominee kind; registering a key again replaces it
        order = 100                              # shown after the sections with lower numbers (this app's: 10–30)
        title = _("Evaluation record")
        template_name = "evaluations/award_dossier.html"   # rendered with {"value": ..., "nomination": ...}

        def for_nominees(self, nominee_ids, *, cycle):
            # nominee_ids: user ids (counselor), studio ids (studio) or course page ids (course);
            # cycle: the awards.Cycle (its starts_year / ends_year bound what counts).
            # Return {nominee_id: value}; a nominee missing from the dict shows the section's `empty` text.
            return {row["person_id"]: row for row in ...}  # one query for all of them

    register_section("counselor", EvaluationSection())

A section may instead override `render(value, nomination, request) -> str` (by default the template above). Section
errors are not caught: a section must not fail on a nominee without data (return nothing for it).
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .models import NomineeKind

CERTIFICATES_SHOWN = 10


class Section:
    """One part of a dossier; see the module docstring for the interface."""

    key = ""
    title = ""
    template_name = ""
    #: sections are shown by this number, then in the order they were registered (this app's own come first)
    order = 100
    empty = _("No record.")

    def for_nominees(self, nominee_ids, *, cycle) -> dict:
        raise NotImplementedError

    def render(self, value, nomination, request) -> str:
        return render_to_string(self.template_name, {"value": value, "nomination": nomination}, request=request)


_sections: dict[str, dict[str, Section]] = defaultdict(dict)


def register_section(nominee_kind: str, section: Section) -> None:
    """Add `section` to the dossiers of `nominee_kind` ("counselor", "studio" or "course"), after those there."""
    if nominee_kind not in NomineeKind.values:
        raise ValueError(f"Unknown nominee kind {nominee_kind!r}; use one of {NomineeKind.values}.")
    if not section.key:
        raise ValueError("A dossier section needs a key.")
    _sections[nominee_kind][section.key] = section


def sections_for(nominee_kind: str) -> list[Section]:
    return sorted(_sections[nominee_kind].values(), key=lambda section: section.order)


def dossier(nominations, request) -> dict[int, list[dict]]:
    """{nomination id: [{"key", "title", "html"}]} for `nominations`, each section loading every nominee of one
    kind and cycle at once."""
    result = {nomination.pk: [] for nomination in nominations}
    groups = defaultdict(list)
    for nomination in nominations:
        groups[(nomination.award_type.nominee_kind, nomination.cycle_id)].append(nomination)
    for (kind, _cycle_id), members in groups.items():
        ids = {nomination.nominee_id for nomination in members}
        for section in sections_for(kind):
            values = section.for_nominees(ids, cycle=members[0].cycle)
            for nomination in members:
                value = values.get(nomination.nominee_id)
                html = section.render(value, nomination, request) if value is not None else ""
                result[nomination.pk].append({"key": section.key, "title": section.title, "html": html,
                                              "empty": section.empty})
    return result


def cycle_dates(cycle) -> tuple[datetime.date, datetime.date]:
    return datetime.date(cycle.starts_year, 1, 1), datetime.date(cycle.ends_year, 12, 31)


# --- the sections this app provides --------------------------------------------------------------------------------


class LevelSection(Section):
    """The counselor's highest valid level (certification.LevelRecord), with when and how it was obtained."""

    key = "level"
    order = 10
    title = _("Level")
    template_name = "awards/dossier/level.html"

    def for_nominees(self, nominee_ids, *, cycle):
        from certification.models import LevelRecord

        records = (
            LevelRecord.objects.valid().filter(holder_id__in=list(nominee_ids)).select_related("level")
            .order_by("holder_id", "-level__rank")
        )
        values = {}
        for record in records:
            values.setdefault(record.holder_id, record)
        return values


class CPDSection(Section):
    """The counselor's CPD credit in the cycle's years: total, professional and public hours, and entries."""

    key = "cpd"
    order = 20
    title = _("CPD in the cycle")
    template_name = "awards/dossier/cpd.html"

    def for_nominees(self, nominee_ids, *, cycle):
        from cpd.models import ZERO, CreditEntry

        starts_on, ends_on = cycle_dates(cycle)
        rows = (
            CreditEntry.objects.filter(counselor_id__in=list(nominee_ids), occurred_on__gte=starts_on,
                                       occurred_on__lte=ends_on)
            .order_by().values("counselor_id")
            .annotate(
                total=Coalesce(Sum("hours"), ZERO),
                professional=Coalesce(Sum("hours", filter=Q(category=CreditEntry.Category.PROFESSIONAL)), ZERO),
                public=Coalesce(Sum("hours", filter=Q(category=CreditEntry.Category.PUBLIC)), ZERO),
                entries=Count("pk"),
            )
        )
        return {row["counselor_id"]: {**row, "cycle": cycle} for row in rows}


class CertificatesSection(Section):
    """The counselor's valid certificates, newest first (at most CERTIFICATES_SHOWN, with the number of all)."""

    key = "certificates"
    order = 30
    title = _("Certificates")
    template_name = "awards/dossier/certificates.html"

    def for_nominees(self, nominee_ids, *, cycle):
        from cpd.models import Certificate

        values = {}
        for certificate in Certificate.objects.valid().filter(holder_id__in=list(nominee_ids)).order_by(
            "holder_id", "-issued_on", "-pk"
        ).only("pk", "holder_id", "kind", "title", "issuer", "issued_on"):
            entry = values.setdefault(certificate.holder_id, {"shown": [], "count": 0})
            entry["count"] += 1
            if len(entry["shown"]) < CERTIFICATES_SHOWN:
                entry["shown"].append(certificate)
        return values


class StudioSection(Section):
    """The studio: organization, city, its latest rating and date, the lead and the members."""

    key = "studio"
    order = 10
    title = _("Studio")
    template_name = "awards/dossier/studio.html"

    def for_nominees(self, nominee_ids, *, cycle):
        from studios.models import Studio, StudioMembership

        studios = Studio.objects.filter(pk__in=list(nominee_ids)).select_related("lead", "organization", "city")
        studios = studios.prefetch_related(Prefetch(
            "memberships", queryset=StudioMembership.objects.select_related("member").order_by("pk"),
        ))
        return {studio.pk: studio for studio in studios}


class CourseSection(Section):
    """The course: title, level, category, hours, owner, enrollments and completions, and its link."""

    key = "course"
    order = 10
    title = _("Course")
    template_name = "awards/dossier/course.html"

    def for_nominees(self, nominee_ids, *, cycle):
        from courses.models import CoursePage, Enrollment

        counts = {
            row["course_id"]: row
            for row in Enrollment.objects.filter(course_id__in=list(nominee_ids)).order_by().values("course_id")
            .annotate(
                enrolled=Count("pk", filter=Q(status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED])),
                completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
            )
        }
        values = {}
        for course in CoursePage.objects.filter(pk__in=list(nominee_ids)).select_related("level", "owner"):
            row = counts.get(course.pk, {})
            values[course.pk] = {"course": course, "enrolled": row.get("enrolled", 0),
                                 "completed": row.get("completed", 0)}
        return values


def register_builtin_sections() -> None:
    register_section(NomineeKind.COUNSELOR, LevelSection())
    register_section(NomineeKind.COUNSELOR, CPDSection())
    register_section(NomineeKind.COUNSELOR, CertificatesSection())
    register_section(NomineeKind.STUDIO, StudioSection())
    register_section(NomineeKind.COURSE, CourseSection())
