"""Admin screens for certificates: revoke one with a reason, and issue one certificate to many people at once.

Thin callers of cpd.services. Holders are looked up through `visible_to(request.user)`, so an admin can neither
revoke nor issue outside their own subtree; a bulk issue with any unknown or out-of-scope address issues nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from people.models import User

from . import services
from .models import Certificate

ISSUE_PERMISSION = "cpd.add_certificate"
REVOKE_PERMISSION = "cpd.change_certificate"
MAX_HOLDERS = 500


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revocation"), max_length=300, widget=forms.Textarea)


class BulkIssueForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Certificate.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    issuer = forms.CharField(label=gettext_lazy("Issuer"), max_length=200)
    issued_on = forms.DateField(label=gettext_lazy("Date of issue"), widget=forms.DateInput(attrs={"type": "date"}))
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses of the holders"),
        widget=forms.Textarea,
        help_text=gettext_lazy("One address per line (or separated by commas or spaces)."),
    )

    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise forms.ValidationError(_("The date of issue cannot be in the future."))
        return issued_on

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", " ").replace("，", " ").split()
        emails = list(dict.fromkeys(email.strip().lower() for email in raw if email.strip()))
        if len(emails) > MAX_HOLDERS:
            raise forms.ValidationError(_("At most %(max)s people at a time.") % {"max": MAX_HOLDERS})
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                invalid.append(email)
        if invalid:
            raise forms.ValidationError(_("Not e-mail addresses: %(list)s") % {"list": "、".join(invalid)})
        holders = {user.email: user for user in User.objects.visible_to(self.for_user).filter(email__in=emails)}
        unknown = [email for email in emails if email not in holders]
        if unknown:
            raise forms.ValidationError(
                _("No one in your scope has these addresses: %(list)s") % {"list": "、".join(unknown)}
            )
        return [holders[email] for email in emails]


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


class RevokeCertificateView(View):
    template_name = "cpd/admin/certificate_revoke.html"

    def dispatch(self, request, pk):
        _require(request, REVOKE_PERMISSION)
        certificates = Certificate.objects.visible_to(request.user).select_related("holder")
        self.certificate = get_object_or_404(certificates, pk=pk)
        return super().dispatch(request, pk)

    def render(self, form, status=200):
        context = {"certificate": self.certificate, "form": form, "page_title": _("Revoke certificate")}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render(RevokeForm())

    def post(self, request, pk):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.revoke_certificate(self.certificate.pk, actor=request.user, reason=form.cleaned_data["reason"])
        except services.CertificateError as error:
            messages.error(request, error.message)
            return self.render(form, status=400)
        messages.success(request, _("The certificate “%(title)s” is revoked.") % {"title": self.certificate.title})
        return redirect("certificates:index")


class BulkIssueView(View):
    template_name = "cpd/admin/certificate_bulk_issue.html"

    def dispatch(self, request):
        _require(request, ISSUE_PERMISSION)
        return super().dispatch(request)

    def render(self, form, status=200):
        context = {"form": form, "page_title": _("Issue certificates")}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(BulkIssueForm(for_user=request.user, initial={"issued_on": timezone.localdate()}))

    def post(self, request):
        form = BulkIssueForm(request.POST, for_user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        source_ref = f"bulk:{data['kind']}:{data['issued_on']:%Y%m%d}:{data['title']}"[:120]
        try:
            certificates = services.issue_certificates(
                data["emails"],
                kind=data["kind"],
                title=data["title"],
                issuer=data["issuer"],
                issued_on=data["issued_on"],
                source_ref=source_ref,
                issued_by=request.user,
            )
        except services.CertificateError as error:
            messages.error(request, error.message)
            return self.render(form, status=400)
        messages.success(
            request, _("%(count)s certificates issued; their PDFs are being rendered.") % {"count": len(certificates)}
        )
        return redirect("certificates:index")
