"""The library's own URLs: counted, permission-checked file downloads, bookmarking, and "my bookmarks"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.redirects import next_url

from . import services
from .access import can_open
from .models import Bookmark, ResourceAttachment, ResourceIndexPage, ResourcePage

BOOKMARKS_PAGE_SIZE = 20


def download(request, attachment_id: int):
    """Serve an attached file to those who may open its resource, counting it once a day per person.

    Outsiders of a restricted resource get 404 (as for the page); anonymous visitors of a signed-in resource are
    sent to sign in."""
    attachment = get_object_or_404(
        ResourceAttachment.objects.select_related("document", "resource__restricted_to"), pk=attachment_id
    )
    resource = attachment.resource
    if not resource.live:
        raise Http404
    if not can_open(request.user, resource):
        if resource.access == ResourcePage.Access.SIGNED_IN and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if request.user.is_authenticated:
        services.record_download(request.user, resource)
    document = attachment.document
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.filename)


@require_POST
@login_required
def toggle_bookmark(request, page_id: int):
    """Add (action=add) or remove (action=remove) a bookmark; repeating either changes nothing."""
    resource = get_object_or_404(ResourcePage.objects.live(), pk=page_id)
    if not can_open(request.user, resource):
        # An outsider of a restricted resource learns nothing of it (not even its address), except that they may
        # drop a bookmark kept from before they left its organization.
        if not (request.POST.get("action") == "remove" and resource.bookmarks.filter(user=request.user).exists()):
            raise Http404
        services.remove_bookmark(request.user, resource)
        messages.success(request, _("Removed from your bookmarks."))
        return redirect("library:bookmarks")
    back = next_url(request, resource.url)
    action = request.POST.get("action")
    if action == "remove":
        services.remove_bookmark(request.user, resource)
        messages.success(request, _("Removed from your bookmarks."))
    elif action == "add":
        services.bookmark(request.user, resource)
        messages.success(request, _("Added to your bookmarks."))
    else:
        messages.error(request, _("Unknown action."))
    return HttpResponseRedirect(back)


@login_required
def my_bookmarks(request):
    bookmarks = Bookmark.objects.filter(user=request.user, resource__live=True).select_related("resource")
    page = Paginator(bookmarks, BOOKMARKS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "library/my_bookmarks.html", {"bookmarks": page})


def index(request):
    """/library/ leads to the library's index page, wherever editors placed it."""
    page = ResourceIndexPage.objects.live().first()
    if page is None:
        raise Http404
    return redirect(page.url)
