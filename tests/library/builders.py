"""Building library pages for tests: an index page under the site root, resources, attached files."""

import datetime

from django.core.files.base import ContentFile
from wagtail.models import Page, Site

from library.models import PrivateDocument, ResourceAttachment, ResourceIndexPage, ResourcePage


def library_index() -> ResourceIndexPage:
    existing = ResourceIndexPage.objects.first()
    if existing:
        return existing
    parent = Site.objects.get(is_default_site=True).root_page
    return parent.add_child(instance=ResourceIndexPage(title="资源库", slug="resources"))


def resource(title: str, *, summary: str = "资源摘要", body: str = "", index=None, **fields) -> ResourcePage:
    """A published resource (public unless `access` says otherwise); body is one paragraph of text."""
    index = index or library_index()
    topics, levels = fields.pop("topics", []), fields.pop("levels", [])
    page = ResourcePage(
        title=title,
        summary=summary,
        body=[("paragraph", f"<p>{body}</p>")] if body else [],
        published_on=fields.pop("published_on", datetime.date(2025, 1, 1)),
        **fields,
    )
    page.topics.set(topics)
    page.levels.set(levels)
    index.add_child(instance=page)
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk)


def attach(page: ResourcePage, name: str = "guide.pdf", content: bytes = b"%PDF-1.4 test") -> ResourceAttachment:
    document = PrivateDocument(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return ResourceAttachment.objects.create(resource=page, document=document, sort_order=0)


def root_page():
    return Page.objects.get(depth=1)
