"""Who may do what with features in the admin: view and change by model permission (province admins); adding and
deleting by nobody, superusers included. Features are written by the apps that publish honours
(`showcase.services.feature`) and leave the public pages by being hidden, so their history stays."""

from wagtail.permission_policies import ModelPermissionPolicy

NEVER = frozenset({"add", "delete"})


class FeaturePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in NEVER and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action not in NEVER])
