"""课题研究 (research projects): projects with their lead, members, plan and milestones, outputs, and the CPD claims
members file for taking part.

The rules each row keeps: a person is a member of a project once (database constraint); a milestone belongs to one
project; an output holds its file as a private Wagtail document and, once published, points at the library resource
it became; a member files one participation claim per project (database constraint). Who may lead, approve,
publish and claim lives in research.services. What people do is a plain model: the plan is text fields, not
authored content.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import is_active_member
from people.models import Organization, Role


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects a person works with: province admins all; organization admins those of their subtree's
        organizations; everyone else the projects they lead or belong to."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        mine = Q(lead=user) | Q(memberships__member=user)
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            mine |= Q(organization__path__startswith=user.organization.path)
        return self.filter(pk__in=self.model.objects.filter(mine).values("pk"))

    def readable_by(self, user):
        """What an approved person may read: the projects they work with and every concluded project."""
        if not is_active_member(user):
            return self.none()
        return self.filter(
            Q(pk__in=Project.objects.visible_to(user).values("pk")) | Q(status=Project.Status.CONCLUDED)
        )


class Project(models.Model):
    """A research project (课题) led by a 二级/一级/首席 counselor or a serving expert, with members, a plan and
    milestones; approved by a province admin or an organization admin whose scope holds its organization."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, awaiting approval")
        REJECTED = "rejected", _("Not approved")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("Under way")
        CONCLUDED = "concluded", _("Concluded")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary"))
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lead"), on_delete=models.PROTECT,
                             related_name="led_research_projects")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT,
                                     related_name="research_projects")
    topic = models.ForeignKey("standards.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    objectives = models.TextField(_("objectives"))
    methods = models.TextField(_("methods"))
    schedule = models.TextField(_("schedule"), help_text=_("The phases and their dates, one per line."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("planned end"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="research_dates_in_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.IN_PROGRESS)


class Membership(models.Model):
    """A counselor's part in a project."""

    class Role(models.TextChoices):
        CORE = "core", _("Core member")
        MEMBER = "member", _("Member")
        ADVISER = "adviser", _("Adviser")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="research_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    task = models.CharField(_("task"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [models.UniqueConstraint(fields=["project", "member"], name="research_member_once")]

    def __str__(self):
        return f"{self.member} · {self.project}"


class Milestone(models.Model):
    """A step of the plan with its due date; the lead marks it done."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="milestones")
    title = models.CharField(_("title"), max_length=160)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    @property
    def is_late(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class Output(models.Model):
    """A report, paper or toolkit the lead uploads; an admin publishes a finished one to the shared library as a
    research report (a ResourcePage of kind 研究报告 holding the same private document)."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Research report")
        PAPER = "paper", _("Paper")
        TOOLKIT = "toolkit", _("Toolkit")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary"), max_length=1000)
    document = models.ForeignKey(settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("file"),
                                 on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    is_final = models.BooleanField(_("finished"), default=False,
                                   help_text=_("A finished output may be published to the library."))
    resource = models.OneToOneField("library.ResourcePage", verbose_name=_("library resource"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("research output")
        verbose_name_plural = _("research outputs")

    def __str__(self):
        return self.title


class ParticipationClaim(models.Model):
    """The CPD claim a member filed for taking part in a concluded project (decided in cpd's claims flow)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="participation_claims")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="+")
    claim = models.OneToOneField("cpd.ExternalClaim", verbose_name=_("claim"), on_delete=models.PROTECT,
                                 related_name="research_participation")
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participation claim")
        verbose_name_plural = _("participation claims")
        constraints = [models.UniqueConstraint(fields=["project", "member"], name="research_claim_once")]

    def __str__(self):
        return f"{self.member} · {self.project}"
