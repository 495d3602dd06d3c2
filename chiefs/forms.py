"""Nomination forms: the site's self-nomination and the admin's nomination of a 一级 holder of one's own scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import LevelRecord
from cpd.forms import MultipleFileField
from people.models import User

from .models import ChiefRound, Nomination


class NominationForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=ChiefRound.objects.none())
    route = forms.ChoiceField(label=_("Route"), choices=Nomination.Route.choices)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 5}), max_length=8000)
    achievements = forms.CharField(
        label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 6}), max_length=8000,
        help_text=_("Prizes, projects, publications and service results, one per line."),
    )
    files = MultipleFileField(
        label=_("Evidence of the route"), help_text=_("PDF, JPG or PNG, up to 5 files of at most 10 MB each.")
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class AdminNominationForm(NominationForm):
    nominee = forms.ModelChoiceField(label=_("Nominee"), queryset=User.objects.none(),
                                     help_text=_("Holders of level 1 (一级) in your organization."))

    field_order = ["round", "nominee", "route", "statement", "achievements", "files"]

    def __init__(self, *args, user, top_level, **kwargs):
        super().__init__(*args, **kwargs)
        holders = LevelRecord.objects.valid().filter(level=top_level).values("holder_id")
        self.fields["nominee"].queryset = User.objects.visible_to(user).filter(pk__in=holders).order_by("real_name")
