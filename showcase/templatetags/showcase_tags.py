"""`{% latest_honours %}`: the home page's "最新表彰" strip, from the showcase's cache (nothing when it is empty)."""

from django import template

from showcase import listing

register = template.Library()


@register.inclusion_tag("showcase/latest_strip.html")
def latest_honours():
    return {"cards": listing.latest()}
