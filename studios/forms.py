"""Site forms: the lead's public details of a studio, and the self-assessment form (a self-score, a note and evidence
files per criterion of the assessment's standard version). They only shape input; studios.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cpd.forms import MultipleFileField

from .models import Studio

DETAILS = ["description", "opening_hours", "phone", "address"]


class PublicDetailsForm(forms.ModelForm):
    class Meta:
        model = Studio
        fields = DETAILS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in DETAILS}


class AssessmentForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the studio's work"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, rows, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].initial = assessment.summary
        self.criteria = []
        for group in rows:
            for row in group["criteria"]:
                criterion, line = row["criterion"], row["line"]
                self.criteria.append(criterion)
                self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                    label=_("Self-score"), required=False, min_value=0, max_value=criterion.max_score,
                    decimal_places=1, initial=line.score if line else None,
                    widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
                )
                self.fields[f"note_{criterion.pk}"] = forms.CharField(
                    label=_("Note"), required=False, max_length=4000, initial=line.note if line else "",
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.fields[f"files_{criterion.pk}"] = MultipleFileField(
                    label=_("Evidence files"), required=False,
                    help_text=_("PDF, JPG or PNG, at most 10 MB each and 5 files per criterion."),
                )
                row["fields"] = [self[f"score_{criterion.pk}"], self[f"note_{criterion.pk}"],
                                 self[f"files_{criterion.pk}"]]

    def lines(self) -> dict:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"), self.cleaned_data.get(f"note_{criterion.pk}")
            )
            for criterion in self.criteria
        }

    def files_by_criterion(self) -> dict:
        return {criterion.pk: self.cleaned_data.get(f"files_{criterion.pk}") or [] for criterion in self.criteria}
