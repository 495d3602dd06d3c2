"""The competition editor's form: a competition with its tracks and rounds (inline), checked as a whole.

The rules it enforces before anything is saved: the registration window is ordered; the organizer is the province
or a city within the editor's own scope; organization kinds are chosen from people.Organization.Kind; the rounds'
orders are unique; a judged round (performance, submission) names its rubric; a performance round says which
performance; the advancement fields match `advance` (top N: a count and no share; top share: a percentage from 1 to
100 and no count; nobody: neither); prizes only on a round that advances nobody; a knowledge contest needs no
panel; track names are unique.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from people.models import Organization

from .models import Round

PRIZE_FIELDS = ("first_prizes", "second_prizes", "third_prizes", "merit_prizes")


class CompetitionForm(WagtailAdminModelForm):
    organization_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("organization kinds"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(value, label) for value, label in Organization.Kind.choices
                 if value not in (Organization.Kind.PROVINCE, Organization.Kind.CITY)],
        help_text=gettext_lazy("Entrants' organizations must be of these kinds; none ticked: any."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "organizer" in self.fields and user is not None:
            self.fields["organizer"].queryset = Organization.objects.visible_to(user).filter(
                kind__in=[Organization.Kind.PROVINCE, Organization.Kind.CITY])

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        self._clean_tracks()
        self._clean_rounds()
        return cleaned

    def _live_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        formset.is_valid()  # the formsets are validated after the form's own clean(): validate them first
        return [form for form in formset.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]

    def _clean_tracks(self):
        seen = set()
        for form in self._live_forms("tracks"):
            name = (form.cleaned_data.get("name") or "").strip()
            if name in seen:
                form.add_error("name", _("Two tracks have the same name."))
                self.add_error(None, _("Track names must be unique."))
            seen.add(name)

    def _clean_rounds(self):
        sequences = set()
        for form in self._live_forms("rounds"):
            data = form.cleaned_data
            sequence = data.get("sequence")
            if sequence in sequences:
                form.add_error("sequence", _("Another round has this order."))
                self.add_error(None, _("Every round needs its own order."))
            sequences.add(sequence)
            round_format = data.get("format")
            if round_format in (Round.Format.PERFORMANCE, Round.Format.SUBMISSION) and not data.get("rubric"):
                form.add_error("rubric", _("A judged round needs a rubric."))
            if round_format == Round.Format.PERFORMANCE and not data.get("performance"):
                form.add_error("performance", _("Say which performance the panel judges."))
            if round_format != Round.Format.PERFORMANCE and data.get("performance"):
                form.add_error("performance", _("Only performance rounds have a performance."))
            self._clean_advancement(form, data)
            opens, closes = data.get("opens_at"), data.get("closes_at")
            if opens and closes and closes <= opens:
                form.add_error("closes_at", _("A round must close after it opens."))
        if any(form.errors for form in self._live_forms("rounds")):
            self.add_error(None, _("Correct the rounds below."))

    @staticmethod
    def _clean_advancement(form, data):
        advance, count, share = data.get("advance"), data.get("advance_count"), data.get("advance_share")
        if advance == Round.Advance.TOP_N:
            if not count:
                form.add_error("advance_count", _("Say how many entries advance."))
            if share:
                form.add_error("advance_share", _("Leave the share empty when the top N advance."))
        elif advance == Round.Advance.TOP_SHARE:
            if not share or not 1 <= share <= 100:
                form.add_error("advance_share", _("Give the share as a percentage from 1 to 100."))
            if count:
                form.add_error("advance_count", _("Leave the count empty when a share advances."))
        else:
            if count or share:
                form.add_error("advance", _("Choose how entries advance, or leave the count and the share empty."))
        if advance != Round.Advance.NONE and any(data.get(name) for name in PRIZE_FIELDS):
            form.add_error("first_prizes", _("Prizes are given only in a round that advances nobody (the final)."))

    def save(self, commit=True):
        user = getattr(self, "for_user", None)
        if self.instance.created_by_id is None and user is not None and user.is_authenticated:
            self.instance.created_by = user
        return super().save(commit=commit)
