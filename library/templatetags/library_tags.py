"""Library links in templates show only what the visitor may open: a restricted resource's title is not shown
outside its organization subtree (reading lists, resource blocks), as the search and the library page hide it."""

from django import template
from django.contrib.auth.models import AnonymousUser

from library.access import can_open

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


@register.simple_tag(takes_context=True)
def open_items(context, reading_list):
    """The entries of a reading list whose resource is live and open to the visitor, in order."""
    items = reading_list.items.all()
    if "items" not in getattr(reading_list, "_prefetched_objects_cache", {}):
        items = items.select_related("resource__restricted_to")
    user = _user(context)
    return [item for item in items if item.resource.live and can_open(user, item.resource)]


@register.simple_tag(takes_context=True)
def is_open(context, resource) -> bool:
    """Whether the visitor may see a link to this resource (live and open to them)."""
    return bool(resource and resource.live and can_open(_user(context), resource))
