"""Ledger corrections in the Wagtail admin: reverse a credit entry, or add a manual adjustment, each with a reason.

Thin callers of cpd.services (`reverse_credit`, `record_adjustment`), which check the scope again and write the
audit entries. Both screens confirm before they write: the reversal shows the entry and asks for the reason; the
adjustment form leads to a summary page whose "confirm" button carries the checked values and the form's nonce, so a
double submit records one entry and a reversal is written once (the second submit is told it is already reversed).
Entries and people are looked up through `visible_to(request.user)`: outside the admin's subtree is a 404.
"""

import secrets
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from people.models import Role, User
from standards.models import Topic

from . import services
from .models import CreditEntry

VIEW_PERMISSION = "cpd.view_creditentry"
REASON_MAX_LENGTH = 500


def may_correct(user) -> bool:
    """Organization and province admins who may read the ledger may correct it (the services check the scope)."""
    return user.has_perm(VIEW_PERMISSION) and (user.manages_whole_province or user.has_role(Role.ORG_ADMIN))


class CorrectionPermissionView(View):
    def dispatch(self, request, *args, **kwargs):
        if not may_correct(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the reversal"), max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The counselor and later auditors read this reason in the ledger."),
    )


class ReverseCreditView(CorrectionPermissionView):
    """The confirmation page for reversing one entry; POST writes the reversal through `reverse_credit`."""

    template_name = "cpd/admin/credit_reverse.html"

    def get_entry(self, request, pk) -> CreditEntry:
        entries = CreditEntry.objects.visible_to(request.user).select_related(
            "counselor__organization", "topic", "recorded_by"
        )
        return get_object_or_404(entries, pk=pk)

    def render(self, request, entry, form, status=200):
        reversal = CreditEntry.objects.filter(reverses=entry).select_related("recorded_by").first()
        return TemplateResponse(
            request, self.template_name,
            {"entry": entry, "reversal": reversal, "form": form, "page_title": _("Reverse a credit entry")},
            status=status,
        )

    def get(self, request, pk):
        return self.render(request, self.get_entry(request, pk), ReversalForm())

    def post(self, request, pk):
        entry = self.get_entry(request, pk)
        form = ReversalForm(request.POST)
        if not form.is_valid():
            return self.render(request, entry, form, status=400)
        try:
            services.reverse_credit(entry.pk, actor=request.user, reason=form.cleaned_data["reason"])
        except services.CreditError as error:
            messages.error(request, error.message)
            return self.render(request, entry, form, status=400)
        messages.success(
            request,
            _("The entry “%(title)s” of %(person)s is reversed (%(hours)s hours).")
            % {"title": entry.title, "person": entry.counselor, "hours": entry.hours},
        )
        return redirect("credit_entries:index")


class AdjustmentForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Counselor's e-mail address"))
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), min_value=Decimal("0.1"), max_digits=6, decimal_places=1,
        help_text=gettext_lazy("Hours to add. To take hours away, reverse the entry that gave them."),
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=CreditEntry.Category.choices)
    topic = forms.ModelChoiceField(label=gettext_lazy("Topic"), queryset=Topic.objects.none(), required=False)
    occurred_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=200, required=False,
        help_text=gettext_lazy("What the adjustment is for, as the counselor will read it in their record."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the adjustment"), max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.fields["topic"].queryset = Topic.objects.active()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        counselor = User.objects.visible_to(self.for_user).filter(email=email).select_related("organization").first()
        if counselor is None:
            raise forms.ValidationError(_("No one in your scope has this address."))
        if counselor.pk == self.for_user.pk:
            raise forms.ValidationError(_("You cannot adjust your own ledger; another admin must."))
        self.counselor = counselor
        return email

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return occurred_on


class AdjustmentView(CorrectionPermissionView):
    """Step 1 (GET, or POST without `confirm`): the form; step 2: the summary to confirm; confirmed: the entry."""

    form_template = "cpd/admin/credit_adjust.html"
    confirm_template = "cpd/admin/credit_adjust_confirm.html"

    def render(self, template, context, status=200):
        context["page_title"] = _("Add a manual adjustment")
        return TemplateResponse(self.request, template, context, status=status)

    def get(self, request):
        form = AdjustmentForm(
            for_user=request.user,
            initial={"token": secrets.token_urlsafe(24), "occurred_on": timezone.localdate(),
                     "category": CreditEntry.Category.PROFESSIONAL},
        )
        return self.render(self.form_template, {"form": form})

    def post(self, request):
        form = AdjustmentForm(request.POST, for_user=request.user)
        if not form.is_valid():
            return self.render(self.form_template, {"form": form}, status=400)
        if "back" in request.POST:
            return self.render(self.form_template, {"form": form})
        if request.POST.get("confirm") != "1":
            return self.render(self.confirm_template, {"form": form, "counselor": form.counselor})
        data = form.cleaned_data
        try:
            entry = services.record_adjustment(
                form.counselor.pk, actor=request.user, hours=data["hours"], category=data["category"],
                occurred_on=data["occurred_on"], reason=data["reason"], token=data["token"], topic=data["topic"],
                title=data["title"],
            )
        except services.CreditError as error:
            messages.error(request, error.message)
            return self.render(self.form_template, {"form": form}, status=400)
        messages.success(
            request,
            _("%(hours)s hours added to the ledger of %(person)s.") % {"hours": entry.hours, "person": entry.counselor},
        )
        return redirect("credit_entries:index")
