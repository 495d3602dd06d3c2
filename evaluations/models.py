"""Multi-source evaluation of counselors (同行评价、学生/服务对象评价、社会评价).

The rules each row keeps:
- A questionnaire is data: scale criteria and free-text questions, grouped (德、能、勤、绩、廉、服务质量), with weights.
  Once a campaign has used it (`locked_at` set when a campaign opens), it is read-only: a change is a new version
  (`services.new_version`), so past results never change.
- A campaign belongs to a scope organization, runs for a period and weighs its three sources (the weights sum to 100,
  checked by the database). Only approved counselors of the scope are evaluated (`Participant`, one per person and
  campaign, unique), each with a random share key for their anonymous link.
- A peer answers once per evaluatee and campaign (`PeerAssignment` unique per pair, never oneself; a response
  belongs to at most one assignment). An anonymous respondent answers once per token (`ResponseToken` is consumed by
  a conditional UPDATE and a response belongs to at most one token).
- Nothing about anonymous respondents is stored beyond a salted hash of their address (for abuse limits). Society
  responses wait for moderation; free-text comments of every source do too.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from people.models import Organization, Role, User

DEFAULT_SCALE = "很不满意\n不满意\n一般\n满意\n很满意"


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Source(models.TextChoices):
    PEER = "peer", _("Peers")
    STUDENT = "student", _("Students and service users")
    SOCIETY = "society", _("Society")


class Questionnaire(ClusterableModel):
    """An evaluation questionnaire (评价问卷): grouped criteria on one labelled scale, optional free-text questions.

    Read-only once a campaign has used it (`locked_at`); edit by making a new version."""

    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", verbose_name=_("previous version"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown to respondents above the questions."))
    scale_labels = models.TextField(
        _("scale labels"), default=DEFAULT_SCALE,
        help_text=_("One label per line, lowest first; the number of lines is the number of points (2 to 10)."),
    )
    locked_at = models.DateTimeField(_("in use since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("name"), FieldPanel("intro"), FieldPanel("scale_labels"),
        MultiFieldPanel([InlinePanel("items", label=_("Question"), min_num=1)], heading=_("Questions")),
    ]

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")

    def __str__(self):
        return f"{self.name}（v{self.version}）"

    @property
    def labels(self) -> list[str]:
        return [line.strip() for line in self.scale_labels.splitlines() if line.strip()]

    @property
    def points(self) -> int:
        return len(self.labels)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not 2 <= self.points <= 10:
            raise ValidationError({"scale_labels": _("Give between 2 and 10 scale labels, one per line.")})
        if self.pk and Questionnaire.objects.filter(pk=self.pk, locked_at__isnull=False).exists():
            raise ValidationError(
                _("This questionnaire is used by a campaign and can no longer change; make a new version instead.")
            )


class Item(Orderable):
    """A question: a criterion rated on the questionnaire's scale (with a weight within the questionnaire), or a
    free-text question (never scored, moderated before anyone reads it)."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("Rating on the scale")
        TEXT = "text", _("Free text")

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    group = models.CharField(_("group"), max_length=30, help_text=_("For example 德, 能, 勤, 绩, 廉 or 服务质量."))
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SCALE)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)],
        help_text=_("Relative weight of a rating within the questionnaire (ignored for free text)."),
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [FieldPanel("group"), FieldPanel("text"), FieldPanel("kind"), FieldPanel("weight"), FieldPanel("required")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The campaigns `user` manages: province admins all; organization admins those scoped to their subtree."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            return self.filter(organization__path__startswith=user.organization.path)
        return self.none()

    def covering(self, user):
        """Campaigns with results an admin may read for their people: the ones they manage and the ones of a wider
        scope that include their subtree (results are then limited to their people)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            path = user.organization.path
            step = Organization.steplen
            ancestors = [path[:length] for length in range(step, len(path), step)]
            return self.filter(Q(organization__path__startswith=path) | Q(organization__path__in=ancestors))
        return self.none()


class Campaign(models.Model):
    """An evaluation campaign (评价活动) for one period over the approved counselors of a scope organization."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class PeerSelection(models.TextChoices):
        ADMIN = "admin", _("Assigned by the administrators")
        COUNSELOR = "counselor", _("Chosen by the counselor")

    name = models.CharField(_("name"), max_length=120)
    organization = models.ForeignKey(
        Organization, verbose_name=_("scope"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The approved counselors of this organization and its subtree are evaluated."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Used by every source that has no questionnaire of its own below."),
    )
    peer_questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire for peers"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    student_questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire for students and service users"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    society_questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire for society"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    peer_weight = models.PositiveSmallIntegerField(
        _("peer weight (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    student_weight = models.PositiveSmallIntegerField(
        _("student weight (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    society_weight = models.PositiveSmallIntegerField(
        _("society weight (%)"), default=20, validators=[MaxValueValidator(100)]
    )
    min_responses = models.PositiveSmallIntegerField(
        _("minimum responses"), default=5, validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_("Figures are shown only when at least this many responses exist (per source and in total)."),
    )
    peer_selection = models.CharField(
        _("peers"), max_length=10, choices=PeerSelection.choices, default=PeerSelection.ADMIN
    )
    peers_per_counselor = models.PositiveSmallIntegerField(
        _("peers per counselor"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="evaluations_campaign_window"),
            models.CheckConstraint(
                condition=Exact(F("peer_weight") + F("student_weight") + F("society_weight"), 100),
                name="evaluations_campaign_weights_sum_100",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.peer_weight + self.student_weight + self.society_weight != 100:
            raise ValidationError(_("The three source weights must add up to 100."))
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The campaign cannot close before it opens.")})

    def questionnaire_for(self, source: str) -> Questionnaire:
        own = {
            Source.PEER: self.peer_questionnaire, Source.STUDENT: self.student_questionnaire,
            Source.SOCIETY: self.society_questionnaire,
        }.get(source)
        return own or self.questionnaire

    def questionnaire_id_for(self, source: str) -> int:
        own = {
            Source.PEER: self.peer_questionnaire_id, Source.STUDENT: self.student_questionnaire_id,
            Source.SOCIETY: self.society_questionnaire_id,
        }.get(source)
        return own or self.questionnaire_id

    @property
    def weights(self) -> dict[str, int]:
        return {Source.PEER: self.peer_weight, Source.STUDENT: self.student_weight,
                Source.SOCIETY: self.society_weight}

    def is_accepting(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.OPEN and self.opens_on <= on <= self.closes_on


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Province admins every participant; organization admins those of their subtree's people; others none
        (a counselor reads their own through their own pages)."""
        return self.filter(counselor__in=User.objects.visible_to(user)) if (
            getattr(user, "is_authenticated", False)
            and (user.manages_whole_province or user.has_role(Role.ORG_ADMIN))
        ) else self.none()


class Participant(models.Model):
    """A counselor evaluated in a campaign, with the random key of their anonymous share link (one per campaign)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="participants")
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT,
        related_name="evaluation_participations",
    )
    share_key = models.CharField(_("share key"), max_length=32, unique=True, default=new_key, editable=False)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now, editable=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "counselor__real_name", "pk"]
        verbose_name = _("evaluated counselor")
        verbose_name_plural = _("evaluated counselors")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "counselor"], name="evaluations_one_participant_per_campaign"),
        ]

    def __str__(self):
        return f"{self.counselor} · {self.campaign}"


