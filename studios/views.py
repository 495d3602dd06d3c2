"""Site pages of the studios app: the public directory and each studio's page (cached, anonymous), 我的工作室 for
leads and members (the lead edits the public details), the self-assessment form, and evidence downloads.

Every lookup is scoped: a studio or assessment outside the requester's reach is a 404, exactly like one that does not
exist. Bad input gets a message and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from experts.models import Panel, PanelSeat

from . import services
from .directory import directory_page, filters, studio_page
from .forms import AssessmentForm, PublicDetailsForm
from .models import AssessmentEvidence, SelfAssessment, Studio, StudioRating

PAGE_SIZE = 20


def _public(response, request):
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
def directory(request):
    """Public: listed studios by city and service (a plain GET form; no script needed), paginated."""
    language = get_language()
    data = directory_page(city=request.GET.get("city", ""), service=request.GET.get("service", ""),
                          page=request.GET.get("page"), language=language)
    context = {"directory": data, "filters": filters(language=language)}
    return _public(render(request, "studios/directory.html", context), request)


@require_GET
def detail(request, pk):
    """Public: one listed studio; a closed or unlisted studio is a 404 here (its people see it in 我的工作室)."""
    data = studio_page(pk, language=get_language())
    if data is None:
        raise Http404
    return _public(render(request, "studios/detail.html", {"studio": data}), request)


@require_GET
@login_required
def mine(request):
    """我的工作室: the studios the person leads or belongs to, with their self-assessments."""
    studios = (
        Studio.objects.filter(Q(lead=request.user) | Q(memberships__member=request.user)).distinct()
        .select_related("organization", "city", "lead").prefetch_related(
            Prefetch("assessments", queryset=SelfAssessment.objects.select_related("standard").order_by("-created_at")),
            Prefetch("ratings", queryset=StudioRating.objects.order_by("-rated_on", "-pk")),
        ).order_by("name", "pk")
    )
    page = Paginator(studios, PAGE_SIZE).get_page(request.GET.get("page"))
    for studio in page:
        studio.open_assessment = next(
            (item for item in studio.assessments.all() if item.status in SelfAssessment.OPEN_STATUSES), None
        )
    return render(request, "studios/mine.html", {"page_obj": page})


@login_required
def edit_details(request, pk):
    """The lead edits the public description, opening hours, phone and address of their studio."""
    studio = get_object_or_404(Studio, pk=pk, lead=request.user)
    form = PublicDetailsForm(request.POST or None, instance=studio)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_public_details(studio.pk, actor=request.user, **form.details())
        except services.StudioError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The studio's public details are saved."))
            return redirect("studios:mine")
    return render(request, "studios/edit_details.html", {"studio": studio, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def start(request, pk):
    """The lead (or an admin in scope) opens a draft self-assessment against the current standard."""
    studio = get_object_or_404(Studio.objects.visible_to(request.user), pk=pk)
    try:
        assessment = services.start_assessment(studio.pk, actor=request.user)
    except services.StudioError as error:
        messages.error(request, error.message)
        return redirect("studios:mine")
    return redirect("studios:assessment", pk=assessment.pk)


def assessment_rows(assessment) -> list[dict]:
    """The criteria of the assessment's version, grouped, with the self-score, note and evidence of each (three
    queries whatever the number of criteria)."""
    lines = {line.criterion_id: line for line in assessment.lines.all()}
    evidence = {}
    for item in assessment.evidence.order_by("pk"):
        evidence.setdefault(item.criterion_id, []).append(item)
    rows = []
    for group, criteria in assessment.standard.grouped_criteria():
        rows.append({"group": group, "criteria": [
            {"criterion": criterion, "line": lines.get(criterion.pk), "evidence": evidence.get(criterion.pk, [])}
            for criterion in criteria
        ]})
    return rows


def _visible_assessments(user):
    """Assessments of the studios the user may see, and those whose panel seats the user (live seat)."""
    seated = PanelSeat.objects.live().filter(
        expert__user=user, panel__content_type=ContentType.objects.get_for_model(SelfAssessment)
    ).values("panel__object_id")
    return SelfAssessment.objects.filter(
        Q(pk__in=SelfAssessment.objects.visible_to(user).values("pk")) | Q(pk__in=seated)
    )


@login_required
def assessment(request, pk):
    """Read a self-assessment (lead, members, admins in scope, seated experts); the lead and admins in scope fill in
    a draft or returned one here, save it and submit it."""
    item = get_object_or_404(
        _visible_assessments(request.user).select_related("studio__organization", "standard", "decided_by"), pk=pk
    )
    editable = item.is_editable and services.may_manage_assessment(request.user, item.studio)
    rows = assessment_rows(item)
    form = AssessmentForm(request.POST or None, request.FILES or None, rows=rows, assessment=item) if editable else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This self-assessment can no longer be changed."))
            return redirect("studios:assessment", pk=item.pk)
        if form.is_valid():
            try:
                services.save_draft(item.pk, actor=request.user, summary=form.cleaned_data["summary"],
                                    lines=form.lines(), files=form.files_by_criterion())
                if "submit" in request.POST:
                    services.submit_assessment(item.pk, actor=request.user)
            except services.StudioError as error:
                form.add_error(None, error.message)
            else:
                if "submit" in request.POST:
                    messages.success(request, _("The self-assessment is submitted to your organization."))
                    return redirect("studios:mine")
                messages.success(request, _("The draft is saved."))
                return redirect("studios:assessment", pk=item.pk)
    panel = Panel.objects.filter(
        content_type=ContentType.objects.get_for_model(SelfAssessment), object_id=item.pk
    ).first()
    return render(request, "studios/assessment.html", {
        "assessment": item, "studio": item.studio, "rows": rows, "form": form, "panel": panel,
        "rating": StudioRating.objects.filter(assessment=item).first(),
    }, status=400 if form is not None and form.errors else 200)


@require_POST
@login_required
def remove_evidence(request, pk):
    try:
        assessment = services.remove_evidence(pk, actor=request.user)
    except services.StudioError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
        item = AssessmentEvidence.objects.filter(pk=pk).values_list("assessment_id", flat=True).first()
        return redirect("studios:assessment", pk=item) if item else redirect("studios:mine")
    messages.success(request, _("The evidence file is removed."))
    return redirect("studios:assessment", pk=assessment.pk)


@never_cache
@require_GET
@login_required
def evidence(request, pk):
    """The studio's lead and members, admins whose scope holds it, and experts with a live seat on its panel;
    anyone else gets a 404."""
    item = get_object_or_404(
        AssessmentEvidence.objects.filter(assessment__in=_visible_assessments(request.user).values("pk")), pk=pk
    )
    storage = item.file.storage
    if not storage.exists(item.file.name):
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        storage.open(item.file.name, "rb"), as_attachment=item.content_type == "application/pdf",
        filename=f"evidence-{item.pk}.{extension}", content_type=item.content_type,
    )
