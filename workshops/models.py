"""Workshops, seminars, training camps, expert lectures, practicums and exchanges: the events trainers author as
Wagtail pages (WorkshopPage with its sessions as inline rows), and what counselors do with them (registrations,
check-in, feedback, calendar feeds, the notifications sent to them).

The rules these models hold: a counselor has at most one live registration (pending, booked or waitlisted) per
session (a conditional unique constraint); a feedback is given once per registration with a rating from 1 to 5;
a notification is sent at most once per key (a unique constraint claimed before the e-mail goes out). Seats are
handed out only by `workshops.services`, which locks the session row and counts live bookings.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from people.models import Role, person_scope
from standards.audiences import Audience

from .forms import WorkshopPageForm


class WorkshopIndexPage(Page):
    """The events section of the site: lists upcoming events and holds every WorkshopPage."""

    intro = RichTextField(_("introduction"), blank=True, help_text=_("A few sentences above the list of events."))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["workshops.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        from .listing import upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = upcoming_sessions(request, self)
        return context


class WorkshopPage(Page):
    """One event (workshop, seminar, training camp, expert lecture, practicum or exchange) with its sessions.

    Trainers create these under the events index and edit only their own. Counselors sign up per session."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        TRAINING_CAMP = "camp", _("Training camp")
        EXPERT_LECTURE = "lecture", _("Expert lecture")
        PRACTICUM = "practicum", _("Practicum")
        EXCHANGE = "exchange", _("Exchange")

    class Delivery(models.TextChoices):
        OFFLINE = "offline", _("On site")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")

    class HoursBasis(models.TextChoices):
        SESSION = "session", _("Per session attended")
        EVENT = "event", _("For the whole event")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.WORKSHOP)
    summary = models.CharField(_("summary"), max_length=240, blank=True, help_text=_("One sentence for listings."))
    description = RichTextField(_("description"), blank=True)
    level = models.ForeignKey(
        "standards.Level", verbose_name=_("minimum level"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Counselors need at least this level to sign up; leave empty for everyone."),
    )
    topics = ParentalManyToManyField("standards.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.OFFLINE)
    hours = models.DecimalField(
        _("training hours"), max_digits=5, decimal_places=1, default=Decimal("4.0"),
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Training hours (学时) credited for attendance; one training day is 8."),
    )
    hours_basis = models.CharField(
        _("hours are credited"), max_length=10, choices=HoursBasis.choices, default=HoursBasis.SESSION
    )
    professional = models.BooleanField(
        _("professional subject"), default=True, help_text=_("Credit counts as professional subjects (专业科目).")
    )
    organization = models.ForeignKey(
        "people.Organization", verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The organizing city or institution; the calendar filters by its city."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="workshops_trained",
        help_text=_("Platform trainers who run the event; they see the roster and mark attendance."),
    )
    experts = models.CharField(
        _("guest experts"), max_length=240, blank=True, help_text=_("Names and titles of invited experts.")
    )
    requires_approval = models.BooleanField(
        _("sign-ups need approval"), default=False,
        help_text=_("An administrator of the counselor's organization approves each sign-up."),
    )
    promotion_stop_hours = models.PositiveSmallIntegerField(
        _("no waitlist promotion within (hours)"), default=12,
        help_text=_("Freed seats are not given to the waitlist this many hours before a session starts."),
    )
    issues_certificate = models.BooleanField(
        _("attendance certificate"), default=True, help_text=_("Issue a certificate of attendance to attendees.")
    )

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("description")]
    base_form_class = WorkshopPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("delivery")]), FieldPanel("summary"),
             FieldPanel("description")],
            heading=_("Event"),
        ),
        MultiFieldPanel(
            [FieldPanel("organization"), FieldPanel("trainers"), FieldPanel("experts")], heading=_("People")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("audience")]),
                FieldPanel("topics"),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("hours_basis"), FieldPanel("professional")]),
                FieldRowPanel([FieldPanel("requires_approval"), FieldPanel("promotion_stop_hours"),
                               FieldPanel("issues_certificate")]),
            ],
            heading=_("Participation and credit"),
        ),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session"), min_num=1),
    ]
    parent_page_types = ["workshops.WorkshopIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def get_context(self, request, *args, **kwargs):
        from .listing import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(request, self))
        return context


