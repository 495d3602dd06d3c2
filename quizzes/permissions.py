"""Questions belong to the trainer who wrote (or imported) them: others neither see nor change them in the admin,
except province admins (and superusers), who manage the whole bank. Attempts are read-only in the generic screens
and scoped to the courses the viewer teaches."""

from wagtail.permission_policies import ModelPermissionPolicy

from cpd.permissions import LedgerPermissionPolicy


class QuestionPermissionPolicy(ModelPermissionPolicy):
    """A ModelPermissionPolicy limited to `Question.objects.authored_by(user)`."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            user.manages_whole_province or instance.owner_id == user.pk
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.authored_by(user)
        return self.model._default_manager.none()


class AttemptPermissionPolicy(LedgerPermissionPolicy):
    """Attempts in the generic admin screens: viewed within the courses a trainer teaches, never added, changed or
    deleted there (they change only through quizzes.services and quizzes.grading)."""
