"""Admin integration of the courses app: the 课程培训 menu (enrollments, approval queue, assignment, my courses,
training plans), its URLs, the audit log actions, and who may read the documents lessons hold."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from lms.admin_menu import PermissionMenuItem
from people.document_access import register_document_readers

from . import admin_views
from .models import LessonPage
from .reading import courses_readable_by
from .teams import courses_taught_by
from .viewsets import EnrollmentViewSet, TrainingPlanViewSet

enrollment_viewset = EnrollmentViewSet("enrollments")
training_plan_viewset = TrainingPlanViewSet()
register_snippet(training_plan_viewset)


def may_read_lesson_documents(user, lessons) -> bool:
    """A file in a lesson's document or video block is for those who may read the live lesson (courses.reading),
    and for the course team also while the lesson is a draft."""
    live_paths = {lesson.path[: -lesson.steplen] for lesson in lessons if lesson.live}
    if live_paths and courses_readable_by(user).filter(path__in=live_paths).exists():
        return True
    all_paths = {lesson.path[: -lesson.steplen] for lesson in lessons}
    return courses_taught_by(user).filter(path__in=all_paths).exists()


register_document_readers(LessonPage, may_read_lesson_documents)


@hooks.register("register_admin_viewset")
def register_enrollment_viewset():
    return enrollment_viewset


@hooks.register("register_admin_urls")
def register_courses_admin_urls():
    urls = [
        path("requests/", admin_views.ApprovalQueueView.as_view(), name="approval_queue"),
        path("requests/<rowid:enrollment_id>/decide/", admin_views.DecideEnrollmentView.as_view(), name="decide"),
        path("assign/", admin_views.AssignCourseView.as_view(), name="assign"),
        path("mine/", admin_views.MyCoursesView.as_view(), name="my_courses"),
        path("<rowid:course_id>/enrollments/", admin_views.CourseEnrollmentsView.as_view(), name="course_enrollments"),
    ]
    return [path("courses/", include((urls, "courses_admin")))]


class CoursesMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_courses_menu():
    menu = Menu(items=[
        PermissionMenuItem(_("My courses"), "courses_admin:my_courses", admin_views.VIEW_PERMISSION,
                           name="courses-mine", icon_name="doc-full-inverse", order=1),
        PermissionMenuItem(_("Enrollments"), "enrollments:index", admin_views.VIEW_PERMISSION,
                           name="courses-enrollments", icon_name="list-ul", order=2),
        PermissionMenuItem(_("Enrollment requests"), "courses_admin:approval_queue",
                           admin_views.DECIDE_PERMISSION, name="courses-requests", icon_name="tasks", order=3),
        PermissionMenuItem(_("Assign a course"), "courses_admin:assign", admin_views.ASSIGN_PERMISSION,
                           name="courses-assign", icon_name="group", order=4),
        PermissionMenuItem(_("Training plans"), training_plan_viewset.get_url_name("list"),
                           "courses.view_trainingplan", name="courses-plans", icon_name="list-ol", order=5),
    ])
    return CoursesMenuItem(_("Courses and training"), menu, name="courses", icon_name="folder-open-inverse",
                           order=305)


@hooks.register("register_log_actions")
def register_courses_log_actions(actions):
    actions.register_action("courses.enrollment.created", _("Enroll"), _("Enrolled"))
    actions.register_action("courses.enrollment.requested", _("Request enrollment"), _("Enrollment requested"))
    actions.register_action("courses.enrollment.approved", _("Approve enrollment"), _("Enrollment approved"))
    actions.register_action("courses.enrollment.rejected", _("Reject enrollment"), _("Enrollment rejected"))
    actions.register_action("courses.enrollment.withdrawn", _("Withdraw enrollment"), _("Enrollment withdrawn"))
    actions.register_action("courses.enrollment.completed", _("Complete course"), _("Course completed"))
    actions.register_action("courses.course.assigned", _("Assign course"), _("Course assigned"))
