"""Facet links of the search page: they keep the query and the other filters, and toggle one value."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_link(context, name, value):
    """The URL that turns a facet value on (or off when it is the chosen one), from page one."""
    params = {"q": context.get("query", ""), **context.get("filters", {})}
    active = str(params.get(name, "")) == str(value)
    if active:
        params.pop(name)
    else:
        params[name] = value
    return {"url": "?" + urlencode({key: item for key, item in params.items() if item != ""}), "active": active}

