"""Site pages of scene-based practice: the counselor's "我的实践" (placements and proposing one), a placement's page
(the log, adding and removing entries, submitting, withdrawing; read-only for admins in scope), and the supervisor's
phone-first sign-off page reached by a one-time link without an account. Thin callers of practicum.services; every
page runs a fixed number of queries whatever the number of placements or entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from people.access import require_active

from . import services
from .forms import EntryForm, PlacementForm, ReturnForm, SignoffForm
from .models import Placement

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "POST"])
def my_practice(request):
    """The counselor's placements (paginated, with logged hours) and the form to propose a new one."""
    require_active(request.user)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.propose(request.user, **form.cleaned_data)
        except services.PracticumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your proposal was sent to your organization's administrators."))
            return redirect("practicum:placement", placement.pk)
    placements = (
        Placement.objects.filter(counselor=request.user).select_related("partner__city")
        .annotate(logged=Sum("entries__hours"), days=Count("entries")).order_by("-starts_on", "-pk")
    )
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practicum/my_practice.html", {"page_obj": page, "form": form},
                  status=400 if form.errors else 200)


def _placement_for(user, pk) -> tuple[Placement, bool]:
    """The placement and whether `user` owns it; a 404 unless they own it or are an admin whose scope holds it."""
    placement = (
        Placement.objects.select_related("partner__city", "counselor__organization", "topic", "event", "credit")
        .filter(pk=pk).first()
    )
    if placement is None:
        raise Http404
    if placement.counselor_id == user.pk:
        return placement, True
    if services.is_admin_over(user, placement.counselor):
        return placement, False
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def placement(request, pk):
    require_active(request.user)
    item, own = _placement_for(request.user, pk)
    form = EntryForm(request.POST or None) if own and item.is_logging else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("The log of this placement cannot be changed now."))
            return redirect("practicum:placement", item.pk)
        if form.is_valid():
            try:
                services.save_entry(item.pk, request.user, **form.cleaned_data)
            except services.PracticumError as error:
                form.add_error("day" if error.code in ("date_outside", "future_date", "duplicate_day") else None,
                               error.message)
            else:
                messages.success(request, _("The day is logged."))
                return redirect("practicum:placement", item.pk)
    entries = list(item.entries.all())
    return render(request, "practicum/placement.html", {
        "placement": item, "own": own, "entries": entries, "form": form,
        "logged": sum((entry.hours for entry in entries), 0),
    }, status=400 if form is not None and form.errors else 200)


def _act(request, pk, action, success):
    """Run a counselor's action on their own placement; anyone else gets a 404."""
    require_active(request.user)
    if not _placement_for(request.user, pk)[1]:
        raise Http404
    try:
        action()
    except services.PracticumError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("practicum:placement", pk)


@login_required
@require_POST
def delete_entry(request, pk, entry_id):
    return _act(request, pk, lambda: services.delete_entry(entry_id, request.user, placement_id=pk),
                _("The entry is removed."))


@login_required
@require_POST
def submit(request, pk):
    return _act(request, pk, lambda: services.submit(pk, request.user),
                _("Submitted: your supervisor gets an e-mail with a link to sign off."))


@login_required
@require_POST
def withdraw(request, pk):
    return _act(request, pk, lambda: services.withdraw(pk, request.user), _("The placement is withdrawn."))


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def signoff(request, token):
    """The supervisor's page: the placement and its log, nothing else about the counselor. A forged, used, revoked
    or expired token shows the same translated page and changes nothing."""
    link = services.link_for(token)
    if link is None:
        return render(request, "practicum/signoff_invalid.html", status=404)
    placement = link.placement
    decision = request.POST.get("decision") if request.method == "POST" else None
    form = SignoffForm(request.POST if decision == "sign" else None,
                       initial={"hours": services.logged_hours(placement)})
    return_form = ReturnForm(request.POST if decision == "return" else None)
    if decision in ("sign", "return"):
        bound = form if decision == "sign" else return_form
        if bound.is_valid():
            try:
                if decision == "sign":
                    services.sign_off(token, **form.cleaned_data)
                else:
                    services.return_placement(token, **return_form.cleaned_data)
            except services.PracticumError as error:
                if error.code == "invalid_link":
                    return render(request, "practicum/signoff_invalid.html", status=404)
                bound.add_error(None, error.message)
            else:
                return render(request, "practicum/signoff_done.html", {"signed": decision == "sign"})
    entries = list(placement.entries.all())
    return render(request, "practicum/signoff.html", {
        "placement": placement, "entries": entries, "form": form, "return_form": return_form, "link": link,
        "logged": sum((entry.hours for entry in entries), 0),
    }, status=400 if form.errors or return_form.errors else 200)
