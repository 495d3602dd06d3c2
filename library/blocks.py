"""Blocks other apps add to their StreamFields to point at the library: one resource, or a whole reading list."""

from django.utils.translation import gettext_lazy as _
from wagtail.blocks import PageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ResourceChooserBlock(PageChooserBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("library resource"))
        super().__init__(page_type="library.ResourcePage", **kwargs)

    class Meta:
        icon = "doc-full"
        template = "library/blocks/resource.html"


class ReadingListBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("reading list"))
        super().__init__("library.ReadingList", **kwargs)

    class Meta:
        icon = "list-ol"
        template = "library/blocks/reading_list.html"
