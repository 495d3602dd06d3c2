"""Forms of the counselor's application pages and the admins' decisions (thin: the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicationEvidence


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(EvidenceField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your work as a counselor since your current level, in a few sentences."),
    )
    certificate_files = EvidenceField(
        label=_("Prior level certificate"), required=False,
        help_text=_("PDF, JPG or PNG, at most 10 MB each; at most 5 files in all."),
    )
    employment_files = EvidenceField(label=_("Proof of employment"), required=False)
    profile_confirmed = forms.BooleanField(
        label=_("I confirm that the profile facts above are correct."), required=True,
    )

    def evidence(self) -> list:
        kinds = ApplicationEvidence.Kind
        return [
            *[(upload, kinds.PRIOR_CERTIFICATE) for upload in self.cleaned_data["certificate_files"]],
            *[(upload, kinds.EMPLOYMENT) for upload in self.cleaned_data["employment_files"]],
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
