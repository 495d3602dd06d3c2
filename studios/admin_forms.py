"""Admin forms. A studio: its organization and lead from the editor's scope, members from the same scope, services as
checkboxes; the city follows the organization (Studio.save). A standard version: weights that add up to 100,
thresholds in order, and a version once used is never changed: saving it creates the next version with the edited
content, and the assessments keep the one they were made against."""

from decimal import Decimal

from django import forms
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.log_actions import log

from people.models import Organization, User

from .models import Standard, StandardCriterion, city_of

CRITERION_FIELDS = ["group", "label", "weight", "max_score", "guidance", "sort_order"]


class StudioForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "organization" in self.fields:
            organizations = Organization.objects.all()
            if not user.manages_whole_province:
                path = user.organization.path if user.organization_id else "-"
                organizations = organizations.filter(path__startswith=path)
            self.fields["organization"].queryset = organizations.order_by("path")
            self.fields["lead"].queryset = User.objects.visible_to(user).filter(is_active=True).order_by(
                "real_name", "pk")
        if "services" in self.fields:
            self.fields["services"].widget = forms.CheckboxSelectMultiple()
            self.fields["services"].queryset = self.fields["services"].queryset.order_by("sort_order", "code")
        formset = self.formsets.get("memberships")
        if user is not None and formset is not None:
            in_scope = User.objects.visible_to(user).filter(is_active=True).order_by("real_name", "pk")

            class ScopedMemberForm(formset.form):
                """A member row offers (and accepts) only people of the editor's scope."""

                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    self.fields["member"].queryset = in_scope
                    self.fields["member"].error_messages["invalid_choice"] = _(
                        "Choose a person of your own organization.")

            formset.form = ScopedMemberForm

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        if organization is not None and city_of(organization) is None:
            self.add_error("organization", _("Choose an organization in a city (or the city itself)."))
        return cleaned


class StandardForm(WagtailAdminModelForm):
    def _criteria(self) -> list[dict]:
        formset = self.formsets.get("criteria")
        if formset is None:
            return []
        return [
            form.cleaned_data for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("label")
        ]

    def is_valid(self):
        """The weights are checked across the criteria rows, so after the rows themselves are valid."""
        if not super().is_valid():
            return False
        excellent, good, passing = (self.cleaned_data.get(name) for name in ("excellent_from", "good_from",
                                                                              "pass_from"))
        if None not in (excellent, good, passing) and not excellent >= good >= passing:
            self.add_error(None, _("The thresholds must be in order: excellent ≥ good ≥ meets the standard."))
        criteria = self._criteria()
        if not criteria:
            self.add_error(None, _("A standard has at least one criterion."))
        else:
            total = sum((row.get("weight") or Decimal(0) for row in criteria), Decimal(0))
            if total != Decimal(100):
                self.add_error(None, _("The weights add up to %(total)s; they must add up to 100.")
                               % {"total": format(total.normalize(), "f")})
        return not self.errors

    def save(self, commit=True):
        """A new standard gets the next version number; a used one is left as it is and the edit becomes the next
        version (see the module docstring)."""
        used = self.instance.pk is not None and self.instance.is_used()
        if not used:
            if self.instance.pk is None:
                self.instance.version = (Standard.objects.aggregate(v=Max("version"))["v"] or 0) + 1
            return super().save(commit)
        original_pk = self.instance.pk
        edited = super().save(commit=False)
        rows = [{name: getattr(criterion, name) for name in CRITERION_FIELDS} for criterion in edited.criteria.all()]
        with transaction.atomic():
            version = (Standard.objects.aggregate(v=Max("version"))["v"] or 0) + 1
            created = Standard.objects.create(
                version=version, name=edited.name, note=edited.note, excellent_from=edited.excellent_from,
                good_from=edited.good_from, pass_from=edited.pass_from,
            )
            StandardCriterion.objects.bulk_create(
                [StandardCriterion(standard=created, **row) for row in rows]
            )
            log(created, "studios.standard.new_version", user=self.for_user,
                data={"from": original_pk, "version": version})
        self.instance = created
        return created
