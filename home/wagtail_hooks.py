"""Admin rules that hold for every page type.

A page that records of what people did point at (enrollments, lesson progress, registrations, downloads, attempts)
is never deleted: those records protect their page (on_delete=PROTECT), and the admin says so before trying,
instead of failing half-way. Unpublishing keeps the page out of sight while its history stays intact. Documents
linked from the public home page are public (people.document_access).
"""

from collections import defaultdict

from django.contrib import messages
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from people.document_access import public_when_live, register_document_readers

from .models import HomePage


def protected_by_records(page: Page) -> bool:
    """Whether deleting the page (with the pages below it) would be refused because records point at them."""
    pages_by_type = defaultdict(list)
    for each in Page.objects.descendant_of(page, inclusive=True).specific():
        pages_by_type[type(each)].append(each)
    collector = Collector(using=router.db_for_write(Page))
    try:
        for pages in pages_by_type.values():  # the collector takes one model at a time
            collector.collect(pages)
    except (ProtectedError, RestrictedError):
        return True
    return False


@hooks.register("before_delete_page")
def keep_pages_with_records(request, page):
    if protected_by_records(page):
        messages.error(
            request,
            _(
                "This page, or a page below it, has records of what people did (enrollments, progress, "
                "registrations, downloads or attempts), so it cannot be deleted. Unpublish it instead; the records "
                "are kept."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


register_document_readers(HomePage, public_when_live)  # the public home page's links are public
