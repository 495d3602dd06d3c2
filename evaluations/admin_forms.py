"""The campaign form of the admin: the scope offers only the organizations the user manages; once a campaign is
open only its name and closing date may change (weights, minimum, questionnaires and scope are fixed, so results
never change under people's feet)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.models import Organization

from .models import Campaign

EDITABLE_WHEN_RUNNING = ("name", "closes_on")


class CampaignForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organization" in self.fields and self.for_user is not None:
            self.fields["organization"].queryset = Organization.objects.visible_to(self.for_user).order_by("path")
        if self.instance.pk and self.instance.status != Campaign.Status.DRAFT:
            for name, field in self.fields.items():
                if name not in EDITABLE_WHEN_RUNNING:
                    field.disabled = True
                    field.help_text = _("Fixed once the campaign has opened.")

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(name) for name in ("peer_weight", "student_weight", "society_weight")]
        if all(weight is not None for weight in weights) and sum(weights) != 100:
            raise forms.ValidationError(_("The three source weights must add up to 100."))
        return cleaned
