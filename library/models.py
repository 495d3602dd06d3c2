"""The shared resource library: resources as pages, their files as private documents, reading lists, and what
counselors do with them (bookmarks, counted downloads).

A resource's access decides who may open its body and files: everyone, signed-in people, or the people of one
organization subtree (library.access). Downloads are counted once per person, resource and day by a unique constraint;
bookmarks are unique per person and resource.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.models import AbstractDocument, Document
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from standards.audiences import Audience

from .storage import document_storage

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class PrivateDocument(AbstractDocument):
    """The project's Wagtail document model: the file lives in private storage and is served only by views that
    check permission (Wagtail's serve view with the library hook, or the library's download view)."""

    file = models.FileField(upload_to="documents", storage=document_storage, verbose_name=_("file"))
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ResourceIndexPage(Page):
    """The library's front page: browse resources by kind, see the most used ones, search."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["library.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        from .listing import library_context

        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(self, request))
        return context


class ResourcePage(Page):
    """One resource of the library: courseware, a book, a report, a case, a policy text, a video or a template, with
    its summary, body and attached files. Access decides who may open the body and the files; everyone sees the
    title and summary of the resources open to them."""

    class Kind(models.TextChoices):
        COURSEWARE = "courseware", _("Courseware")
        BOOK = "book", _("Book")
        REPORT = "report", _("Research report")
        CASE = "case", _("Case study")
        POLICY = "policy", _("Policy document")
        VIDEO = "video", _("Video")
        TEMPLATE = "template", _("Tool or template")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        SIGNED_IN = "signed_in", _("Signed-in users")
        RESTRICTED = "restricted", _("One organization and its sub-organizations")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COURSEWARE)
    topics = ParentalManyToManyField("standards.Topic", blank=True, related_name="+", verbose_name=_("topics"))
    levels = ParentalManyToManyField(
        "standards.Level", blank=True, related_name="+", verbose_name=_("levels"),
        help_text=_("Leave empty when the resource suits every level."),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    source = models.CharField(_("author or source"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=1000, help_text=_("Shown in lists and search results."))
    body = StreamField(
        [
            ("heading", blocks.CharBlock(max_length=120, label=_("heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(features=RICH_FEATURES, label=_("paragraph"))),
            ("image", ImageChooserBlock(label=_("image"))),
            ("video", EmbedBlock(label=_("video"))),
            ("document", DocumentChooserBlock(label=_("document"))),
        ],
        blank=True,
        verbose_name=_("body"),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("cover image"),
    )
    access = models.CharField(_("access"), max_length=20, choices=Access.choices, default=Access.PUBLIC)
    restricted_to = models.ForeignKey(
        "people.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("restricted to"),
        help_text=_("For restricted resources: the organization whose people (and sub-organizations) may open it."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source"),
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("access"),
        index.FilterField("published_on"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("source"), FieldPanel("published_on"), FieldPanel("cover_image")],
            heading=_("About the resource"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attached files")),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel([FieldPanel("access"), FieldPanel("restricted_to")], heading=_("Access")),
    ]
    parent_page_types = ["library.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.access == self.Access.RESTRICTED and self.restricted_to_id is None:
            raise ValidationError({"restricted_to": _("Choose the organization a restricted resource is open to.")})
        if self.access != self.Access.RESTRICTED:
            self.restricted_to = None

    def serve(self, request, *args, **kwargs):
        """A restricted resource does not exist for people outside its organization (404, not a hint)."""
        from django.http import Http404

        from .access import can_open

        if self.access == self.Access.RESTRICTED and not can_open(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .access import can_open

        context = super().get_context(request, *args, **kwargs)
        context["can_open"] = can_open(request.user, self)
        context["attachment_list"] = list(self.attachments.select_related("document")) if context["can_open"] else []
        context["bookmarked"] = (
            request.user.is_authenticated and self.bookmarks.filter(user=request.user).exists()
        )
        return context


class ResourceAttachment(Orderable):
    """A file attached to a resource, downloaded through /library/files/<id>/ (counted, permission-checked)."""

    resource = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, on_delete=models.PROTECT, related_name="resource_attachments",
        verbose_name=_("document"),
    )
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("Defaults to the document title."))

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self):
        return self.label or self.document.title


class ReadingListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a person manages in the admin: province admins every list, trainers the lists they wrote."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.manages_whole_province:
            return self.all()
        return self.filter(owner=user)


class ReadingList(ClusterableModel):
    """A reading list curated by a trainer (for example the required reading of a level): resources in order.
    Courses and lessons link to it with library.blocks.ReadingListBlock or a ForeignKey."""

    title = models.CharField(_("title"), max_length=120)
    level = models.ForeignKey(
        "standards.Level", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"),
        help_text=_("The level this list is required reading for, if any."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("owner"), editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReadingListQuerySet.as_manager()

    panels = [FieldPanel("title"), FieldPanel("level"), FieldPanel("intro"), InlinePanel("items", label=_("Resources"))]

    class Meta:
        ordering = ["title"]
        verbose_name = _("reading list")
        verbose_name_plural = _("reading lists")

    def __str__(self):
        return self.title


class ReadingListItem(Orderable):
    reading_list = ParentalKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(
        ResourcePage, on_delete=models.PROTECT, related_name="reading_list_items", verbose_name=_("resource")
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Why to read it, or which part."))

    panels = [FieldPanel("resource"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("reading list entry")
        constraints = [
            models.UniqueConstraint(fields=["reading_list", "resource"], name="library_reading_list_resource_once")
        ]


class Bookmark(models.Model):
    """A resource a person keeps for later; once per person and resource."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_bookmarks")
    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(_("bookmarked"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [models.UniqueConstraint(fields=["user", "resource"], name="library_bookmark_once")]

    def __str__(self):
        return f"{self.user} · {self.resource}"


class Download(models.Model):
    """A counted use of a resource: one per person, resource and day (Asia/Shanghai), enforced by the database."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_downloads")
    resource = models.ForeignKey(ResourcePage, on_delete=models.PROTECT, related_name="downloads")
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("downloaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        constraints = [
            models.UniqueConstraint(fields=["user", "resource", "day"], name="library_download_once_a_day")
        ]
        indexes = [models.Index(fields=["resource", "day"])]

    def __str__(self):
        return f"{self.user} · {self.resource} · {self.day}"
