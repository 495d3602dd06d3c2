"""The entrant side's forms: the listing's filters and the three registration forms (a counselor for a skills
competition, a course team member for a gold-course competition, a university's admin or adviser for a students'
team). They only collect input; the rules are competitions.registration's."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import Competition, Track


class ListingFilterForm(forms.Form):
    STATES = [
        ("", _("All")),
        ("open", _("Open for registration")),
        ("running", _("Under way")),
        ("finished", _("Finished")),
    ]

    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Competition.Kind.choices],
                             required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(year, str(year)) for year in years]]


class TrackFormMixin:
    def add_track(self, competition: Competition, tracks):
        if tracks:
            self.fields["track"] = forms.ModelChoiceField(
                label=_("Track"), queryset=Track.objects.filter(competition=competition), required=True,
                empty_label=_("Choose a track"),
            )


class CounselorEntryForm(TrackFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that I take part in person and that my profile (name, organization) is correct."),
        required=True,
    )

    def __init__(self, *args, competition, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_track(competition, tracks)


class CourseEntryForm(TrackFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, empty_label=_("Choose a course"),
                                    help_text=_("A published course whose team you belong to."))
    video_url = forms.CharField(
        label=_("Teaching video link"), required=False, max_length=200, validators=[URLValidator()],
        help_text=_("A link to the teaching video (for example on the course platform or a video site)."),
    )
    plan = forms.FileField(label=_("Teaching plan"), required=False,
                           help_text=_("PDF, JPG or PNG, at most 10 MB."))

    def __init__(self, *args, competition, tracks=(), courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.add_track(competition, tracks)


class TeamEntryForm(TrackFormMixin, forms.Form):
    team_name = forms.CharField(label=_("Team name"), max_length=200)
    plan = forms.FileField(label=_("Career-plan document"), help_text=_("PDF, JPG or PNG, at most 10 MB."))

    def __init__(self, *args, competition, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_track(competition, tracks)


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Student's name"), max_length=60, required=False)
    major = forms.CharField(label=_("Major"), max_length=120, required=False)
    year_of_study = forms.IntegerField(label=_("Year of study"), min_value=1, max_value=10, required=False)


def team_member_formset(max_size: int):
    size = max(1, max_size)
    return forms.formset_factory(TeamMemberForm, extra=size, max_num=size, validate_max=True, absolute_max=size)


class DisqualifyForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("Shown to the entrant."))
