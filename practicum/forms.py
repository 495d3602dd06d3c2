"""Placement forms: the counselor's proposal, the admin's arrangement for a counselor of their scope, a log entry,
and the supervisor's sign-off or return. Forms check shapes; practicum.services checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cpd.models import CreditEntry
from people.models import Role, User
from standards.models import Topic
from workshops.models import WorkshopPage

from .models import MAX_HOURS_PER_DAY, Partner

DATE = forms.DateInput(attrs={"type": "date"})


class PlacementForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner organization"), queryset=Partner.objects.none())
    event = forms.ModelChoiceField(label=_("Practicum event"), queryset=WorkshopPage.objects.none(), required=False,
                                   help_text=_("Optional: the 场景式实践 event this placement belongs to."))
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    supervisor_name = forms.CharField(label=_("Host supervisor"), max_length=60)
    supervisor_title = forms.CharField(label=_("Supervisor's title"), max_length=60, required=False)
    supervisor_email = forms.EmailField(label=_("Supervisor's e-mail"),
                                        help_text=_("The sign-off link is sent here."))
    supervisor_phone = forms.CharField(label=_("Supervisor's phone"), max_length=30, required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    planned_hours = forms.DecimalField(label=_("Planned hours"), min_value=1, max_value=999, decimal_places=1)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    category = forms.ChoiceField(label=_("Credit category"), choices=CreditEntry.Category.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.active().select_related("city").order_by("city__path",
                                                                                                   "name")
        self.fields["event"].queryset = WorkshopPage.objects.live().filter(kind=WorkshopPage.Kind.PRACTICUM)
        self.fields["topic"].queryset = Topic.objects.active()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The placement cannot end before it starts."))
        return data


class ArrangePlacementForm(PlacementForm):
    counselor = forms.ModelChoiceField(label=_("Counselor"), queryset=User.objects.none())

    field_order = ["counselor"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counselor"].queryset = (
            User.objects.visible_to(user).filter(groups__name=Role.COUNSELOR.value, is_active=True)
            .exclude(pk=user.pk).order_by("real_name")
        )


class EntryForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=MAX_HOURS_PER_DAY, decimal_places=1)
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    reflection = forms.CharField(label=_("Reflection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                 required=False)


class SignoffForm(forms.Form):
    hours = forms.DecimalField(label=_("Confirmed hours"), min_value=0.5, max_value=9999, decimal_places=1,
                               help_text=_("You may lower the hours if the log claims more than was done."))
    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    signature = forms.CharField(label=_("Your full name (signature)"), max_length=60)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000)
