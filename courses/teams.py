"""Course teams and publishing: who may edit which course, and who approves publication.

Each course has a team (CourseTrainer rows). The team is mirrored into an auth group per course ("course-team-<id>")
holding add and change page permissions on that course's subtree, so trainers edit their own courses only and can
never publish. Publishing goes through the "课程发布审核" workflow (a GroupApprovalTask approved by the lead-trainer
group 课程负责人 or the province admins), assigned to the course catalogue page and thereby to every course below it.
The workflow and the lead-trainer group are created by a data migration; the page-tree grants are applied after
every migration and whenever a course team or the catalogue is published, idempotently.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

LEAD_TRAINER_GROUP = "课程负责人"
WORKFLOW_NAME = "课程发布审核"
TEAM_PAGE_PERMISSIONS = ["add_page", "change_page"]
LEAD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def courses_taught_by(user):
    """The courses whose team holds `user`; province admins (and superusers) teach all of them."""
    from .models import CoursePage

    if not getattr(user, "is_authenticated", False):
        return CoursePage.objects.none()
    if user.manages_whole_province or LEAD_TRAINER_GROUP in user.role_names:
        return CoursePage.objects.all()
    return CoursePage.objects.filter(trainers__user=user).distinct()


def team_group_name(course) -> str:
    return f"course-team-{course.pk}"


def _page_permissions(codenames):
    return list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames))


def sync_course_team(course) -> Group:
    """Make the course's team group hold exactly the course's trainers, with add/change rights on its subtree."""
    group, _created = Group.objects.get_or_create(name=team_group_name(course))
    for permission in _page_permissions(TEAM_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page_id=course.pk, permission=permission)
    wanted = set(course.trainers.values_list("user_id", flat=True))
    current = set(group.user_set.values_list("pk", flat=True))
    if wanted - current:
        group.user_set.add(*(wanted - current))
    if current - wanted:
        group.user_set.remove(*(current - wanted))
    return group


def assign_publishing_workflow(index_page) -> None:
    """Route publication of everything below the catalogue through the approval workflow; lead trainers may
    add, edit and publish there."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=index_page.pk, defaults={"workflow": workflow})
    lead = Group.objects.filter(name=LEAD_TRAINER_GROUP).first()
    if lead is not None:
        for permission in _page_permissions(LEAD_PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(group=lead, page_id=index_page.pk, permission=permission)


def setup_publishing(*, using="default", **kwargs) -> None:
    """After migrations: lead trainers may use the admin, and every catalogue page has the workflow."""
    from .models import CourseIndexPage

    lead, _created = Group.objects.using(using).get_or_create(name=LEAD_TRAINER_GROUP)
    access = Permission.objects.using(using).filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    view = Permission.objects.using(using).filter(content_type__app_label="courses", codename="view_enrollment").first()
    lead.permissions.add(*[p for p in (access, view) if p is not None])
    for index_page in CourseIndexPage.objects.using(using).all():
        assign_publishing_workflow(index_page)
