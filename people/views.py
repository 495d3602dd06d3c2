"""The person's own profile page on the site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            log(request.user, "wagtail.edit", user=request.user)
            messages.success(request, _("Your profile has been saved."))
            return redirect("people:profile")
        return render(request, "people/profile.html", {"form": form}, status=400)
    return render(request, "people/profile.html", {"form": form})
