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
    """A score per rubric criterion when the rubric splits into criteria (quizzes.rubrics), else one score; and a
    comment for the counselor. cleaned_data["score"] is the essay's score either way."""

    comment = forms.CharField(label=_("Comment for the counselor"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, points, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {}
        for index, (text, value) in enumerate(self.criteria):
            scores[f"criterion_{index}"] = forms.DecimalField(
                label=text, min_value=0, max_value=value, max_digits=5, decimal_places=2,
                help_text=_("0 to %(points)s points.") % {"points": value},
            )
        if not self.criteria:
            scores["score"] = forms.DecimalField(
                label=_("Score"), min_value=0, max_value=points, max_digits=5, decimal_places=2,
                help_text=_("0 to %(points)s points, by the rubric.") % {"points": points},
            )
        self.fields = {**scores, "comment": self.fields["comment"]}

    def clean(self):
        cleaned = super().clean()
        if self.criteria:
            values = [cleaned.get(f"criterion_{index}") for index in range(len(self.criteria))]
            if all(value is not None for value in values):
                cleaned["rubric_scores"] = [str(value) for value in values]
                cleaned["score"] = sum(values)
        else:
            cleaned["rubric_scores"] = []
        return cleaned


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
