"""People and organizations.

The rule this module enforces: every person belongs to one organization of the province → city → institution tree,
and what a manager may see is the subtree of their own organization. `visible_to(user)` on both querysets is the
single definition of that scope; every page, admin listing, filter, export and object lookup goes through it.
"""

from datetime import date

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class Role(models.TextChoices):
    """The five roles. The value is the name of the auth Group that carries the role's permissions."""

    COUNSELOR = "学员", _("Counselor")
    TRAINER = "培训师", _("Trainer")
    ORG_ADMIN = "机构管理员", _("Organization admin")
    PROVINCE_ADMIN = "省级管理员", _("Province admin")
    EXPERT = "专家", _("Expert")


class OrganizationQuerySet(MP_NodeQuerySet):
    def visible_to(self, user) -> "OrganizationQuerySet":
        """Province admins see every organization; organization admins their own subtree; others their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        if user.organization_id is None:
            return self.none()
        if user.has_role(Role.ORG_ADMIN):
            return self.filter(path__startswith=user.organization.path)
        return self.filter(pk=user.organization_id)

    def cities(self) -> "OrganizationQuerySet":
        return self.filter(kind=Organization.Kind.CITY)

    def institutions(self) -> "OrganizationQuerySet":
        return self.exclude(kind__in=[Organization.Kind.PROVINCE, Organization.Kind.CITY])


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model).order_by("path")


class Organization(MP_Node):
    """A node of the province → city → institution tree; an admin's scope is the subtree under their node."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        EMPLOYMENT_AGENCY = "agency", _("Public employment service agency")
        UNIVERSITY = "university", _("University")
        TECHNICAL_SCHOOL = "technical_school", _("Technical school")
        HR_FIRM = "hr_firm", _("HR service firm")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short unique code used in import files, for example jinan-hrss."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    graduates_per_year = models.PositiveIntegerField(
        _("graduates per year"),
        null=True,
        blank=True,
        help_text=_("Universities only: the staffing guide asks for one full-time counselor per 500 graduates."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by = ["name"]
    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == self.Kind.UNIVERSITY and self.graduates_per_year is None:
            raise ValidationError({"graduates_per_year": _("Enter the number of graduates per year.")})
        if self.kind != self.Kind.UNIVERSITY and self.graduates_per_year is not None:
            raise ValidationError({"graduates_per_year": _("Only universities record graduates per year.")})

    @property
    def recommended_full_time_counselors(self) -> int | None:
        """At least one full-time counselor per 500 graduates (rounded up), for universities."""
        if self.graduates_per_year is None:
            return None
        return max(1, -(-self.graduates_per_year // 500))


def person_scope(user, through: str) -> Q | None:
    """The rows about people that `user` may see, as a condition on the person field `through` ("counselor",
    "user", "holder"); None when the user sees everyone (province-wide), so that callers add no condition at all.

    The same scope as `UserQuerySet.visible_to`, written as a join on the person's organization path instead of a
    subquery over the people, so that PostgreSQL can walk an index on the listing's sort column."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.manages_whole_province:
        return None
    if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
        return Q(**{f"{through}__organization__path__startswith": user.organization.path})
    return Q(**{f"{through}_id": user.pk})


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        """Province admins see everyone; organization admins the people of their subtree; others only themselves."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
            return self.filter(organization__path__startswith=user.organization.path)
        return self.filter(pk=user.pk)

    def with_role(self, role: Role) -> "UserQuerySet":
        return self.filter(groups__name=role.value)

    def pending_approval(self) -> "UserQuerySet":
        return self.filter(approval_status=User.ApprovalStatus.PENDING)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Creates users identified by e-mail (there is no username)."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in by e-mail, with the counselor's profile (organization, post, practice, education)."""

    class Employment(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")

    class Education(models.TextChoices):
        SECONDARY = "secondary", _("Secondary school or below")
        JUNIOR_COLLEGE = "junior_college", _("Junior college")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")

    class ApprovalStatus(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PENDING = "pending", _("Pending approval")
        REJECTED = "rejected", _("Rejected")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    real_name = models.CharField(_("real name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    post = models.CharField(_("post or title"), max_length=60, blank=True)
    employment = models.CharField(_("employment"), max_length=10, choices=Employment.choices, blank=True)
    practising_since = models.DateField(_("practising since"), null=True, blank=True)
    education = models.CharField(_("highest education"), max_length=20, choices=Education.choices, blank=True)
    approval_status = models.CharField(
        _("approval status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.APPROVED
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["real_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        indexes = [models.Index(fields=["organization", "approval_status"], name="people_user_org_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(email=""), name="people_user_email_not_empty"),
        ]

    def __str__(self):
        return self.real_name or self.email

    def get_full_name(self):
        return self.real_name

    def get_short_name(self):
        return self.real_name

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.practising_since and self.practising_since > timezone.localdate():
            raise ValidationError({"practising_since": _("The start of practice cannot be in the future.")})

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role.value in self.role_names]

    @property
    def manages_whole_province(self) -> bool:
        return self.is_superuser or self.has_role(Role.PROVINCE_ADMIN)

    @property
    def is_pending(self) -> bool:
        return self.approval_status == self.ApprovalStatus.PENDING

    def years_of_practice(self, on: date | None = None) -> int | None:
        """Whole years since the person began practising (None when the date is unknown)."""
        if self.practising_since is None:
            return None
        on = on or timezone.localdate()
        start = self.practising_since
        return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def role_group(role: Role) -> Group:
    return Group.objects.get(name=role.value)
