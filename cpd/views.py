"""The counselor's own CPD page, certificate downloads, transcripts, and the public certificate verification page.

Every download looks its rows up through `visible_to(request.user)`: a certificate or transcript outside the
requester's scope is a 404, exactly like one that does not exist. Only the verification page is public.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms import spreadsheets
from people.models import Role, User

from . import rendering, services, transcripts
from .forms import ClaimForm
from .models import Certificate, ClaimEvidence, CPDPeriod, ExternalClaim
from .summary import my_cpd as my_cpd_figures


@require_GET
@login_required
def my_cpd(request):
    context = my_cpd_figures(request.user)
    context["certificates"] = list(Certificate.objects.filter(holder=request.user).order_by("-issued_on", "-pk"))
    return render(request, "cpd/my_cpd.html", context)


@require_GET
def verify(request, code):
    """Public: name, title, date, issuer and status of a certificate; nothing else about the person."""
    certificate = Certificate.objects.select_related("holder").filter(code=code).first()
    if certificate is None:
        raise Http404
    return render(
        request,
        "cpd/verify.html",
        {"certificate": certificate, "holder_name": certificate.holder.get_full_name()},
    )


@never_cache
@require_GET
@login_required
def certificate_pdf(request, pk):
    """The holder (or an admin whose scope holds them) downloads the PDF; anyone else gets a 404."""
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user), pk=pk)
    storage = certificate.pdf.storage
    if not certificate.pdf or not storage.exists(certificate.pdf.name):
        return render(request, "cpd/certificate_pending.html", {"certificate": certificate})
    return FileResponse(
        storage.open(certificate.pdf.name, "rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def _transcript(request, period_id, counselor, fmt):
    period = get_object_or_404(CPDPeriod, pk=period_id)
    filename = f"transcript-{period.starts_on:%Y%m%d}-{counselor.pk}.{fmt}"
    if fmt == "csv":
        response = spreadsheets.csv_response(transcripts.transcript_csv_rows(counselor, period), filename)
    else:
        pdf = rendering.html_to_pdf("cpd/transcript_pdf.html", transcripts.transcript_context(counselor, period))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def my_transcript(request, period_id, fmt):
    return _transcript(request, period_id, request.user, fmt)


@require_GET
@login_required
def transcript_for(request, period_id, user_id, fmt):
    """Admins download the transcript of a person in their scope; anyone else gets a 404."""
    counselor = get_object_or_404(User.objects.visible_to(request.user).select_related("organization"), pk=user_id)
    return _transcript(request, period_id, counselor, fmt)


CLAIM_FIELD_ERRORS = {
    "invalid_type": "files", "too_large": "files", "too_many_files": "files", "evidence_required": "files",
    "image_too_large": "files",
    "invalid_hours": "hours", "invalid_category": "category", "invalid_kind": "activity_kind",
    "title_required": "title", "date_required": "occurred_on", "future_date": "occurred_on",
}


def _add_claim_error(form, error) -> None:
    form.add_error(CLAIM_FIELD_ERRORS.get(error.code), error.message)


@require_GET
@login_required
def my_claims(request):
    claims = ExternalClaim.objects.filter(counselor=request.user).select_related("topic")
    claims = claims.order_by("-submitted_at", "-pk")
    page = Paginator(claims, 20).get_page(request.GET.get("page"))
    return render(request, "cpd/claims.html", {"page_obj": page})


@login_required
def claim_new(request):
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.submit_claim(request.user, **form.claim_data())
        except services.ClaimError as error:
            _add_claim_error(form, error)
        else:
            messages.success(
                request, _("Your claim was submitted; an administrator of your organization will review it.")
            )
            return redirect("cpd:claim_detail", claim.pk)
    return render(request, "cpd/claim_form.html", {"form": form, "claim": None}, status=400 if form.errors else 200)


@require_GET
@login_required
def claim_detail(request, pk):
    claim = get_object_or_404(
        ExternalClaim.objects.filter(counselor=request.user).select_related("topic", "decided_by", "credit"), pk=pk
    )
    return render(request, "cpd/claim_detail.html", {"claim": claim, "evidence": list(claim.evidence.all())})


@login_required
def claim_resubmit(request, pk):
    claim = get_object_or_404(ExternalClaim.objects.filter(counselor=request.user), pk=pk)
    if claim.status != ExternalClaim.Status.REJECTED:
        messages.error(request, _("Only a rejected claim can be corrected and resubmitted."))
        return redirect("cpd:claim_detail", claim.pk)
    form = ClaimForm(request.POST or None, request.FILES or None, instance=claim, files_required=False)
    if request.method == "POST" and form.is_valid():
        data = form.claim_data()
        try:
            services.resubmit_claim(claim.pk, request.user, **data)
        except services.ClaimError as error:
            _add_claim_error(form, error)
        else:
            messages.success(request, _("Your claim was resubmitted."))
            return redirect("cpd:claim_detail", claim.pk)
    return render(request, "cpd/claim_form.html", {"form": form, "claim": claim}, status=400 if form.errors else 200)


@never_cache
@require_GET
@login_required
def claim_evidence(request, pk):
    """The counselor or an admin whose scope holds them downloads an evidence file; anyone else gets a 404."""
    visible = ExternalClaim.objects.filter(counselor=request.user)
    if request.user.manages_whole_province or request.user.has_role(Role.ORG_ADMIN):
        visible = ExternalClaim.objects.visible_to(request.user)
    evidence = get_object_or_404(ClaimEvidence.objects.filter(claim__in=visible), pk=pk)
    storage = evidence.file.storage
    if not storage.exists(evidence.file.name):
        raise Http404
    extension = evidence.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        storage.open(evidence.file.name, "rb"),
        as_attachment=evidence.content_type == "application/pdf",
        filename=f"evidence-{evidence.pk}.{extension}",
        content_type=evidence.content_type,
    )
