"""How a studio self-assessment is reviewed by an expert panel (experts.subjects).

Never seated: the studio's lead and members, whoever submitted the assessment, and every expert whose organization
lies in the subtree of the studio's organization. Experts versed in the studio's services are seated first. The
rubric is the standard version's own (studios.services.rubric_for: one rubric per version, built from its criteria
when its first panel is assigned). The panel's final result is rated against the version's thresholds and published
onto the studio once (studios.services.publish_rating).
"""

from django.utils.translation import gettext_lazy as _

from experts.subjects import SubjectAdapter

PURPOSE = "studios.rating"


class SelfAssessmentAdapter(SubjectAdapter):
    summary_template = "studios/panel_summary.html"
    purposes = {PURPOSE: _("Studio rating")}

    def title(self, obj):
        return f"{obj.studio.name} · {obj.standard.name}"

    def excluded_user_ids(self, obj):
        members = set(obj.studio.memberships.values_list("member_id", flat=True))
        return {obj.studio.lead_id, *members} | ({obj.submitted_by_id} if obj.submitted_by_id else set())

    def excluded_organizations(self, obj):
        return [obj.studio.organization]

    def organization(self, obj):
        return obj.studio.organization

    def topics(self, obj):
        return list(obj.studio.services.all())

    def summary_context(self, obj, request):
        """The assessment as the experts read it: the studio, each criterion's self-score, note and evidence."""
        from .views import assessment_rows

        return {"subject": obj, "title": self.title(obj), "assessment": obj, "studio": obj.studio,
                "rows": assessment_rows(obj)}

    def on_panel_result(self, panel):
        from .services import publish_rating

        if panel.purpose == PURPOSE:
            publish_rating(panel.object_id, result=panel.result, panel=panel)
