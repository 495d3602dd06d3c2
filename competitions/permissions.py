"""Permission policies of competitions: scoped like everything else (`visible_to(user)`); entries are made and
changed only through competitions.registration, so nobody adds or deletes an entry in the admin, and competitions
are never deleted (they close as finished)."""

from people.permissions import ScopedPermissionPolicy


class NoDeletePolicy(ScopedPermissionPolicy):
    """Scoped; delete is refused to everyone (a competition people took part in is finished, not deleted)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class EntryPolicy(ScopedPermissionPolicy):
    """Scoped; entries come from registration, so add and delete are refused to everyone."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)
