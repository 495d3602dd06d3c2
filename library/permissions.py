"""Reading lists belong to the trainer who wrote them: others may not see or change them in the admin, except
province admins (and superusers), who manage all of them."""

from wagtail.permission_policies import ModelPermissionPolicy


class OwnedPermissionPolicy(ModelPermissionPolicy):
    """A ModelPermissionPolicy limited to the rows the user owns, unless they manage the whole province."""

    def owned_instances(self, user):
        return self.model._default_manager.visible_to(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            user.manages_whole_province or instance.owner_id == user.pk
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.owned_instances(user)
        return self.model._default_manager.none()
