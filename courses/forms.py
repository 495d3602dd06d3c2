"""Admin forms: deciding an enrollment request and assigning a course to people or an organization subtree."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Organization, Role, User

from .models import CoursePage


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class InRangeIds:
    """A model choice field that refuses an id beyond the database's integer range as an invalid choice (SQLite
    raises OverflowError for it, which Django's field does not catch)."""

    def clean(self, value):
        try:
            return super().clean(value)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": "…"}) from None


class InRangeChoiceField(InRangeIds, forms.ModelChoiceField):
    pass


class PeopleField(InRangeIds, forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        organization = obj.organization.name if obj.organization else "—"
        return f"{obj.real_name}（{obj.email}，{organization}）"


class AssignCourseForm(forms.Form):
    course = InRangeChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    organization = InRangeChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False,
        help_text=_("Every counselor of this organization and the organizations under it."),
    )
    users = PeopleField(
        label=_("People"), queryset=User.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 12, "style": "min-width: 36rem"}),
        help_text=_("Hold Ctrl (or Cmd) to choose several people."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        courses = CoursePage.objects.live().select_related("level")
        self.fields["course"].queryset = courses.order_by("level__rank", "title")
        self.fields["organization"].queryset = Organization.objects.visible_to(actor).order_by("path")
        self.fields["users"].queryset = (
            User.objects.visible_to(actor).filter(is_active=True, groups__name=Role.COUNSELOR.value)
            .select_related("organization").order_by("real_name").distinct()
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not cleaned.get("users"):
            raise forms.ValidationError(_("Choose an organization or some people."))
        return cleaned
