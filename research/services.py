"""Research projects (课题研究): propose → approve → in progress → concluded (or cancelled), with milestones, outputs
published to the library, and participation claims through cpd's claims flow.

    propose_project(lead, title=..., summary=..., objectives=..., methods=..., schedule=..., starts_on=..., ends_on=...,
                    topic=None, members=[(user, role, task), ...])
    approve_project(project_id, actor=admin) / reject_project(project_id, actor=admin, reason=...)
    start_project(project_id, lead)
    add_member(project_id, lead, member=..., role=..., task="")
    save_milestone(project_id, lead, title=..., due_on=..., note="", milestone_id=None)
    complete_milestone(milestone_id, lead, done_on=None, note="")
    add_output(project_id, lead, kind=..., title=..., summary=..., upload=..., is_final=False)
    conclude_project(project_id, lead, conclusion=...) / cancel_project(project_id, actor, reason=...)
    publish_output(output_id, actor=admin)          # a library ResourcePage of kind 研究报告, published, once
    file_claim(project_id, member, hours=..., description="")   # a cpd ExternalClaim, once per member and project

Rules. A lead holds 二级, 一级 or 首席 (their highest valid level record) or serves in the expert pool. Members are
approved counselors, never the lead, each once. A province admin, or an organization admin whose subtree holds the
project's organization, decides on a proposal (never on a project they lead) and publishes outputs; the first
decision wins (the project row is locked). The lead keeps the plan's milestones and uploads outputs (PDF, checked by
content) while the project is open. Publishing creates the library resource as a child of the library index, open to
signed-in approved people, holding the output's private document (so people.document_access admits its readers),
and writes a revision and an audit entry; an output is published once (its row is locked). When a project is
concluded each member and the lead may file one claim, prefilled from the project, with a participation statement
rendered from the project as its evidence; their organization admin approves it like any claim, which writes the
ledger entry. Errors are `ResearchError` with a code; every step writes an audit entry (`research.*`).
"""

from uuid import uuid4

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.evidence import EvidenceError, sniff
from cpd.models import CreditEntry, ExternalClaim
from cpd.rendering import html_to_pdf
from cpd.services import ClaimError, submit_claim
from experts.models import Expert
from library.models import PrivateDocument, ResourceAttachment, ResourceIndexPage, ResourcePage
from people.access import is_active_member, require_active
from people.models import Role
from standards.holdings import current_levels
from standards.models import Level

from .models import Membership, Milestone, Output, ParticipationClaim, Project

MAX_TEXT = 8000
LEAD_LEVEL = "level-2"
CLAIM_ACTIVITY_KIND = ExternalClaim.ActivityKind.PUBLICATION
MAX_CLAIM_HOURS = 200


class ResearchError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def may_lead(user) -> bool:
    """Whether `user` may lead a project: 二级 or above (一级, 首席), or a serving member of the expert pool."""
    if not is_active_member(user):
        return False
    level = current_levels([user.pk]).get(user.pk)
    threshold = Level.objects.filter(code=LEAD_LEVEL).values_list("rank", flat=True).first()
    if level is not None and threshold is not None and level.rank >= threshold:
        return True
    return Expert.objects.serving().filter(user=user).exists()


def is_admin_over(actor, project: Project) -> bool:
    """A province admin, or an organization admin whose subtree holds the project's organization; never the lead."""
    if not is_active_member(actor) or actor.pk == project.lead_id:
        return False
    if actor.manages_whole_province:
        return True
    return (
        actor.has_role(Role.ORG_ADMIN) and actor.organization_id is not None
        and project.organization.path.startswith(actor.organization.path)
    )


