"""The site's root page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The public front page: what the platform is, for whom, and the way in (sign in or register)."""

    lead = models.CharField(
        _("lead"),
        max_length=200,
        blank=True,
        help_text=_("One sentence under the title saying what the platform offers."),
    )
    body = RichTextField(_("body"), blank=True, help_text=_("A short introduction for visitors."))

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
