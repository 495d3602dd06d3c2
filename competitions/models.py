"""Competitions: what the province organises, who enters, how each round is judged, and what the entries won.

A competition (技能竞赛, 金课竞赛, 大学生职业规划比赛) has tracks (赛道) and an ordered sequence of rounds,
typically city preliminaries (one ranking per city) then the provincial final. An entry is one counselor, one
gold-course entry (a course of the platform with its materials) or one team of students registered by a university's
admin or adviser. An entry takes part in a round through a RoundEntry: the first round's rows are created at
registration, a later round's when entries advance. A RoundEntry's score comes from the knowledge contest (a timed
quiz through the quiz engine) or from an expert panel (experts machinery; the RoundEntry is the panel's subject),
and the round's ranking orders them, breaks ties by the round's stated rule, marks who advances, and at the final
assigns prizes. Nothing here is deleted once people took part: entries are withdrawn or disqualified, results are
published once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cpd.models import EvidenceFile
from people.models import Organization, Role


def _managed_condition(user, through: str) -> Q | None:
    """The organizer condition of what `user` runs: None for the whole province (no condition), the subtree of an
    organization admin's node, nothing for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.manages_whole_province:
        return None
    if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
        return Q(**{f"{through}organizer__path__startswith": user.organization.path})
    return Q(pk__in=[])


class CompetitionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CompetitionQuerySet":
        """The competitions `user` runs in the admin: province admins all; an organization admin those organized
        in their subtree (a city admin their city's own competitions); nobody else any."""
        condition = _managed_condition(user, "")
        return self.all() if condition is None else self.filter(condition)

    def public(self) -> "CompetitionQuerySet":
        """What the site lists: every competition past its draft."""
        return self.exclude(status=Competition.Status.DRAFT)


class Competition(ClusterableModel):
    """One edition of a competition, built by an organizer in the admin."""

    class Kind(models.TextChoices):
        SKILLS = "skills", _("Counselor skills competition")
        GOLD_COURSE = "gold_course", _("Gold-course competition")
        STUDENTS = "students", _("College students' career-planning competition")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REGISTRATION = "registration", _("Registration open")
        RUNNING = "running", _("Under way")
        FINISHED = "finished", pgettext_lazy("competition status", "Finished")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    organizer = models.ForeignKey(
        Organization, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The province, or a city for a city-only competition; its admins run it."),
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    min_level = models.ForeignKey(
        "standards.Level", verbose_name=_("minimum level"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Counselor entrants must hold at least this level; empty: anyone."),
    )
    organization_kinds = models.JSONField(
        _("organization kinds"), default=list, blank=True,
        help_text=_("Entrants' organizations must be of these kinds (people.Organization.Kind values); empty: any."),
    )
    max_team_size = models.PositiveSmallIntegerField(
        _("maximum team size"), default=1, help_text=_("Students' competitions: students per team.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    allow_advisers = models.BooleanField(
        _("advisers may register teams"), default=False,
        help_text=_("Students' competitions: besides the university's admins, its counselors (advisers) may register "
                    "teams of their university."),
    )

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-year", "-registration_opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="competitions_registration_window_ordered",
            )
        ]

    def __str__(self):
        return self.title


class Track(models.Model):
    """A track (赛道) of a competition, for example 公共就业服务 and 高校就业指导."""

    competition = ParentalKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                              related_name="tracks")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="competitions_unique_track")]

    def __str__(self):
        return self.name


