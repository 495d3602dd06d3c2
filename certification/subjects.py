"""How certification plugs into the expert panels (experts.subjects): a level application is the subject of its
skills assessment and comprehensive review panels, an assessment round the subject of its publicity period (公示).

The applicant is never seated, nor any expert whose organization lies in the subtree of the applicant's own
organization (their city bureau, university or agency). When a panel's result is final it is written to the application
as its "skills" or "review" score (certification.services.record_assessment_score, idempotent).

Specialty matching: an application's topics are the topics of the courses in its level's training plan (what a
counselor of that level is trained in), so experts versed in that level's subjects are seated first; a level without
a training plan has no topics and experts are taken by load alone.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from courses.models import TrainingPlanEntry
from experts.subjects import SubjectAdapter
from people.models import User
from standards.models import Topic

PURPOSE_PARTS = {"certification.skills": "skills", "certification.review": "review"}


class LevelApplicationAdapter(SubjectAdapter):
    summary_template = "certification/panel_summary.html"
    purposes = {"certification.skills": _("Skills assessment"), "certification.review": _("Comprehensive review")}

    def title(self, obj):
        return f"{obj.applicant.get_full_name()} · {obj.level.name_zh}"

    def excluded_user_ids(self, obj):
        return {obj.applicant_id}

    def excluded_organizations(self, obj):
        organization = obj.applicant.organization
        return [organization] if organization is not None else []

    def topics(self, obj):
        plan_courses = TrainingPlanEntry.objects.filter(plan__level_id=obj.level_id).values("course_id")
        return Topic.objects.filter(courses__in=plan_courses).distinct()

    def summary_context(self, obj, request):
        """The application as its applicant confirmed their profile facts (dates and education in words)."""
        profile = obj.profile or {}
        since = profile.get("practising_since")
        education = profile.get("education") or ""
        return {
            "subject": obj, "title": self.title(obj), "application": obj,
            "organization": profile.get("organization") or "",
            "practising_since": date.fromisoformat(since) if since else None,
            "education": User.Education(education).label if education in User.Education.values else "",
        }

    def on_panel_result(self, panel):
        from .services import record_assessment_score

        part = PURPOSE_PARTS.get(panel.purpose)
        if part is not None and panel.result is not None:
            record_assessment_score(panel.object_id, part=part, score=panel.result, source=f"panel:{panel.pk}")


class AssessmentRoundAdapter(SubjectAdapter):
    def title(self, obj):
        return obj.name


def register():
    from experts.subjects import register as register_subject

    from .models import AssessmentRound, LevelApplication

    register_subject(LevelApplication, LevelApplicationAdapter())
    register_subject(AssessmentRound, AssessmentRoundAdapter())