def _text(value, *, message, code, required=True, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ResearchError(message, code=code)
    return value[:limit]


def _check_member(project_lead, member) -> None:
    if member.pk == project_lead.pk:
        raise ResearchError(_("The lead is not listed as a member."), code="lead_as_member")
    if not is_active_member(member) or not member.has_role(Role.COUNSELOR):
        raise ResearchError(_("Members must be approved counselors."), code="invalid_member")


def propose_project(lead, *, title, summary, objectives, methods, schedule, starts_on, ends_on, topic=None,
                    members=()) -> Project:
    require_active(lead)
    if not may_lead(lead):
        raise ResearchError(_("Projects are led by counselors of level 2 (二级) or above, or by experts of the pool."),
                            code="not_eligible")
    if lead.organization_id is None:
        raise ResearchError(_("Your account belongs to no organization."), code="no_organization")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ResearchError(_("Give a start date and a planned end after it."), code="invalid_dates")
    fields = {
        "title": _text(title, message=_("Give the project a title."), code="title_required", limit=160),
        "summary": _text(summary, message=_("Summarize the project."), code="summary_required"),
        "objectives": _text(objectives, message=_("State the objectives."), code="objectives_required"),
        "methods": _text(methods, message=_("Describe the methods."), code="methods_required"),
        "schedule": _text(schedule, message=_("Give the schedule."), code="schedule_required"),
    }
    seen = set()
    for member, _role, _task in members:
        _check_member(lead, member)
        if member.pk in seen:
            raise ResearchError(_("Each member is listed once."), code="duplicate_member")
        seen.add(member.pk)
    with transaction.atomic():
        project = Project.objects.create(lead=lead, organization=lead.organization, topic=topic, starts_on=starts_on,
                                         ends_on=ends_on, **fields)
        Membership.objects.bulk_create([
            Membership(project=project, member=member, role=role if role in Membership.Role.values else "member",
                       task=(task or "")[:200])
            for member, role, task in members
        ])
        log(project, "research.project.proposed", user=lead, data={"members": len(seen)})
    return project


def _lock(project_id) -> Project:
    project = Project.objects.select_for_update(of=("self",)).select_related("organization", "lead").filter(
        pk=project_id
    ).first()
    if project is None:
        raise ResearchError(_("This project does not exist."), code="not_found")
    return project


def _lock_for_admin(project_id, actor) -> Project:
    project = _lock(project_id)
    if not is_admin_over(actor, project):
        raise ResearchError(_("This project does not exist."), code="not_found")
    return project


def _lock_for_lead(project_id, lead) -> Project:
    require_active(lead)
    project = _lock(project_id)
    if project.lead_id != lead.pk:
        raise ResearchError(_("Only the project's lead may do this."), code="not_lead")
    return project


def approve_project(project_id: int, *, actor) -> Project:
    with transaction.atomic():
        project = _lock_for_admin(project_id, actor)
        if project.status != Project.Status.PROPOSED:
            raise ResearchError(_("This proposal was already decided."), code="already_decided")
        project.status, project.decided_by, project.decided_at = Project.Status.APPROVED, actor, timezone.now()
        project.save(update_fields=["status", "decided_by", "decided_at"])
        log(project, "research.project.approved", user=actor)
    return project


def reject_project(project_id: int, *, actor, reason: str) -> Project:
    reason = _text(reason, message=_("Give the reason for not approving."), code="reason_required")
    with transaction.atomic():
        project = _lock_for_admin(project_id, actor)
        if project.status != Project.Status.PROPOSED:
            raise ResearchError(_("This proposal was already decided."), code="already_decided")
        project.status, project.decided_by, project.decided_at = Project.Status.REJECTED, actor, timezone.now()
        project.decision_reason = reason
        project.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        log(project, "research.project.rejected", user=actor, data={"reason": reason})
    return project


def start_project(project_id: int, lead) -> Project:
    with transaction.atomic():
        project = _lock_for_lead(project_id, lead)
        if project.status != Project.Status.APPROVED:
            raise ResearchError(_("Only an approved project can start."), code="not_approved")
        project.status = Project.Status.IN_PROGRESS
        project.save(update_fields=["status"])
        log(project, "research.project.started", user=lead)
    return project


def _lock_open_for_lead(project_id, lead) -> Project:
    project = _lock_for_lead(project_id, lead)
    if not project.is_open:
        raise ResearchError(_("This project is not open for changes."), code="not_open")
    return project


def add_member(project_id: int, lead, *, member, role, task="") -> Membership:
    with transaction.atomic():
        project = _lock_open_for_lead(project_id, lead)
        _check_member(project.lead, member)
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    project=project, member=member, role=role if role in Membership.Role.values else "member",
                    task=(task or "").strip()[:200],
                )
        except IntegrityError as error:
            raise ResearchError(_("This person is already a member."), code="duplicate_member") from error
        log(project, "research.member.added", user=lead, data={"member": member.pk})
    return membership


