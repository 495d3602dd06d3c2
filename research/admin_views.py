"""The research queue of the Wagtail admin: proposals waiting for approval and finished outputs waiting to be
published, in the admin's scope (province admins: all; organization admins: their subtree's organizations). The
decisions post to the site's project actions (research.views.act), which call research.services."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy
from django.views import View

from .models import Output, Project

PERMISSION = "research.change_project"
PAGE_SIZE = 30


class ResearchQueueView(View):
    page_title = gettext_lazy("Research projects to decide")

    def get(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        visible = Project.objects.visible_to(request.user).exclude(lead=request.user)
        proposals = (
            visible.filter(status=Project.Status.PROPOSED).select_related("lead__organization", "organization", "topic")
            .annotate(member_count=Count("memberships")).order_by("proposed_at", "pk")
        )
        page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("p"))
        outputs = list(
            Output.objects.filter(project__in=visible, is_final=True, resource__isnull=True,
                                  project__status__in=[Project.Status.IN_PROGRESS, Project.Status.CONCLUDED])
            .select_related("project", "document").order_by("uploaded_at")[:50]
        )
        return TemplateResponse(request, "research/admin/queue.html", {
            "page_obj": page, "outputs": outputs, "page_title": self.page_title, "icon": "doc-full",
        })
