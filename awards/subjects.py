"""How an award nomination is reviewed by an expert panel (experts.subjects).

Conflicts: never seated are the nominee (a star), the studio's lead and members, the course page's owner and its
trainers, and the admin who nominated; nor any expert whose organization lies in the subtree of the nominating
organization or of the nominee's organization. The panel's final result is stored on the nomination as its review
score; the province admin then ranks and recommends. Experts see the nominee dossier (awards.dossiers) as the summary.
"""

from django.utils.translation import gettext_lazy as _

from experts.subjects import SubjectAdapter

PURPOSE = "awards.review"


class NominationAdapter(SubjectAdapter):
    summary_template = "awards/panel_summary.html"
    purposes = {PURPOSE: _("Award review")}

    def title(self, obj):
        return f"{obj.nominee_title} · {obj.award_type.name}"

    def excluded_user_ids(self, obj):
        from courses.models import CourseTrainer
        from studios.models import StudioMembership

        people = {obj.nominated_by_id}
        if obj.nominee_user_id:
            people.add(obj.nominee_user_id)
        if obj.studio_id:
            people.add(obj.studio.lead_id)
            people.update(StudioMembership.objects.filter(studio_id=obj.studio_id).values_list("member_id", flat=True))
        if obj.course_id:
            if obj.course.owner_id:
                people.add(obj.course.owner_id)
            people.update(CourseTrainer.objects.filter(course_id=obj.course_id).values_list("user_id", flat=True))
        return people

    def excluded_organizations(self, obj):
        return [org for org in (obj.organization, obj.nominee_organization) if org is not None]

    def organization(self, obj):
        return obj.organization

    def topics(self, obj):
        if obj.course_id:
            return list(obj.course.topics.all())
        if obj.studio_id:
            return list(obj.studio.services.all())
        return []

    def summary_context(self, obj, request):
        from .dossiers import dossier

        return {"nomination": obj, "title": self.title(obj), "sections": dossier([obj], request)[obj.pk]}

    def on_panel_result(self, panel):
        from .services import record_review_result

        record_review_result(panel.object_id, panel.result)
