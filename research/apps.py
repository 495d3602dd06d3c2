from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    """课题研究: research projects led by senior counselors and experts, milestones, outputs published to the library,
    and participation credit through CPD claims."""

    name = "research"
    label = "research"
    verbose_name = _("Research projects")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "ORG_ADMIN": ["research.view_project", "research.change_project"],
        "PROVINCE_ADMIN": ["research.view_project", "research.change_project"],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from people.document_access import register_document_readers
        from people.permissions import ScopedPermissionPolicy

        from .models import Output, Project

        class ReadOnlyScopedPolicy(ScopedPermissionPolicy):
            """Projects change through research.services only: the admin's generic views list and inspect."""

            def user_has_permission(self, user, action):
                return action not in ("add", "change", "delete") and super().user_has_permission(user, action)

        register_permission_policy(Project, ReadOnlyScopedPolicy(Project))

        def may_read_output(user, outputs) -> bool:
            """An output's file: the project's lead, members and admins in scope (published ones also through
            the library resource that holds the same document)."""
            project_ids = [output.project_id for output in outputs]
            return Project.objects.visible_to(user).filter(pk__in=project_ids).exists()

        register_document_readers(Output, may_read_output,
                                  holders=lambda document: Output.objects.filter(document=document))
