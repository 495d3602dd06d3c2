"""Admin forms: uploading a question file and scoring an essay."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
