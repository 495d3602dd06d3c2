"""Forms for the counselor's external activity claims; the rules (evidence by content, hours) live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from standards.models import Topic

from .evidence import MAX_FILES
from .models import ExternalClaim


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans each of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
            if self.required and not files:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return files
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class ClaimForm(forms.ModelForm):
    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_("PDF, JPG or PNG, at most 10 MB each and %(count)s files in all.") % {"count": MAX_FILES},
    )

    class Meta:
        model = ExternalClaim
        fields = ["activity_kind", "title", "occurred_on", "hours", "category", "topic", "description"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, files_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.active()
        self.fields["files"].required = files_required
        if not files_required:
            self.fields["files"].help_text = _(
                "Add more evidence if needed: PDF, JPG or PNG, at most 10 MB each and %(count)s files in all."
            ) % {"count": MAX_FILES}

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Hours must be a positive number with at most one decimal place."))
        return hours

    def claim_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        data["files"] = self.cleaned_data.get("files") or []
        return data


class ClaimDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=1000)