def save_milestone(project_id: int, lead, *, title, due_on, note="", milestone_id=None) -> Milestone:
    title = _text(title, message=_("Give the milestone a title."), code="title_required", limit=160)
    if due_on is None:
        raise ResearchError(_("Give the due date."), code="date_required")
    with transaction.atomic():
        project = _lock_open_for_lead(project_id, lead)
        if milestone_id:
            milestone = project.milestones.filter(pk=milestone_id).first()
            if milestone is None:
                raise ResearchError(_("This milestone does not exist."), code="not_found")
        else:
            milestone = Milestone(project=project)
        milestone.title, milestone.due_on, milestone.note = title, due_on, (note or "").strip()[:MAX_TEXT]
        milestone.save()
        log(project, "research.milestone.saved", user=lead, data={"milestone": milestone.pk, "title": title})
    return milestone


def complete_milestone(milestone_id: int, lead, *, done_on=None, note="") -> Milestone:
    milestone = Milestone.objects.filter(pk=milestone_id).first()
    if milestone is None:
        raise ResearchError(_("This milestone does not exist."), code="not_found")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ResearchError(_("A milestone cannot be done in the future."), code="future_date")
    with transaction.atomic():
        project = _lock_open_for_lead(milestone.project_id, lead)
        milestone = project.milestones.get(pk=milestone_id)
        milestone.done_on = done_on
        if note:
            milestone.note = note.strip()[:MAX_TEXT]
        milestone.save(update_fields=["done_on", "note"])
        log(project, "research.milestone.done", user=lead, data={"milestone": milestone.pk})
    return milestone


def add_output(project_id: int, lead, *, kind, title, summary, upload, is_final=False) -> Output:
    """The lead uploads a report, paper or toolkit (a PDF, checked by content) while the project is open or
    concluded."""
    title = _text(title, message=_("Give the output a title."), code="title_required", limit=160)
    summary = _text(summary, message=_("Summarize the output."), code="summary_required", limit=1000)
    if kind not in Output.Kind.values:
        raise ResearchError(_("Choose the kind of output."), code="invalid_kind")
    if upload is None:
        raise ResearchError(_("Attach the file."), code="file_required")
    try:
        content_type, extension = sniff(upload)
    except EvidenceError as error:
        raise ResearchError(error.message, code=error.code) from error
    if content_type != "application/pdf":
        raise ResearchError(_("Upload research outputs as PDF."), code="invalid_type")
    with transaction.atomic():
        project = _lock_for_lead(project_id, lead)
        if project.status not in (Project.Status.APPROVED, Project.Status.IN_PROGRESS, Project.Status.CONCLUDED):
            raise ResearchError(_("This project is not open for changes."), code="not_open")
        document = PrivateDocument(title=title, uploaded_by_user=lead)
        upload.seek(0)
        document.file.save(f"{uuid4().hex}.{extension}", upload, save=False)
        document.save()
        output = Output.objects.create(project=project, kind=kind, title=title, summary=summary, document=document,
                                       uploaded_by=lead, is_final=bool(is_final))
        log(project, "research.output.added", user=lead, data={"output": output.pk, "title": title})
    return output


def conclude_project(project_id: int, lead, *, conclusion: str) -> Project:
    conclusion = _text(conclusion, message=_("Summarize what the project found."), code="conclusion_required")
    with transaction.atomic():
        project = _lock_for_lead(project_id, lead)
        if project.status != Project.Status.IN_PROGRESS:
            raise ResearchError(_("Only a project in progress can be concluded."), code="not_in_progress")
        project.status, project.concluded_on, project.conclusion = (
            Project.Status.CONCLUDED, timezone.localdate(), conclusion
        )
        project.save(update_fields=["status", "concluded_on", "conclusion"])
        log(project, "research.project.concluded", user=lead)
    return project


def cancel_project(project_id: int, actor, *, reason: str) -> Project:
    reason = _text(reason, message=_("Give the reason for cancelling."), code="reason_required")
    with transaction.atomic():
        project = _lock(project_id)
        if project.lead_id != actor.pk and not is_admin_over(actor, project):
            raise ResearchError(_("This project does not exist."), code="not_found")
        if project.status not in (Project.Status.PROPOSED, Project.Status.APPROVED, Project.Status.IN_PROGRESS):
            raise ResearchError(_("This project can no longer be cancelled."), code="closed")
        project.status, project.decision_reason = Project.Status.CANCELLED, reason
        project.save(update_fields=["status", "decision_reason"])
        log(project, "research.project.cancelled", user=actor, data={"reason": reason})
    return project


