"""Forms: the event editor (a session with registrations is cancelled, never deleted), and the site's feedback,
attendance and approval forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class WorkshopPageForm(WagtailAdminPageForm):
    """Offers only trainers and experts as the event's trainers, and refuses to delete a session that people
    signed up for: registrations and credit point at it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "trainers" in self.fields:
            from people.models import Role, User

            self.fields["trainers"].queryset = (
                User.objects.filter(groups__name__in=[Role.TRAINER.value, Role.EXPERT.value], is_active=True)
                .distinct()
                .order_by("real_name")
            )

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            for form in sessions.forms:
                instance = form.instance
                deleting = sessions.can_delete and form.data.get(form.add_prefix("DELETE")) not in (None, "", "0",
                                                                                                      "false", "off")
                if deleting and instance.pk and instance.registrations.exists():
                    self.add_error(
                        None,
                        _("The session of %(date)s has registrations: set its status to cancelled instead of "
                          "deleting it.") % {"date": f"{instance.starts_at:%Y-%m-%d}"},
                    )
        return cleaned


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect,
        help_text=_("5 is the best."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea)


class AttendanceForm(forms.Form):
    registration = forms.IntegerField(min_value=1)
    attendance = forms.ChoiceField(
        choices=[("attended", _("Attended")), ("partial", _("Partly attended")), ("no_show", _("Did not attend"))]
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(required=False, max_length=200)
