"""How competitions plug into the expert panels (experts.subjects): a RoundEntry is the subject of its judging panel,
a Round the subject of its publicity period (公示).

Conflicts of interest of a RoundEntry: the entrant, whoever registered the entry (a university's admin or adviser for
a students' team) and the team of an entered course are never seated; nor is any expert whose organization lies in
the subtree of the entry's own organization (their agency or university). City preliminaries add nothing more: an
expert of the same city but another institution may judge (a city's pool is often small; the organizer may still
seat provincial experts only by keeping the pool so). Experts versed in the topics of an entered course are seated
first; other entries have no topics and experts are taken by load alone.

When a panel's result is final it becomes the RoundEntry's score, once: a later result (there is none: one panel
per entry and round) never overwrites a score already written.

`register_subjects()` is called from CompetitionsConfig.ready().
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from experts.subjects import SubjectAdapter

from .judging import PURPOSE_PREFIX


class RoundEntryAdapter(SubjectAdapter):
    summary_template = "competitions/panel_summary.html"

    def title(self, obj):
        return f"{obj.entry.title} · {obj.round.competition.title} · {obj.round.name}"

    def excluded_user_ids(self, obj):
        from courses.models import CourseTrainer

        entry = obj.entry
        excluded = {pk for pk in (entry.entrant_id, entry.registered_by_id) if pk}
        if entry.course_id:
            excluded.update(CourseTrainer.objects.filter(course_id=entry.course_id).values_list("user_id", flat=True))
        return excluded

    def excluded_organizations(self, obj):
        return [obj.entry.organization]

    def topics(self, obj):
        if obj.entry.course_id:
            return list(obj.entry.course.topics.all())
        return []

    def purpose_label(self, purpose):
        if purpose.startswith(PURPOSE_PREFIX):
            return _("Competition judging")
        return purpose

    def summary_context(self, obj, request):
        """What an expert judges: the entry, its track, city, team or course, and its materials (download links
        that only the experts seated on the entry may use)."""
        entry = obj.entry
        return {
            "subject": obj, "title": self.title(obj), "round_entry": obj, "round": obj.round,
            "competition": obj.round.competition, "entry": entry,
            "team": list(entry.team.all()), "materials": list(entry.materials.all()),
            "course_url": entry.course.url if entry.course_id else "",
        }

    def on_panel_result(self, panel):
        from .models import RoundEntry

        if panel.result is not None and panel.purpose.startswith(PURPOSE_PREFIX):
            RoundEntry.objects.filter(pk=panel.object_id, score__isnull=True).update(score=panel.result)


class RoundAdapter(SubjectAdapter):
    """A round's results in publicity: admins of the competition's organizer follow it and decide objections."""

    purposes = {"competitions.publicity": gettext_lazy("Competition results")}

    def title(self, obj):
        return f"{obj.competition.title} · {obj.name}"

    def organization(self, obj):
        return obj.competition.organizer


def register_subjects() -> None:
    """Register the adapters (RoundEntry: judging panels; Round: publicity periods) with experts.subjects."""
    from experts.subjects import register

    from . import results_tasks  # noqa: F401  (the results e-mail task, known to workers from app start)
    from .models import Round, RoundEntry

    register(RoundEntry, RoundEntryAdapter())
    register(Round, RoundAdapter())