class PeerAssignment(models.Model):
    """A colleague asked to evaluate a counselor (同行评价): one per pair and campaign, never oneself."""

    participant = models.ForeignKey(Participant, verbose_name=_("evaluated counselor"), on_delete=models.PROTECT,
                                    related_name="peer_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("peer"), on_delete=models.PROTECT, related_name="peer_evaluations"
    )
    evaluatee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at", "pk"]
        verbose_name = _("peer assignment")
        verbose_name_plural = _("peer assignments")
        constraints = [
            models.UniqueConstraint(fields=["participant", "reviewer"], name="evaluations_one_peer_review_per_pair"),
            models.CheckConstraint(condition=~Q(reviewer=F("evaluatee")), name="evaluations_peer_never_oneself"),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.evaluatee}"


class ResponseToken(models.Model):
    """A single-use token issued when an anonymous respondent opens a share link; consumed by the submission.

    `ip_hash` is a salted hash of the address it was issued to (for abuse limits), never the address."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="tokens")
    source = models.CharField(max_length=8, choices=Source.choices)
    key = models.CharField(max_length=32, unique=True, default=new_key)
    issued_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("response token")
        verbose_name_plural = _("response tokens")
        indexes = [models.Index(fields=["participant", "issued_at"], name="evaluations_token_issued")]

    def __str__(self):
        return f"{self.get_source_display()} · {self.issued_at:%Y-%m-%d}"


class ResponseQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(status=Response.Status.ACCEPTED)

    def awaiting_moderation(self):
        return self.filter(Q(status=Response.Status.PENDING) | Q(comment_status=Response.CommentStatus.PENDING))

    def moderated_by(self, user):
        """The responses whose campaign `user` manages (the campaign owner's admins moderate)."""
        return self.filter(participant__campaign__in=Campaign.objects.visible_to(user))


class Response(models.Model):
    """One completed questionnaire about one counselor from one source. Never shown singly to the counselor or to
    their admins; read only in aggregates (`evaluations.results`)."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Counted")
        PENDING = "pending", _("Awaiting moderation")
        REJECTED = "rejected", _("Rejected")

    class CommentStatus(models.TextChoices):
        NONE = "none", _("No comment")
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Hidden")

    participant = models.ForeignKey(Participant, verbose_name=_("evaluated counselor"), on_delete=models.PROTECT,
                                    related_name="responses")
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT,
                                      related_name="+")
    token = models.OneToOneField(
        ResponseToken, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    peer_assignment = models.OneToOneField(
        PeerAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACCEPTED)
    comment_status = models.CharField(
        _("comment"), max_length=8, choices=CommentStatus.choices, default=CommentStatus.NONE
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        indexes = [models.Index(fields=["participant", "source", "status"], name="evaluations_response_counted")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="peer", peer_assignment__isnull=False, token__isnull=True)
                | (~Q(source="peer") & Q(token__isnull=False, peer_assignment__isnull=True)),
                name="evaluations_response_has_its_origin",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} · {self.participant_id}"


class Answer(models.Model):
    """The answer to one question: a point on the scale, or a text (moderated before anyone reads it)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="evaluations_one_answer_per_item"),
        ]

    def __str__(self):
        return str(self.item_id)
