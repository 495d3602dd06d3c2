from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class ExamPageForm(WagtailAdminPageForm):
    """The exam editor: every random draw takes questions of the round's level (an exam of 四级 never serves 五级
    questions)."""

    def clean(self):
        cleaned = super().clean()
        exam_round = cleaned.get("round")
        draws = self.formsets.get("draws")
        if exam_round is None or draws is None or not draws.is_valid():
            return cleaned
        for form in draws.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE") and data.get("level") != exam_round.level:
                form.add_error("level", _("Choose the round's level (%(level)s).") % {"level": exam_round.level})
                self.add_error(None, _("Every random draw must take questions of the round's level."))
        return cleaned
