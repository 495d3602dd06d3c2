"""Demo library: the resource library under the home page, the resources of home/demo_content/resources.py with a
generated one-page PDF where the data asks for one, the reading lists (owned by the demo trainer), and a few
bookmarks and downloads so that "most used" and "my bookmarks" have something to show.

Idempotent: pages are found by slug, documents by title, reading lists by title; bookmarks and downloads go through
library.services, which count each once. Restricted resources are restricted to the organization named in the data,
so only that subtree opens their pages and files.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape

from home.demo_content.resources import READING_LISTS, RESOURCES
from home.models import HomePage
from library import services
from library.models import (
    PrivateDocument,
    ReadingList,
    ReadingListItem,
    ResourceAttachment,
    ResourceIndexPage,
    ResourcePage,
)
from people.models import Organization, User
from standards.models import Level, Topic

PDF_STYLE = (
    "@page { size: A4; margin: 2cm; } body { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 11pt; }"
    " h1 { font-size: 18pt; } .meta { color: #555; }"
)
# (counselor e-mail, resource slugs bookmarked and downloaded)
USE = [
    ("counselor@demo.example", 0, 6),
    ("counselor01@demo.example", 0, 4),
    ("counselor02@demo.example", 2, 5),
    ("counselor03@demo.example", 1, 3),
    ("counselor04@demo.example", 0, 2),
]


def build_index() -> ResourceIndexPage:
    index = ResourceIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(
            instance=ResourceIndexPage(
                title="共享式职业指导资源库",
                slug="resources",
                intro="<p>课件、书籍、研究报告、案例分析、政策法规、视频和工具模板，面向全省职业指导人员共享。</p>",
            )
        )
        index.save_revision().publish()
    return index


def render_pdf(item: dict) -> bytes:
    from weasyprint import HTML  # loads Pango only when the demo is built

    paragraphs = "".join(item["body"])
    html = (
        f"<html><head><meta charset='utf-8'><style>{PDF_STYLE}</style></head><body>"
        f"<h1>{escape(item['title'])}</h1><p class='meta'>{escape(item['source'])} · {item['published_on']}</p>"
        f"<p>{escape(item['summary'])}</p>{paragraphs}</body></html>"
    )
    return HTML(string=html).write_pdf()


def attach_pdf(page: ResourcePage, item: dict) -> None:
    if page.attachments.exists():
        return
    document = PrivateDocument.objects.filter(title=item["title"]).first()
    if document is None:
        document = PrivateDocument(title=item["title"])
        document.file.save(f"{item['slug']}.pdf", ContentFile(render_pdf(item)), save=False)
        document.save()
    ResourceAttachment.objects.create(resource=page, document=document, sort_order=0)


def build_resources(index: ResourceIndexPage) -> dict[str, ResourcePage]:
    topics = {topic.code: topic for topic in Topic.objects.all()}
    levels = {level.code: level for level in Level.objects.all()}
    organizations = {org.code: org for org in Organization.objects.all()}
    trainer = User.objects.filter(email="trainer@demo.example").first()
    pages = {}
    for item in RESOURCES:
        page = ResourcePage.objects.filter(slug=item["slug"]).first()
        if page is None:
            restricted_to = organizations.get(item["restricted_to"]) if item["access"] == "restricted" else None
            page = ResourcePage(
                title=item["title"],
                slug=item["slug"],
                kind=item["kind"],
                audience=item["audience"],
                source=item["source"],
                published_on=datetime.date.fromisoformat(item["published_on"]),
                summary=item["summary"],
                body=[("paragraph", paragraph) for paragraph in item["body"]],
                access=item["access"] if restricted_to or item["access"] != "restricted" else "signed_in",
                restricted_to=restricted_to,
                owner=trainer,
            )
            page.topics.set([topics[code] for code in item["topics"] if code in topics])
            page.levels.set([levels[code] for code in item["levels"] if code in levels])
            index.add_child(instance=page)
            page.save_revision(user=trainer).publish()
        if item.get("attachment"):
            attach_pdf(page, item)
        pages[item["slug"]] = page
    return pages


def build_reading_lists(pages: dict[str, ResourcePage]) -> None:
    trainer = User.objects.filter(email="trainer@demo.example").first()
    levels = {level.code: level for level in Level.objects.all()}
    for data in READING_LISTS:
        reading_list, created = ReadingList.objects.get_or_create(
            title=data["title"],
            defaults={"level": levels.get(data.get("level")), "intro": data.get("intro", ""), "owner": trainer},
        )
        if created:
            for order, slug in enumerate(slug for slug in data["resources"] if slug in pages):
                ReadingListItem.objects.create(reading_list=reading_list, resource=pages[slug], sort_order=order)


def build_use(pages: dict[str, ResourcePage]) -> None:
    open_pages = [page for page in pages.values() if page.access != ResourcePage.Access.RESTRICTED]
    for email, first, count in USE:
        person = User.objects.filter(email=email).first()
        if person is None:
            continue
        for page in open_pages[first : first + count]:
            services.bookmark(person, page)
            services.record_download(person, page)


@transaction.atomic
def load() -> None:
    index = build_index()
    pages = build_resources(index)
    build_reading_lists(pages)
    build_use(pages)
