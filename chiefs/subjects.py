"""How a nomination is reviewed by an expert panel (experts.subjects): the nominee is never seated, nor any expert of
the nominee's own organization subtree; the panel's final result recommends the nominee or not."""

from django.utils.translation import gettext_lazy as _

from experts.subjects import SubjectAdapter

PURPOSE = "chiefs.review"


class NominationAdapter(SubjectAdapter):
    summary_template = "chiefs/panel_summary.html"
    purposes = {PURPOSE: _("Chief counselor review")}

    def title(self, obj):
        return f"{obj.nominee.get_full_name()} · {obj.round.name}"

    def excluded_user_ids(self, obj):
        return {obj.nominee_id, obj.nominated_by_id}

    def excluded_organizations(self, obj):
        return [obj.nominee.organization] if obj.nominee.organization_id else []

    def organization(self, obj):
        return obj.nominee.organization

    def summary_context(self, obj, request):
        return {"nomination": obj, "title": self.title(obj), "evidence": list(obj.evidence.all())}

    def on_panel_result(self, panel):
        from .services import record_review_result

        record_review_result(panel.object_id, panel.result)
