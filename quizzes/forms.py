"""Admin forms: the question editor (its choices checked against its type), uploading a question file, scoring an
essay."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

MAX_IMPORT_ROWS = 2000


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("An XLSX or CSV file in the layout of the template "
                                                        "(UTF-8 or GBK), at most 2000 questions."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LMS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class EssayGradeForm(forms.Form):
    score = forms.DecimalField(label=_("Score"), min_value=0, max_digits=5, decimal_places=2)
    comment = forms.CharField(label=_("Comment for the counselor"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, points=None, **kwargs):
        super().__init__(*args, **kwargs)
        if points is not None:
            self.fields["score"] = forms.DecimalField(
                label=_("Score"), min_value=0, max_value=points, max_digits=5, decimal_places=2,
                help_text=_("0 to %(points)s points, by the rubric.") % {"points": points},
            )


class QuestionForm(WagtailAdminModelForm):
    """The question editor: single choice has two or more choices and exactly one correct, multiple choice at
    least one correct, and the other types no choices."""

    def clean(self):
        from .models import Kind

        cleaned = super().clean()
        formset = self.formsets.get("choices")
        if formset is None or not formset.is_valid():
            return cleaned
        rows = [form.cleaned_data for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text")]
        correct = sum(1 for row in rows if row.get("is_correct"))
        kind = cleaned.get("kind")
        if kind in (Kind.SINGLE, Kind.MULTIPLE) and len(rows) < 2:
            self.add_error(None, _("A choice question needs at least two choices."))
        elif kind == Kind.SINGLE and correct != 1:
            self.add_error(None, _("A single choice question has exactly one correct choice."))
        elif kind == Kind.MULTIPLE and correct < 1:
            self.add_error(None, _("Mark at least one choice as correct."))
        elif kind not in (Kind.SINGLE, Kind.MULTIPLE) and rows:
            self.add_error(None, _("Only single and multiple choice questions have choices."))
        return cleaned
