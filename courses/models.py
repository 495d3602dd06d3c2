"""Tiered courses: the catalogue (CourseIndexPage), courses (CoursePage) and their items (LessonPage, and
quizzes.QuizPage through CourseItemMixin), training plans per level, enrollments and per-item progress.

Content is Wagtail pages (drafts, revisions, moderation); what counselors do is plain rows. An enrollment points at
its course with PROTECT and copies the title and hours it was taken with. The database holds at most one live
(pending, active or completed) enrollment per person and course, and one progress row per enrollment and item.
Every rule that spans rows (enrolling, approving, assigning, completing) lives in `courses.services`.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cpd.models import CreditEntry
from standards.audiences import Audience

from .blocks import LessonBodyBlock
from .page_forms import LessonPageForm


class ServedByViewMixin:
    """Pages rendered by a view of courses.views (their `serve`); previews go through the same view, which then
    shows the draft and reads no cache and no learner state."""

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.serve(request)


class DirectChildRouteMixin:
    """Route below the catalogue with the page objects cached per page version (courses.caching): Wagtail's default
    route spends two queries per level (the child, then its specific row). Children of the known type are found in
    one query, others the default way; previews and misses fall back to the default route."""

    child_route_model: str = ""

    def resolve_path(self, path_components) -> list | None:
        """The specific pages along `path_components` below this page, or None when one does not exist."""
        from django.apps import apps

        pages, parent = [], self
        for slug in path_components:
            model = apps.get_model(getattr(parent, "child_route_model", "") or "wagtailcore.Page")
            child = model.objects.child_of(parent).filter(slug=slug).first()
            if child is None and model is not Page:  # a child of another type (a quiz)
                child = Page.objects.child_of(parent).filter(slug=slug).first()
                model = Page
            if child is None:
                return None
            child = child.specific if model is Page else child
            pages.append(child)
            parent = child
        return pages

    def route(self, request, path_components):
        from .caching import cached

        if not path_components or getattr(request, "is_preview", False):
            return super().route(request, path_components)
        pages = cached(f"route:{self.pk}:{'/'.join(path_components)}", lambda: self.resolve_path(path_components))
        if not pages:
            return super().route(request, path_components)
        parent = self
        for page in pages:
            page._cached_parent_obj = parent
            parent = page
        return parent.route(request, [])


class CourseIndexPage(ServedByViewMixin, DirectChildRouteMixin, Page):
    """The course catalogue: lists the published courses with filters, the learner's status on each and the
    training plan for their next level. Its children are the courses."""

    intro = models.CharField(
        _("introduction"), max_length=300, blank=True, help_text=_("One or two sentences above the catalogue.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    child_route_model = "courses.CoursePage"

    class Meta:
        verbose_name = _("course catalogue")

    def serve(self, request, *args, **kwargs):
        from .views import catalogue

        return catalogue(request, self)


class CoursePage(ServedByViewMixin, DirectChildRouteMixin, Page):
    """A course of the tiered training: for one level, audience and set of topics, worth a number of 学时.
    Its children are the lessons and quizzes; the course team (trainers) edits them."""

    class EnrollmentPolicy(models.TextChoices):
        OPEN = "open", _("Open: counselors enroll themselves")
        APPROVAL = "approval", _("By approval of the counselor's organization admin")
        ASSIGNED = "assigned", _("Assigned by admins only")

    level = models.ForeignKey(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="courses",
        help_text=_("The rung of the ladder this course trains for."),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL,
        help_text=_("Who may take the course."),
    )
    topics = ParentalManyToManyField(
        "standards.Topic", verbose_name=_("topics"), related_name="courses", blank=True,
        help_text=_("The topics the course covers."),
    )
    hours = models.DecimalField(
        _("training hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.1)],
        help_text=_("Training hours (学时) credited on completion."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=CreditEntry.Category.choices,
        default=CreditEntry.Category.PROFESSIONAL,
        help_text=_("Professional subjects or public subjects (公需科目)."),
    )
    summary = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences for the catalogue."))
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("cover image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("prerequisite courses"), blank=True, related_name="required_by",
        symmetrical=False, help_text=_("Courses a counselor must have completed before enrolling."),
    )
    enrollment_policy = models.CharField(
        _("enrollment"), max_length=20, choices=EnrollmentPolicy.choices, default=EnrollmentPolicy.OPEN
    )
    enrollment_opens_at = models.DateTimeField(_("enrollment opens"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(_("enrollment closes"), null=True, blank=True)
    sequential = models.BooleanField(
        _("sequential unlocking"), default=False,
        help_text=_("Each lesson or quiz opens only when the required items before it are done."),
    )
    issuer = models.CharField(
        _("issuer"), max_length=200, default="山东省职业指导师培训平台",
        help_text=_("The name printed on completion certificates."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("level_id")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("audience"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("category")]),
            ],
            heading=_("Place in the training"),
        ),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        InlinePanel("trainers", label=_("Course team (trainers)")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("enrollment_policy"),
                FieldRowPanel([FieldPanel("enrollment_opens_at"), FieldPanel("enrollment_closes_at")]),
                FieldPanel("prerequisites"),
                FieldPanel("sequential"),
                FieldPanel("issuer"),
            ],
            heading=_("Enrollment"),
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage"]
    child_route_model = "courses.LessonPage"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        if self.enrollment_opens_at and self.enrollment_closes_at and (
            self.enrollment_closes_at <= self.enrollment_opens_at
        ):
            raise ValidationError({"enrollment_closes_at": _("Enrollment must close after it opens.")})

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def enrollment_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.enrollment_opens_at and now < self.enrollment_opens_at:
            return False
        return not (self.enrollment_closes_at and now >= self.enrollment_closes_at)

    def serve(self, request, *args, **kwargs):
        from .views import course_page

        return course_page(request, self)


class CourseTrainer(Orderable):
    """A member of a course's team: may edit the course and its items and sees its enrollments."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="trainers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainer"), on_delete=models.CASCADE, related_name="course_teams"
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("course trainer")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="courses_trainer_once_per_course")]


