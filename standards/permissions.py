from wagtail.permission_policies import ModelPermissionPolicy


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Levels and topics are referenced by records; they are switched off, never deleted."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)