class Round(models.Model):
    """One round of a competition: its format, its judging, how entries advance, and (at the final) the prizes.

    `sequence` orders the rounds; entries of round n that advance take part in round n + 1. A round `per_city` ranks
    the entries of each city separately (city preliminaries) and advances the top `advance_count` (or the top
    `advance_share` percent, rounded up) of each city; otherwise one ranking for the whole competition.
    """

    class Format(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Online knowledge contest")
        PERFORMANCE = "performance", _("Judged performance")
        SUBMISSION = "submission", _("Judged submission")

    class Performance(models.TextChoices):
        SPEECH = "speech", _("Keynote speech (主题演讲)")
        SIMULATION = "simulation", _("Scenario simulation (情景模拟)")
        OTHER = "other", _("Other")

    class Advance(models.TextChoices):
        NONE = "none", _("Nobody advances (final round)")
        TOP_N = "top_n", _("The top N")
        TOP_SHARE = "top_share", _("The top share (percent)")

    class TieBreak(models.TextChoices):
        SHARED = "shared", _("Equal scores share the rank")
        TOP_CRITERION = "top_criterion", _("Higher score on the heaviest criterion, then shared")
        FASTER = "faster", _("Less time taken (knowledge contest), then shared")
        EARLIER = "earlier", _("Earlier registration")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        JUDGING = "judging", _("Judging")
        PUBLICITY = "publicity", _("Results in publicity")
        PUBLISHED = "published", _("Results published")

    competition = ParentalKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                              related_name="rounds")
    name = models.CharField(_("name"), max_length=120)
    sequence = models.PositiveSmallIntegerField(_("order"), default=1)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    performance = models.CharField(_("performance"), max_length=12, choices=Performance.choices, blank=True)
    per_city = models.BooleanField(_("ranked per city"), default=False)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    rubric = models.ForeignKey(
        "experts.Rubric", verbose_name=_("rubric"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Judged rounds: the criteria and weights the panel scores against."),
    )
    panel_size = models.PositiveSmallIntegerField(_("experts per entry"), default=3)
    drop_extremes = models.BooleanField(_("drop the highest and lowest score"), default=False)
    tie_break = models.CharField(_("tie break"), max_length=14, choices=TieBreak.choices, default=TieBreak.SHARED)
    advance = models.CharField(_("advancement"), max_length=10, choices=Advance.choices, default=Advance.NONE)
    advance_count = models.PositiveSmallIntegerField(_("advance count"), null=True, blank=True)
    advance_share = models.PositiveSmallIntegerField(_("advance share (%)"), null=True, blank=True)
    first_prizes = models.PositiveSmallIntegerField(_("first prizes"), default=0)
    second_prizes = models.PositiveSmallIntegerField(_("second prizes"), default=0)
    third_prizes = models.PositiveSmallIntegerField(_("third prizes"), default=0)
    merit_prizes = models.PositiveSmallIntegerField(_("merit prizes"), default=0)
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=5, decimal_places=1, default=0,
        help_text=_("学时 credited once to each counselor entrant who took part, when the results are published."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    # compresults: when the round was last ranked (competitions.ranking); the publicity needs a ranked round.
    ranked_at = models.DateTimeField(_("ranked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["competition", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "sequence"], name="competitions_unique_round_sequence"),
            models.CheckConstraint(
                condition=~Q(advance="top_share") | Q(advance_share__gte=1, advance_share__lte=100),
                name="competitions_advance_share_percent",
            ),
        ]

    def __str__(self):
        return f"{self.competition} · {self.name}"

    @property
    def is_judged(self) -> bool:
        return self.format in (self.Format.PERFORMANCE, self.Format.SUBMISSION)


class EntryQuerySet(models.QuerySet):
    def live(self) -> "EntryQuerySet":
        return self.filter(status=Entry.Status.REGISTERED)

    def visible_to(self, user) -> "EntryQuerySet":
        """Province admins see every entry; an organization admin the entries of their subtree and of the
        competitions organized there; anyone else the entries they entered or registered."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        mine = Q(entrant_id=user.pk) | Q(registered_by_id=user.pk)
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            path = user.organization.path
            mine |= Q(organization__path__startswith=path) | Q(competition__organizer__path__startswith=path)
        return self.filter(mine)


class Entry(models.Model):
    """One entrant of a competition: a counselor, a gold-course entry or a team of students.

    `entrant` is the counselor (skills), the course's presenter (gold course) or None (students, who are not
    platform users; `registered_by` is their university's admin or adviser). `city` is the city the entry is ranked
    in during city preliminaries, copied from the entrant's organization at registration.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("entry status", "Registered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DISQUALIFIED = "disqualified", _("Disqualified")

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.PROTECT,
                                    related_name="entries")
    track = models.ForeignKey(Track, verbose_name=_("track"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="entries")
    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entrant"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="competition_entries",
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The entry as listed: a name, a course or a team.")
    )
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT,
                                     related_name="+")
    city = models.ForeignKey(Organization, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="competition_entries",
    )
    video_url = models.URLField(_("teaching video link"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.REGISTERED)
    status_reason = models.TextField(_("reason"), blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["competition", "city__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "entrant"], condition=Q(entrant__isnull=False) & ~Q(status="withdrawn"),
                name="competitions_one_live_entry_per_entrant",
            ),
            models.UniqueConstraint(
                fields=["competition", "course"], condition=Q(course__isnull=False) & ~Q(status="withdrawn"),
                name="competitions_one_live_entry_per_course",
            ),
            models.UniqueConstraint(
                fields=["competition", "organization", "title"],
                condition=Q(entrant__isnull=True) & ~Q(status="withdrawn"),
                name="competitions_one_live_team_per_name",
            ),
        ]
        indexes = [models.Index(fields=["competition", "status", "city"])]

    def __str__(self):
        return self.title


class TeamMember(models.Model):
    """A student of a team entry: not a platform user, so only what the listing and the certificate need."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=60)
    major = models.CharField(_("major"), max_length=120, blank=True)
    year_of_study = models.PositiveSmallIntegerField(_("year of study"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class EntryMaterial(EvidenceFile):
    """A file of an entry: a career plan (students), a teaching plan or video (gold course), a performance script."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to="competitions/", storage=EvidenceFile.file.field.storage,
                            max_length=200)

    class Meta(EvidenceFile.Meta):
        verbose_name = _("entry material")
        verbose_name_plural = _("entry materials")


class RoundEntry(models.Model):
    """An entry's part in one round: its score, its place in the ranking, and what it won or where it goes next.

    The score is the knowledge contest's grade (knowledge rounds) or the panel's result (judged rounds; the
    RoundEntry is the panel's subject). `rank`, `advanced` and `prize` are written by the ranking when the round is
    ranked, and are shown to the entrant only once the round's results are published.
    """

    class Prize(models.TextChoices):
        FIRST = "first", _("First prize")
        SECOND = "second", _("Second prize")
        THIRD = "third", _("Third prize")
        MERIT = "merit", _("Merit prize")

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="entries")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="rounds")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    seconds_taken = models.PositiveIntegerField(_("time taken (seconds)"), null=True, blank=True)
    absent = models.BooleanField(_("absent"), default=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    advanced = models.BooleanField(_("advanced"), default=False)
    prize = models.CharField(_("prize"), max_length=8, choices=Prize.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # compresults: the results e-mail was sent (claimed by competitions.results_tasks, so it goes out once).
    notified_at = models.DateTimeField(_("results notice sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        ordering = ["round", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="competitions_one_entry_per_round")]
        indexes = [models.Index(fields=["round", "rank"])]

    def __str__(self):
        return f"{self.entry} · {self.round.name}"


from .contest import ContestIndexPage, ContestPage  # noqa: E402,F401  (the knowledge contest's pages)
