"""Who may open a resource's body and files.

Public resources are open to everyone, signed-in ones to anyone signed in, restricted ones to the people of the chosen
organization and its sub-organizations. Province admins (and superusers) open everything; the page's owner opens
what they wrote. An account that is not approved (`people.access`) opens only what a visitor who is not signed in
opens: a pending person of an organization is not its member yet. `openable()` is the same rule as a queryset
filter, for listings and search.
"""

from django.db.models import Q

from people.access import is_active_member

from .models import ResourcePage


def _ancestor_paths(organization) -> list[str]:
    """The treebeard paths of an organization and of every organization above it."""
    step = organization.steplen
    return [organization.path[:end] for end in range(step, len(organization.path) + 1, step)]


def openable(queryset, user):
    """Resources of `queryset` that `user` may open."""
    member = is_active_member(user)
    if member and user.manages_whole_province:
        return queryset
    condition = Q(access=ResourcePage.Access.PUBLIC)
    if member:
        condition |= Q(access=ResourcePage.Access.SIGNED_IN) | Q(owner=user)
        if user.organization_id is not None:
            condition |= Q(
                access=ResourcePage.Access.RESTRICTED,
                restricted_to__path__in=_ancestor_paths(user.organization),
            )
    return queryset.filter(condition)


def can_open(user, resource: ResourcePage) -> bool:
    """Whether `user` may open this resource's body and files."""
    if resource.access == ResourcePage.Access.PUBLIC:
        return True
    if not is_active_member(user):
        return False
    if user.manages_whole_province or resource.owner_id == user.pk:
        return True
    if resource.access == ResourcePage.Access.SIGNED_IN:
        return True
    organization = user.organization
    return (
        organization is not None
        and resource.restricted_to is not None
        and organization.path.startswith(resource.restricted_to.path)
    )


def closed_to(user):
    """The restricted resources `user` may not open (for hiding them in the admin's listings and choosers)."""
    restricted = ResourcePage.objects.filter(access=ResourcePage.Access.RESTRICTED)
    return restricted.exclude(pk__in=openable(restricted, user).values("pk"))
