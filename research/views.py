"""Site pages of research projects: the list (the projects a person works with and every concluded one), proposing
a project (eligible leads), a project's page with its milestones timeline, members and outputs, the lead's work on
it, and a member's participation claim. Thin callers of research.services; fixed queries per page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people.access import require_active

from . import services
from .forms import ClaimForm, ConcludeForm, MemberForm, MilestoneForm, OutputForm, ProposalForm
from .models import Membership, Output, ParticipationClaim, Project

PAGE_SIZE = 20


@login_required
def project_list(request):
    require_active(request.user)
    show = request.GET.get("show", "all")
    projects = Project.objects.readable_by(request.user)
    if show == "mine":
        projects = projects.filter(pk__in=Project.objects.visible_to(request.user).values("pk"))
    elif show == "concluded":
        projects = projects.filter(status=Project.Status.CONCLUDED)
    projects = projects.select_related("lead", "organization", "topic").annotate(
        member_count=Count("memberships", distinct=True)
    ).order_by("-proposed_at", "-pk")
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "research/project_list.html", {
        "page_obj": page, "show": show, "may_lead": services.may_lead(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    require_active(request.user)
    eligible = services.may_lead(request.user)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and eligible and form.is_valid():
        data = dict(form.cleaned_data)
        members = [(member, Membership.Role.MEMBER, "") for member in data.pop("members")]
        try:
            project = services.propose_project(request.user, members=members, **data)
        except services.ResearchError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The proposal is sent for approval."))
            return redirect("research:project", project.pk)
    return render(request, "research/propose.html", {"form": form, "eligible": eligible},
                  status=400 if form.errors else 200)


def _project_for(user, pk):
    project = (
        Project.objects.readable_by(user).select_related("lead__organization", "organization", "topic", "decided_by")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("member__organization")),
            "milestones",
            Prefetch("outputs", queryset=Output.objects.select_related("document", "resource")),
        ).filter(pk=pk).first()
    )
    if project is None:
        raise Http404
    return project


@login_required
def project(request, pk):
    require_active(request.user)
    item = _project_for(request.user, pk)
    user = request.user
    is_lead = item.lead_id == user.pk
    members = list(item.memberships.all())
    is_member = is_lead or any(m.member_id == user.pk for m in members)
    is_admin = services.is_admin_over(user, item)
    insider = is_member or is_admin
    outputs = [o for o in item.outputs.all() if insider or o.resource_id]
    claim = None
    if is_member and item.status == Project.Status.CONCLUDED:
        claim = ParticipationClaim.objects.filter(project=item, member=user).select_related("claim").first()
    context = {
        "project": item, "members": members, "milestones": list(item.milestones.all()), "outputs": outputs,
        "is_lead": is_lead, "is_member": is_member, "is_admin": is_admin, "insider": insider, "claim": claim,
    }
    if is_lead and item.is_open:
        context.update(milestone_form=MilestoneForm(prefix="m"), member_form=MemberForm(prefix="p"),
                       conclude_form=ConcludeForm(prefix="c"))
    if is_lead and item.status in (Project.Status.APPROVED, Project.Status.IN_PROGRESS, Project.Status.CONCLUDED):
        context["output_form"] = OutputForm(prefix="o")
    if is_member and item.status == Project.Status.CONCLUDED and claim is None:
        context["claim_form"] = ClaimForm(prefix="h")
    return render(request, "research/project.html", context)


ACTIONS = {"start", "milestone", "done", "member", "output", "conclude", "cancel", "claim", "approve", "reject",
           "publish"}


@login_required
@require_POST
def act(request, pk, action):
    """One of the lead's, a member's or an admin's actions on the project; errors come back as messages."""
    require_active(request.user)
    if action not in ACTIONS:
        raise Http404
    item = _project_for(request.user, pk)
    user, post = request.user, request.POST
    try:
        if action == "start":
            services.start_project(item.pk, user)
            done = _("The project is in progress.")
        elif action == "milestone":
            form = MilestoneForm(post, prefix="m")
            if not form.is_valid():
                raise services.ResearchError(_("Give the milestone a title and a due date."), code="invalid")
            services.save_milestone(item.pk, user, **form.cleaned_data)
            done = _("The milestone is saved.")
        elif action == "done":
            services.complete_milestone(_int(post.get("milestone")), user)
            done = _("The milestone is marked done.")
        elif action == "member":
            form = MemberForm(post, prefix="p")
            if not form.is_valid():
                raise services.ResearchError(next(iter(form.errors.values()))[0], code="invalid")
            services.add_member(item.pk, user, member=form.cleaned_data["email"], role=form.cleaned_data["role"],
                                task=form.cleaned_data["task"])
            done = _("The member is added.")
        elif action == "output":
            form = OutputForm(post, request.FILES, prefix="o")
            if not form.is_valid():
                raise services.ResearchError(_("Fill in the output's kind, title, summary and file."), code="invalid")
            services.add_output(item.pk, user, **form.cleaned_data)
            done = _("The output is uploaded.")
        elif action == "conclude":
            services.conclude_project(item.pk, user, conclusion=post.get("c-conclusion", ""))
            done = _("The project is concluded; members may now claim their hours.")
        elif action == "cancel":
            services.cancel_project(item.pk, user, reason=post.get("reason", ""))
            done = _("The project is cancelled.")
        elif action == "claim":
            form = ClaimForm(post, prefix="h")
            if not form.is_valid():
                raise services.ResearchError(_("Give the hours you spent (at most 200)."), code="invalid_hours")
            services.file_claim(item.pk, user, **form.cleaned_data)
            done = _("Your claim is filed; your organization's administrators decide on it.")
        elif action == "approve":
            services.approve_project(item.pk, actor=user)
            done = _("The project is approved.")
        elif action == "reject":
            services.reject_project(item.pk, actor=user, reason=post.get("reason", ""))
            done = _("The proposal is not approved.")
        else:
            services.publish_output(_int(post.get("output")), actor=user)
            done = _("The output is published in the library.")
    except services.ResearchError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    if post.get("next") == "queue" and user.has_perm("research.change_project"):
        return redirect("research_queue")
    return redirect("research:project", item.pk)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
