"""The requirement editor's form: every save is a new version of one level's requirements (never an edit)."""

import json

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import RequirementSet
from .requirements import get_kind


def clean_rules(rules) -> dict:
    """Check the rules' shape and every requirement's parameters (each kind's `clean`); ValidationError if not."""
    if not isinstance(rules, dict) or not isinstance(rules.get("groups"), list) or not rules["groups"]:
        raise forms.ValidationError(_("The rules need at least one group: {\"groups\": [...]}"))
    groups = []
    for number, group in enumerate(rules["groups"], start=1):
        if not isinstance(group, dict) or group.get("mode", "all") not in ("all", "any"):
            raise forms.ValidationError(_("Group %(n)s: the mode is \"all\" or \"any\".") % {"n": number})
        requirements = group.get("requirements")
        if not isinstance(requirements, list) or not requirements:
            raise forms.ValidationError(_("Group %(n)s has no requirements.") % {"n": number})
        cleaned = []
        for spec in requirements:
            kind = get_kind(spec.get("kind")) if isinstance(spec, dict) else None
            if kind is None:
                raise forms.ValidationError(
                    _("Group %(n)s: unknown requirement kind %(kind)s.")
                    % {"n": number, "kind": spec.get("kind") if isinstance(spec, dict) else spec}
                )
            try:
                cleaned.append(kind.clean(spec))
            except ValueError as error:
                raise forms.ValidationError(
                    _("Group %(n)s, %(kind)s: %(error)s") % {"n": number, "kind": kind.verbose_name, "error": error}
                ) from error
        groups.append({"mode": group.get("mode", "all"), "label": str(group.get("label", ""))[:60],
                       "requirements": cleaned})
    return {"groups": groups}


class RulesField(forms.JSONField):
    """The rules as indented JSON, Chinese kept readable (not \\u escapes)."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class RequirementSetForm(WagtailAdminModelForm):
    rules = RulesField(
        label=_("Rules"), widget=forms.Textarea(attrs={"rows": 18, "style": "font-family: monospace"}),
        help_text=_(
            "Groups of requirements; every group must hold, inside a group \"all\" or \"any\" of its requirements. "
            "Kinds: prior_level (level, years), practice_years (years, degree, degree_years), training_hours "
            "(hours, category, topics, window_years), plan_courses, cpd_periods (periods), assessment (part: "
            "theory, skills or review; pass)."
        ),
    )

    class Meta:
        model = RequirementSet
        fields = ["level", "effective_from", "note", "rules"]

    def clean_rules(self):
        return clean_rules(self.cleaned_data.get("rules"))

    def clean_level(self):
        level = self.cleaned_data.get("level")
        if level is not None and level.is_appointed_title:
            raise forms.ValidationError(_("The chief counselor title is appointed; it has no requirements to apply."))
        return level

    def save(self, commit=True):
        """Always a new row with the next version number of its level (a copy of an older version included)."""
        instance = self.instance
        instance.pk = None
        instance._state.adding = True
        instance.created_by = self.for_user
        if not commit:
            return instance
        for _attempt in range(3):
            latest = RequirementSet.objects.filter(level=instance.level).aggregate(n=Max("version"))["n"] or 0
            instance.version = latest + 1
            try:
                with transaction.atomic():
                    instance.save()
                return instance
            except IntegrityError:  # another admin saved a version of this level at the same moment
                instance.pk = None
                instance._state.adding = True
        raise forms.ValidationError(_("Another version was saved at the same moment; save again."))

