"""The counselor's own CPD page, certificate downloads, transcripts, and the public certificate verification page.

Every download looks its rows up through `visible_to(request.user)`: a certificate or transcript outside the
requester's scope is a 404, exactly like one that does not exist. Only the verification page is public.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from people.models import User

from . import rendering, transcripts
from .models import Certificate, CPDPeriod
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
        response = StreamingHttpResponse(
            transcripts.transcript_csv_rows(counselor, period), content_type="text/csv; charset=utf-8"
        )
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