def publish_output(output_id: int, *, actor) -> Output:
    """Publish a finished output to the library as a research report (研究报告), once."""
    with transaction.atomic():
        output = Output.objects.select_for_update(of=("self",)).select_related("project__lead", "document").filter(
            pk=output_id
        ).first()
        if output is None or not is_admin_over(actor, output.project):
            raise ResearchError(_("This output does not exist."), code="not_found")
        if output.resource_id is not None:
            return output
        if not output.is_final:
            raise ResearchError(_("Only a finished output can be published."), code="not_final")
        if output.project.status not in (Project.Status.IN_PROGRESS, Project.Status.CONCLUDED):
            raise ResearchError(_("Outputs are published while the project runs or after it concluded."),
                                code="not_open")
        index = ResourceIndexPage.objects.first()
        if index is None:
            raise ResearchError(_("The library has no index page to publish to."), code="no_library")
        project = output.project
        page = ResourcePage(
            title=output.title, kind=ResourcePage.Kind.REPORT, summary=output.summary,
            source=f"{project.lead.real_name} · {project.title}"[:200], published_on=timezone.localdate(),
            access=ResourcePage.Access.SIGNED_IN, owner=actor,
        )
        if project.topic is not None:
            page.topics.set([project.topic])
        index.add_child(instance=page)
        ResourceAttachment.objects.create(resource=page, document=output.document, label=output.title[:120],
                                          sort_order=0)
        # research.services decided who may publish (an admin over the project); the revision and the log name them
        page.save_revision(user=actor, log_action=True).publish(user=actor, skip_permission_checks=True)
        output.resource, output.published_at, output.published_by = page, timezone.now(), actor
        output.save(update_fields=["resource", "published_at", "published_by"])
        log(output, "research.output.published", user=actor, data={"resource": page.pk})
    return output


def _statement(project: Project, member, role_label: str) -> ContentFile:
    """The participation statement (PDF) that stands as the claim's evidence: rendered from the project."""
    content = html_to_pdf("research/participation.html", {
        "project": project, "member": member, "role": role_label,
        "milestones": list(project.milestones.all()), "outputs": list(project.outputs.filter(is_final=True)),
    })
    return ContentFile(content, name=f"research-{project.pk}.pdf")


def file_claim(project_id: int, member, *, hours, description: str = "") -> ParticipationClaim:
    """A member (or the lead) of a concluded project files a CPD claim prefilled from it; once per project."""
    require_active(member)
    project = Project.objects.select_related("lead", "topic").filter(pk=project_id).first()
    if project is None:
        raise ResearchError(_("This project does not exist."), code="not_found")
    membership = project.memberships.filter(member=member).first()
    if membership is None and project.lead_id != member.pk:
        raise ResearchError(_("Only the project's members may claim credit for it."), code="not_member")
    if project.status != Project.Status.CONCLUDED:
        raise ResearchError(_("Credit is claimed once the project has concluded."), code="not_concluded")
    role_label = str(membership.get_role_display()) if membership else _("Lead")
    try:
        hours_value = float(hours)
    except (TypeError, ValueError):
        hours_value = -1
    if hours_value > MAX_CLAIM_HOURS:
        raise ResearchError(_("Claim at most %(hours)s hours for one project.") % {"hours": MAX_CLAIM_HOURS},
                            code="invalid_hours")
    if ParticipationClaim.objects.filter(project=project, member=member).exists():
        raise ResearchError(_("You already filed a claim for this project."), code="already_claimed")
    statement = _statement(project, member, role_label)
    text = (description or "").strip()[:MAX_TEXT]
    with transaction.atomic():
        try:
            claim = submit_claim(
                member, activity_kind=CLAIM_ACTIVITY_KIND, title=_("Research project: %(title)s") % {
                    "title": project.title}, occurred_on=project.concluded_on, hours=hours,
                category=CreditEntry.Category.PROFESSIONAL, topic=project.topic,
                description=f"{role_label}。{text}" if text else role_label, files=[statement],
            )
        except ClaimError as error:
            raise ResearchError(error.message, code=error.code) from error
        try:
            with transaction.atomic():
                participation = ParticipationClaim.objects.create(project=project, member=member, claim=claim)
        except IntegrityError as error:
            raise ResearchError(_("You already filed a claim for this project."), code="already_claimed") from error
        log(project, "research.claim.filed", user=member, data={"claim": claim.pk, "hours": str(claim.hours)})
    return participation