class SessionQuerySet(models.QuerySet):
    def live(self):
        """Sessions of published events."""
        return self.filter(page__live=True)

    def with_counts(self):
        booked = Count("registrations", filter=Q(registrations__status="booked"), distinct=True)
        waiting = Count("registrations", filter=Q(registrations__status="waitlisted"), distinct=True)
        return self.annotate(booked_count=booked, waitlist_count=waiting)

    def visible_to(self, user):
        """Admins see every session; trainers the sessions they manage."""
        if getattr(user, "is_authenticated", False) and (
            user.manages_whole_province or user.has_role(Role.ORG_ADMIN)
        ):
            return self.all()
        return self.managed_by(user)

    def managed_by(self, user):
        """Sessions whose roster `user` may keep: the event's trainers and owner, and province admins."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        mine = WorkshopSession.objects.filter(Q(page__trainers=user) | Q(page__owner=user)).values("pk")
        return self.filter(pk__in=mine)


class WorkshopSession(Orderable):
    """One date of an event: when, where, how many seats, and the sign-up and cancellation windows."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    page = ParentalKey(WorkshopPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)], default=30)
    registration_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, help_text=_("Empty: until the session starts.")
    )
    cancellation_deadline = models.DateTimeField(
        _("cancellation cut-off"), null=True, blank=True,
        help_text=_("Counselors may cancel until then; empty: until the session starts."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.CharField(
        _("reason for cancellation"), max_length=200, blank=True,
        help_text=_("Set the status to cancelled and give a reason; everyone registered is told."),
    )

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("address")]),
        FieldPanel("online_url"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_opens_at"),
                       FieldPanel("registration_closes_at"), FieldPanel("cancellation_deadline")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("cancellation_reason")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="workshops_session_ends_after"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="workshops_session_capacity_positive"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.page.title} · {local:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if self.registration_opens_at and self.registration_closes_at and (
            self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError({"registration_closes_at": _("Sign-up must close after it opens.")})
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            raise ValidationError({"cancellation_reason": _("Give a reason for the cancellation.")})

    def save(self, *args, **kwargs):
        """Saving (on publish) tells the registered people about a move or a cancellation, and fills seats
        that a larger capacity frees (workshops.services.session_saved)."""
        previous = None
        if self.pk:
            previous = WorkshopSession.objects.filter(pk=self.pk).values(
                "starts_at", "ends_at", "venue", "address", "online_url", "capacity", "status"
            ).first()
        super().save(*args, **kwargs)
        if previous is not None:
            from .services import session_saved

            session_saved(self, previous)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    @property
    def cancellable_until(self):
        return self.cancellation_deadline or self.starts_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        opened = self.registration_opens_at is None or self.registration_opens_at <= now
        return not self.is_cancelled and opened and now < self.closes_at

    @property
    def place(self) -> str:
        return " · ".join(part for part in (self.venue, self.address) if part) or self.online_url


class RegistrationQuerySet(models.QuerySet):
    LIVE = ("pending", "booked", "waitlisted")

    def live(self):
        return self.filter(status__in=self.LIVE)

    def visible_to(self, user):
        """Province admins: all; organization admins: their people's; trainers: those of their events; everyone:
        their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        scope = Q(user=user) | Q(session__page__trainers=user) | Q(session__page__owner=user)
        if user.has_role(Role.ORG_ADMIN):
            scope |= person_scope(user, "user")
        return self.filter(pk__in=self.filter(scope).values("pk"))


class Registration(models.Model):
    """A counselor's sign-up for one session: pending approval, booked, waitlisted, cancelled or rejected, and
    afterwards their attendance. It copies the event's title and hours when it is created."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        REJECTED = "rejected", _("Not approved")

    class Attendance(models.TextChoices):
        UNMARKED = "", _("Not marked")
        ATTENDED = "attended", _("Attended")
        PARTIAL = "partial", _("Partly attended")
        NO_SHOW = "no_show", _("Did not attend")

    session = models.ForeignKey(
        WorkshopSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT,
        related_name="workshop_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    title = models.CharField(_("event"), max_length=255, help_text=_("The event's title when the person signed up."))
    language = models.CharField(
        _("language"), max_length=10, default="zh-hans", help_text=_("The language e-mails are written in.")
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNMARKED, blank=True
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    credited_at = models.DateTimeField(_("credit recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decision_reason = models.CharField(_("reason"), max_length=200, blank=True,
                                       help_text=_("Why the sign-up was not approved, as told to the counselor."))
    promoted_at = models.DateTimeField(_("promoted from the waitlist at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(status__in=RegistrationQuerySet.LIVE),
                name="workshops_one_live_registration",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="workshops_reg_queue"),
            models.Index(fields=["-created_at", "-id"], name="workshops_reg_recent"),  # the admin listing's order
        ]

    def __str__(self):
        return f"{self.user} · {self.title}"

    @property
    def is_live(self) -> bool:
        return self.status in RegistrationQuerySet.LIVE

    @property
    def source_ref(self) -> str:
        return f"workshop-session:{self.session_id}:registration:{self.pk}"


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Feedback on the registrations a person may see (trainers: their events'; admins: their scope's)."""
        if getattr(user, "is_authenticated", False) and user.manages_whole_province:
            return self.all()
        return self.filter(registration__in=Registration.objects.visible_to(user).values("pk"))


class Feedback(models.Model):
    """A participant's rating (1–5) and comment on a session they attended; one per registration."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="workshops_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.registration} · {self.rating}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret iCal feed address; regenerating the token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="workshop_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class SentNotification(models.Model):
    """One e-mail sent about one registration. The unique key is claimed before the e-mail goes out, in the same
    transaction, so a task that runs twice or is retried sends it once."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("key"), max_length=120, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")

    def __str__(self):
        return self.key
