"""The ledger is read-only in the admin for everyone, superusers included: people are corrected by reversal."""

from people.permissions import ScopedPermissionPolicy


class LedgerPermissionPolicy(ScopedPermissionPolicy):
    """Credit entries: viewing is scoped like people; adding, changing and deleting are refused to all."""

    read_only_actions = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.read_only_actions:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.read_only_actions]
        if not actions:
            from django.contrib.auth import get_user_model

            return get_user_model()._default_manager.none()
        return super().users_with_any_permission(actions)


class CertificatePermissionPolicy(LedgerPermissionPolicy):
    """Certificates: viewing is scoped like people; they are issued and revoked by cpd.services, never edited here."""
