"""Scoped permission policies: a model permission only counts for the rows the user may see.

Wagtail asks its permission policy whether a user may act on an instance and which instances they may act on;
answering with `visible_to(user)` puts the organization scope under every admin screen that consults the policy.
"""

from wagtail.permission_policies import ModelPermissionPolicy


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """A ModelPermissionPolicy limited to `model.objects.visible_to(user)`."""

    def visible_instances(self, user):
        return self.model._default_manager.visible_to(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.visible_instances(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.visible_instances(user)
        return self.model._default_manager.none()


class ScopedUserPermissionPolicy(ScopedPermissionPolicy):
    """Users: scoped as above; only superusers may delete (people are deactivated, never deleted)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)
