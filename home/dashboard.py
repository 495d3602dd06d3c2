"""What the signed-in dashboard shows each role, computed in a fixed number of queries whatever the data size."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from certification.ladder import next_on_ladder
from certification.models import current_levels
from certification.progression import dashboard_card, work_waiting
from competitions.dashboard import dashboard_card as competitions_card
from courses.progress import continue_learning
from people.access import is_active_member, rejection_reason
from people.models import Organization, Role, User
from standards.models import Level
from workshops.listing import next_sessions


@dataclass
class Link:
    label: str
    url: str
    description: str = ""
    count: int | None = None


def my_progress(user: User) -> dict:
    """The counselor's current level, the next rung (certification.ladder's rule), the hours earned toward it and
    the first requirement still unmet, and the whole ladder."""
    ladder = list(Level.objects.order_by("rank"))
    current = current_levels([user.pk]).get(user.pk)
    next_level = next_on_ladder([level for level in ladder if not level.is_appointed_title], current)
    context = {"ladder": ladder, "current_level": current, "next_level": next_level}
    if user.has_role(Role.COUNSELOR):
        context.update(dashboard_card(user, next_level))
    return context


def scope_summary(user: User) -> dict:
    """For admins: people in scope by approval status and employment, and universities' staffing against the guide."""
    people = User.objects.visible_to(user)
    totals = people.aggregate(
        total=Count("pk", distinct=True),
        counselors=Count("pk", filter=Q(groups__name=Role.COUNSELOR.value), distinct=True),
        pending=Count("pk", filter=Q(approval_status=User.ApprovalStatus.PENDING), distinct=True),
        full_time=Count("pk", filter=Q(employment=User.Employment.FULL_TIME), distinct=True),
        part_time=Count("pk", filter=Q(employment=User.Employment.PART_TIME), distinct=True),
    )
    universities = (
        Organization.objects.visible_to(user)
        .filter(kind=Organization.Kind.UNIVERSITY)
        .annotate(
            full_time_counselors=Count(
                "members",
                filter=Q(members__employment=User.Employment.FULL_TIME, members__is_active=True),
            )
        )
        .order_by("name")[:20]
    )
    return {"totals": totals, "universities": list(universities)}


def cities_summary() -> list:
    """For province admins: every city with the number of active people in its subtree (one query)."""
    cities = list(Organization.objects.cities().order_by("name"))
    counts = dict(
        User.objects.filter(is_active=True, organization__isnull=False)
        .values_list("organization__path")
        .annotate(n=Count("pk"))
        .values_list("organization__path", "n")
    )
    for city in cities:
        city.people_count = sum(n for path, n in counts.items() if path.startswith(city.path))
    return cities


def admin_links(user: User) -> list[Link]:
    links = []
    if user.has_role(Role.COUNSELOR):
        description = _("Training hours this period and what is still missing.")
        links.append(Link(_("My CPD"), reverse("cpd:my_cpd"), description))
        description = _("The next level: what is still needed, and your applications.")
        links.append(Link(_("My progression"), reverse("certification:progression"), description))
    work = work_waiting(user)
    if work:
        description = ngettext(
            "%(count)s application awaits endorsement.", "%(count)s applications await endorsement.",
            work["to_endorse"],
        ) % {"count": work["to_endorse"]}
        links.append(Link(_("Level applications"), reverse("certification_queue"), description))
    if user.has_perm("wagtailadmin.access_admin"):
        links.append(Link(_("Administration"), reverse("wagtailadmin_home"), _("The authoring and management area.")))
    if user.has_perm("people.view_user"):
        links.append(Link(_("People"), reverse("wagtailusers_users:index"), _("Accounts in your scope.")))
    if user.has_perm("people.change_user"):
        links.append(
            Link(_("Registrations awaiting approval"), reverse("people_pending"), _("Approve or reject sign-ups."))
        )
    if user.has_perm("workshops.change_registration"):
        url = reverse("workshops_approvals")
        links.append(Link(_("Event sign-ups awaiting approval"), url, _("Approve your people's sign-ups.")))
    if user.has_perm("people.add_user"):
        links.append(Link(_("Import counselors"), reverse("people_import"), _("Upload an XLSX or CSV file.")))
    if user.has_perm("standards.change_level"):
        url = reverse("wagtailsnippets_standards_level:list")
        links.append(Link(_("Levels and topics"), url, _("The ladder and the topics.")))
    return links


def waiting_work(user: User) -> list[Link]:
    """For staff: each queue they may decide, with the number of items waiting in their scope (one count query per
    queue the user has the permission for, whatever the data size)."""
    from courses.models import Enrollment
    from cpd.models import ExternalClaim
    from quizzes.services import awaiting_items
    from workshops.models import Registration

    in_scope = User.objects.visible_to(user).values("pk")
    queues = [
        ("people.change_user", _("Registrations awaiting approval"), "people_pending",
         lambda: User.objects.visible_to(user).filter(approval_status=User.ApprovalStatus.PENDING)),
        ("cpd.change_externalclaim", _("External activity claims"), "cpd_claims_queue",
         lambda: ExternalClaim.objects.visible_to(user).filter(status=ExternalClaim.Status.SUBMITTED)
         .exclude(counselor=user)),
        ("courses.change_enrollment", _("Enrollment requests"), "courses_admin:approval_queue",
         lambda: Enrollment.objects.filter(status=Enrollment.Status.PENDING, user__in=in_scope)),
        ("workshops.change_registration", _("Event sign-ups awaiting approval"), "workshops_approvals",
         lambda: Registration.objects.filter(status=Registration.Status.PENDING, user__in=in_scope)),
        ("quizzes.change_attempt", _("Essays to grade"), "quizzes_admin:grading_queue",
         lambda: awaiting_items(user)),
    ]
    return [
        Link(label, reverse(url_name), count=queryset().count())
        for permission, label, url_name, queryset in queues
        if user.has_perm(permission)
    ]


def build(user: User) -> dict:
    """The dashboard of `user`. A pending or rejected account sees only its profile and its status (see
    `people.access`); counselors see their level and learning; staff (anyone with admin access) see the work waiting
    for them instead of a personal ladder; admins also their scope."""
    if not is_active_member(user):
        rejected = user.approval_status == User.ApprovalStatus.REJECTED
        return {"roles": user.roles, "rejection_reason": rejection_reason(user) if rejected else ""}
    context = {"roles": user.roles, "links": admin_links(user)}
    if user.has_perm("wagtailadmin.access_admin"):
        context["waiting"] = waiting_work(user)
    if user.has_role(Role.COUNSELOR):
        context.update(my_progress(user))
    context["learning"] = continue_learning(user)
    context["next_sessions"] = next_sessions(user)
    context["competitions_card"] = competitions_card(user)
    if user.has_role(Role.ORG_ADMIN) or user.manages_whole_province:
        context["scope"] = scope_summary(user)
    if user.manages_whole_province:
        context["cities"] = cities_summary()
    return context
