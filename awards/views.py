"""Site page of the awards app: the nominee dossier, for the nominating organization's admins, the province admins
and the experts with a live seat on the nomination's panel (anyone else, an unseated expert included, gets a 404)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from people.access import require_active

from .dossiers import dossier
from .models import Nomination


@never_cache
@require_GET
@login_required
def nomination_dossier(request, pk):
    require_active(request.user)
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related("award_type", "cycle", "organization", "city"),
        pk=pk,
    )
    return render(request, "awards/dossier.html", {
        "nomination": nomination, "sections": dossier([nomination], request)[nomination.pk],
    })