class CourseItemMixin(models.Model):
    """A child page of a course that counts toward its completion (a lesson or a quiz)."""

    required = models.BooleanField(
        _("required"), default=True, help_text=_("The course is completed when every required item is done.")
    )

    item_panels = [FieldPanel("required")]

    class Meta:
        abstract = True

    def get_course(self) -> "CoursePage":
        """The course this item belongs to (its parent page): the one routing came through, else one query."""
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, CoursePage):
            return parent
        return CoursePage.objects.get(path=self.path[: -self.steplen])


class LessonPage(ServedByViewMixin, CourseItemMixin, Page):
    """A lesson: authored content (text, media, cases, reflection), an estimated duration and a completion rule."""

    class Completion(models.TextChoices):
        MARK_DONE = "mark_done", _("The learner marks it as done")
        MIN_TIME = "min_time", _("A minimum time on the page")
        QUIZ = "quiz", _("Passing a quiz")

    body = StreamField(LessonBodyBlock(), verbose_name=_("content"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=20, validators=[MinValueValidator(1)]
    )
    completion = models.CharField(
        _("completion rule"), max_length=20, choices=Completion.choices, default=Completion.MARK_DONE
    )
    min_minutes = models.PositiveSmallIntegerField(
        _("minimum minutes"), null=True, blank=True,
        help_text=_("For the minimum-time rule: minutes since the lesson was first opened (the server measures)."),
    )
    completion_quiz = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("quiz to pass"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_(
            "For the quiz rule: a quiz of the same course; left empty, passing any quiz of the course counts."
        ),
    )

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [
        MultiFieldPanel(
            [
                *CourseItemMixin.item_panels,
                FieldPanel("estimated_minutes"),
                FieldPanel("completion"),
                FieldPanel("min_minutes"),
                PageChooserPanel("completion_quiz"),
            ],
            heading=_("Completion"),
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    base_form_class = LessonPageForm

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.completion == self.Completion.MIN_TIME and not self.min_minutes:
            raise ValidationError({"min_minutes": _("Give the minimum number of minutes.")})
        if self.path:
            error = self.completion_quiz_error(self.completion, self.completion_quiz, self.path[: -self.steplen])
            if error:
                raise ValidationError({"completion_quiz": error})

    def completion_quiz_error(self, completion, quiz, course_path: str):
        """Why `quiz` cannot be the quiz to pass of a lesson in the course at `course_path` (None when it can):
        under the quiz rule it must be a quiz of that same course."""
        if completion != self.Completion.QUIZ or quiz is None:
            return None
        content_type = quiz.specific_class._meta.label_lower if quiz.specific_class else ""
        if content_type != "quizzes.quizpage" or quiz.path[: -quiz.steplen] != course_path:
            return _("Choose a quiz of this course.")
        return None

    def serve(self, request, *args, **kwargs):
        from .views import lesson_page

        return lesson_page(request, self)


class TrainingPlan(ClusterableModel):
    """The ordered list of courses that make up one level's training."""

    level = models.OneToOneField(
        "standards.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="training_plan"
    )
    intro = models.TextField(_("introduction"), blank=True)

    panels = [FieldPanel("level"), FieldPanel("intro"), InlinePanel("entries", label=_("Courses"))]

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["level__rank"]

    def __str__(self):
        return str(_("Training plan: %(level)s") % {"level": self.level})


class TrainingPlanEntry(Orderable):
    plan = ParentalKey(TrainingPlan, on_delete=models.CASCADE, related_name="entries")
    course = models.ForeignKey(CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")

    panels = [PageChooserPanel("course", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("training plan course")
        constraints = [models.UniqueConstraint(fields=["plan", "course"], name="courses_plan_course_once")]


class EnrollmentQuerySet(models.QuerySet):
    def live(self):
        """Pending, active or completed: the enrollments that hold a place (one per person and course)."""
        return self.filter(status__in=Enrollment.LIVE_STATUSES)

    def current(self):
        """Active or completed."""
        return self.filter(status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED])

    def visible_to(self, user):
        """Enrollments of the people in the user's scope; trainers also see those of the courses they teach."""
        from people.models import person_scope

        from .teams import courses_taught_by

        if not getattr(user, "is_authenticated", False):
            return self.none()
        in_scope = person_scope(user, "user")
        if in_scope is None:
            return self.all()
        taught = courses_taught_by(user)
        return self.filter(in_scope | Q(course__in=taught.values("pk")))


class Enrollment(models.Model):
    """A counselor's place in a course: requested, active, completed, rejected or withdrawn."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("enrollment status", "Awaiting approval")
        ACTIVE = "active", pgettext_lazy("enrollment status", "In progress")
        COMPLETED = "completed", pgettext_lazy("enrollment status", "Completed")
        REJECTED = "rejected", pgettext_lazy("enrollment status", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("enrollment status", "Withdrawn")

    class Source(models.TextChoices):
        SELF = "self", _("Enrolled themselves")
        APPROVAL = "approval", _("Requested and approved")
        ASSIGNED = "assigned", _("Assigned by an admin")

    LIVE_STATUSES = (Status.PENDING, Status.ACTIVE, Status.COMPLETED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT, related_name="enrollments"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.SELF)
    course_title = models.CharField(_("course title"), max_length=255)
    hours = models.DecimalField(_("training hours"), max_digits=5, decimal_places=1)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status__in=["pending", "active", "completed"]),
                name="courses_one_live_enrollment",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="courses_progress_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="courses_enrollment_course"),
            # the listing's order: page 1 walks this index instead of sorting every enrollment in scope
            models.Index(fields=["-created_at", "-id"], name="courses_enrollment_recent"),
        ]

    def __str__(self):
        return f"{self.user} · {self.course_title}"

    @property
    def completed_on(self):
        return timezone.localdate(self.completed_at) if self.completed_at else None

    @property
    def source_ref(self) -> str:
        """The ledger and certificate source of this enrollment's completion."""
        return f"course:{self.course_id}:enrollment:{self.pk}"


class CourseItemProgress(models.Model):
    """One learner's progress on one item of a course: when it was first opened and when it was done."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="item_progress")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("first opened"), default=timezone.now)
    completed_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("item progress")
        verbose_name_plural = _("item progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "page"], name="courses_progress_once_per_item"),
        ]

    def __str__(self):
        return f"{self.enrollment_id}:{self.page_id}"
