"""The site's workshop pages: sign-up and cancellation, my registrations with the check-in code, feedback, the
calendar (month and list), .ics files and the personal feed, and the trainer's roster (print, XLSX, attendance,
check-in, credit). Thin callers of workshops.services; bad input gets a translated message and changes nothing."""

import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms import spreadsheets
from lms.redirects import next_url

from . import ics, roster, services
from .forms import AttendanceForm, FeedbackForm
from .listing import calendar_context
from .models import CalendarFeed, Feedback, Registration, WorkshopSession, new_feed_token


@require_GET
def calendar_page(request):
    return render(request, "workshops/calendar.html", calendar_context(request))


@require_POST
@login_required
def register(request, session_id):
    back = next_url(request, reverse("workshops:mine"))
    try:
        registration = services.sign_up(session_id, request.user, language=translation.get_language() or "zh-hans")
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        texts = {
            Registration.Status.BOOKED: _("Your seat is booked. A confirmation is on its way by e-mail."),
            Registration.Status.WAITLISTED: _("The session is full: you are on the waitlist and will be told when "
                                              "a seat becomes free."),
            Registration.Status.PENDING: _("Your sign-up awaits approval by your organization."),
        }
        messages.success(request, texts[registration.status])
    return HttpResponseRedirect(back)


@require_POST
@login_required
def cancel(request, registration_id):
    back = next_url(request, reverse("workshops:mine"))
    try:
        services.cancel_registration(registration_id, request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return HttpResponseRedirect(back)


@require_GET
@login_required
def mine(request):
    registrations = (
        Registration.objects.filter(user=request.user)
        .select_related("session__page", "feedback")
        .order_by("-session__starts_at", "-pk")
    )
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "workshops/mine.html", {
        "page_obj": Paginator(registrations, 20).get_page(request.GET.get("page")),
        "feed_url": request.build_absolute_uri(reverse("workshops:feed", args=[feed.token])) if feed else None,
        "now": timezone.now(),
    })


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_GET
@login_required
def registration_detail(request, registration_id):
    registration = get_object_or_404(
        Registration.objects.select_related("session__page").filter(user=request.user), pk=registration_id
    )
    context = {"registration": registration, "session": registration.session, "now": timezone.now()}
    if registration.status == Registration.Status.BOOKED:
        url = request.build_absolute_uri(
            reverse("workshops:check_in") + "?" + urlencode({"code": services.check_in_token(registration)})
        )
        context.update(check_in_url=url, qr_svg=_qr_svg(url))
    return render(request, "workshops/registration.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def feedback(request, registration_id):
    registration = get_object_or_404(
        Registration.objects.select_related("session__page").filter(user=request.user), pk=registration_id
    )
    existing = Feedback.objects.filter(registration=registration).first()
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            services.give_feedback(
                registration.pk, request.user, form.cleaned_data["rating"], form.cleaned_data["comment"]
            )
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("workshops:mine")
    return render(request, "workshops/feedback.html", {"registration": registration, "form": form,
                                                       "existing": existing})


@require_GET
def session_ics(request, session_id):
    session = get_object_or_404(WorkshopSession.objects.live().select_related("page"), pk=session_id)
    response = HttpResponse(ics.session_calendar(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-session-{session.pk}.ics"'
    return response


@never_cache
@require_GET
def feed(request, token):
    subscription = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if subscription is None:
        raise Http404
    body = ics.personal_calendar(subscription.user, _("My workshops"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_POST
@login_required
def regenerate_feed(request):
    """Create the personal feed address, or replace it (the old address stops working at once)."""
    CalendarFeed.objects.update_or_create(
        user=request.user, defaults={"token": new_feed_token(), "created_at": timezone.now()}
    )
    messages.success(request, _("Your calendar address is ready; any previous address no longer works."))
    return redirect("workshops:mine")


@require_POST
@login_required
def revoke_feed(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    messages.success(request, _("Your calendar address has been switched off."))
    return redirect("workshops:mine")


# --- Trainers ------------------------------------------------------------------------------------------------------

def _managed(request, session_id) -> WorkshopSession:
    try:
        return services.managed_session(session_id, request.user)
    except services.RegistrationError as error:
        raise Http404 from error


@never_cache
@require_GET
@login_required
def roster_page(request, session_id):
    session = _managed(request, session_id)
    registrations = roster.registrations(session)
    ratings = Feedback.objects.filter(registration__session=session).aggregate(average=Avg("rating"),
                                                                                count=Count("pk"))
    comments = list(
        Feedback.objects.filter(registration__session=session).exclude(comment="").order_by("-created_at")[:50]
    )
    return render(request, "workshops/roster.html", {
        "session": session, "page": session.page, "registrations": registrations,
        "counts": roster.counts(registrations), "ratings": ratings, "comments": comments,
        "printable": request.GET.get("print") == "1", "form": AttendanceForm(), "now": timezone.now(),
    })


@never_cache
@require_GET
@login_required
def roster_xlsx(request, session_id):
    session = _managed(request, session_id)
    return spreadsheets.xlsx_response(roster.rows(session), f"roster-session-{session.pk}.xlsx", _("Roster"))


@require_POST
@login_required
def mark(request, session_id):
    session = _managed(request, session_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The attendance could not be read; try again."))
    else:
        registration_id = form.cleaned_data["registration"]
        if not session.registrations.filter(pk=registration_id).exists():
            messages.error(request, _("This registration does not exist."))
        else:
            try:
                services.mark_attendance(registration_id, request.user, form.cleaned_data["attendance"])
            except services.RegistrationError as error:
                messages.error(request, error.message)
    return redirect("workshops:roster", session.pk)


@require_POST
@login_required
def record_credit(request, session_id):
    session = _managed(request, session_id)
    try:
        count = services.record_attendance_credit(session.pk, request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Credit recorded for %(count)s participants.") % {"count": count})
    return redirect("workshops:roster", session.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def check_in(request):
    """The trainer scans a participant's code: a confirmation page, then the check-in (twice is harmless)."""
    code = request.POST.get("code") or request.GET.get("code") or ""
    context = {"code": code}
    if request.method == "POST":
        try:
            registration, first = services.check_in(code, request.user)
        except services.RegistrationError as error:
            context["error"] = error.message
        else:
            context.update(registration=registration, first=first)
    return render(request, "workshops/check_in.html", context, status=400 if "error" in context else 200)
