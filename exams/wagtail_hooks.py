"""The level exams in the Wagtail admin: the exam list and results for province admins, in the admin menu."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class ProvinceAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.manages_whole_province


@hooks.register("register_admin_urls")
def register_exams_admin_urls():
    urls = [
        path("", admin_views.ExamListView.as_view(), name="list"),
        path("<rowid:exam_id>/results/", admin_views.ExamResultsView.as_view(), name="results"),
    ]
    return [path("exams/", include((urls, "exams_admin")))]


@hooks.register("register_admin_menu_item")
def register_exams_menu_item():
    return ProvinceAdminMenuItem(_("Level exams"), "/admin/exams/", name="level-exams", icon_name="doc-full",
                                 order=322)
