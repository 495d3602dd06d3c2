"""Questions belong to the trainer who wrote (or imported) them: others neither see nor change them in the admin,
except province admins (and superusers), who manage the whole bank."""

from wagtail.permission_policies import ModelPermissionPolicy


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
