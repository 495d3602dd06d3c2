"""Site pages of the chiefs app: the public roll of chief counselors (cached, anonymous), self-nomination for 一级
holders with their own nominations, and evidence downloads for the nominee, admins in scope and the seated experts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from experts.models import PanelSeat
from people.models import Role

from . import services
from .forms import NominationForm
from .models import ChiefRound, Nomination, NominationEvidence
from .roll import roll_page


@require_GET
def roll(request):
    """Public: the current chief counselors by city; anonymous visitors get a page shared caches may keep."""
    data = roll_page(request.GET.get("page"), language=get_language())
    response = render(request, "chiefs/roll.html", {"roll": data})
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=300)
    return response


def _open_rounds():
    today = timezone.localdate()
    return ChiefRound.objects.filter(
        status=ChiefRound.Status.NOMINATING, nominations_open_on__lte=today, nominations_close_on__gte=today
    )


@login_required
def nominate_self(request):
    """A 一级 holder nominates themselves; their city's admin endorses. Lists their own nominations."""
    eligible = services.holds_top_level(request.user)
    rounds = _open_rounds()
    form = NominationForm(request.POST or None, request.FILES or None, rounds=rounds)
    if request.method == "POST" and eligible and form.is_valid():
        data = form.cleaned_data
        try:
            services.nominate(
                request.user, round_id=data["round"].pk, nominee=request.user, route=data["route"],
                statement=data["statement"], achievements=data["achievements"], files=data["files"],
            )
        except services.ChiefError as error:
            form.add_error("files" if error.code in ("invalid_type", "too_large", "too_many_files") else None,
                           error.message)
        else:
            messages.success(request, _("Your nomination was submitted; your city's administrators will endorse it."))
            return redirect("chiefs:nominate")
    nominations = list(
        Nomination.objects.filter(nominee=request.user).select_related("round").order_by("-submitted_at")[:20]
    )
    return render(request, "chiefs/nominate.html", {
        "form": form, "eligible": eligible, "has_rounds": rounds.exists(), "nominations": nominations,
    }, status=400 if form.errors else 200)


@never_cache
@require_GET
@login_required
def evidence(request, pk):
    """The nominee, admins whose scope holds them, and experts with a live seat on its panel; others get a 404."""
    user = request.user
    visible = Nomination.objects.filter(nominee=user)
    if user.manages_whole_province or user.has_role(Role.ORG_ADMIN):
        visible = Nomination.objects.visible_to(user)
    seated = PanelSeat.objects.live().filter(
        expert__user=user, panel__content_type=ContentType.objects.get_for_model(Nomination)
    ).values("panel__object_id")
    item = get_object_or_404(
        NominationEvidence.objects.filter(Q(nomination__in=visible) | Q(nomination__in=seated)), pk=pk
    )
    storage = item.file.storage
    if not storage.exists(item.file.name):
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        storage.open(item.file.name, "rb"), as_attachment=item.content_type == "application/pdf",
        filename=f"evidence-{item.pk}.{extension}", content_type=item.content_type,
    )
