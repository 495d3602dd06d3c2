"""The showcase's filter form (GET, works without scripts): year and city among those the public features have,
and on the hub a kind that leads to that kind's page. A value outside the choices is an error shown on the page,
and its filter is left off; the other filters still apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feature


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("There is nothing in the showcase for that year; all years are shown.")},
    )
    city = forms.TypedChoiceField(
        label=_("City"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("There is nothing in the showcase for that city; all cities are shown.")},
    )
    kind = forms.ChoiceField(
        label=_("Honour"), required=False,
        choices=[("", _("All honours")), *Feature.Kind.choices],
        error_messages={"invalid_choice": _("There is no such kind of honour; all kinds are shown.")},
    )

    def __init__(self, data, *, facets: dict, with_kind: bool = False):
        super().__init__(data)
        self.fields["year"].choices = [("", _("All years")), *[(str(year), str(year)) for year in facets["years"]]]
        self.fields["city"].choices = [("", _("All cities")), *[(str(pk), name) for pk, name in facets["cities"]]]
        if not with_kind:
            del self.fields["kind"]

    def filters(self) -> dict:
        """The valid filters ({"year": 2025, "city": 7, "kind": ""}, None or "" when not chosen or invalid)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields}

    def error_messages(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]
