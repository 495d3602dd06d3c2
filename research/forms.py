"""Research project forms: proposing (members named by e-mail, one per line), milestones, outputs, members,
concluding or cancelling, and a member's participation claim. Forms check shapes; research.services the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import User
from standards.models import Topic

from .models import Membership, Output

DATE = forms.DateInput(attrs={"type": "date"})
MAX_MEMBERS = 30


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    methods = forms.CharField(label=_("Methods"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    schedule = forms.CharField(label=_("Schedule"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000,
                               help_text=_("The phases and their dates, one per line."))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Planned end"), widget=DATE)
    members = forms.CharField(label=_("Members' e-mail addresses"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=4000,
                              help_text=_("One per line; they join as members (the lead adds roles later)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.active()

    def clean_members(self):
        emails = [line.strip().lower() for line in self.cleaned_data["members"].splitlines() if line.strip()]
        if len(emails) > MAX_MEMBERS:
            raise forms.ValidationError(_("At most %(count)s members.") % {"count": MAX_MEMBERS})
        people = {user.email: user for user in User.objects.filter(email__in=emails)}
        missing = [email for email in emails if email not in people]
        if missing:
            raise forms.ValidationError(_("No account with the e-mail address %(emails)s.")
                                        % {"emails": "、".join(missing[:5])})
        return [people[email] for email in dict.fromkeys(emails)]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The planned end must not be before the start."))
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=160)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Output.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    upload = forms.FileField(label=_("File (PDF)"))
    is_final = forms.BooleanField(label=_("Finished: may be published to the library"), required=False)


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Member's e-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    task = forms.CharField(label=_("Task"), max_length=200, required=False)

    def clean_email(self):
        user = User.objects.filter(email=self.cleaned_data["email"].strip().lower()).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return user


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)


class ClaimForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours you spent"), min_value=0.5, max_value=200, decimal_places=1)
    description = forms.CharField(label=_("What you contributed"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False, max_length=4000)
