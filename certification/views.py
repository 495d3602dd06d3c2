"""我的晋级 for counselors (and, for organization admins, the same page per counselor of their scope), applying,
withdrawing, resubmitting, and evidence downloads.

Every lookup goes through `visible_to(request.user)`: an application or person outside the requester's scope is a
404, exactly like one that does not exist. Bad input gets a message and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from people.models import Role, User

from . import services
from .forms import ApplicationForm
from .models import ApplicationEvidence, LevelApplication
from .progression import progression


@require_GET
@login_required
def my_progression(request):
    return render(request, "certification/progression.html", progression(request.user))


@require_GET
@login_required
def counselor_progression(request, user_id):
    """An organization admin (or the province) reads a counselor's progression; others get a 404."""
    if not (request.user.manages_whole_province or request.user.has_role(Role.ORG_ADMIN)):
        raise Http404
    person = get_object_or_404(User.objects.visible_to(request.user), pk=user_id)
    context = progression(person)
    context["viewing_other"] = person.pk != request.user.pk
    return render(request, "certification/progression.html", context)


@login_required
def apply(request):
    context = progression(request.user)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(
                request.user, statement=form.cleaned_data["statement"],
                profile_confirmed=form.cleaned_data["profile_confirmed"], files=form.evidence(),
            )
        except services.CertificationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your application has been submitted to your organization."))
            return redirect("certification:progression")
    context.update(form=form, facts=services.profile_facts(request.user))
    return render(request, "certification/apply.html", context)


@login_required
def resubmit(request, pk):
    application = get_object_or_404(LevelApplication, pk=pk, applicant=request.user)
    form = ApplicationForm(request.POST or None, request.FILES or None, initial={"statement": application.statement})
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit_application(
                application.pk, request.user, statement=form.cleaned_data["statement"], files=form.evidence()
            )
        except services.CertificationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your application has been submitted again."))
            return redirect("certification:progression")
    context = progression(request.user)
    context.update(form=form, facts=services.profile_facts(request.user), application=application)
    return render(request, "certification/apply.html", context)


@require_POST
@login_required
def withdraw(request, pk):
    try:
        services.withdraw_application(pk, request.user)
    except services.CertificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("certification:progression")


@never_cache
@require_GET
@login_required
def evidence(request, pk):
    """The applicant, or an admin whose scope holds them, downloads an evidence file; anyone else gets a 404."""
    item = get_object_or_404(
        ApplicationEvidence.objects.filter(application__in=LevelApplication.objects.visible_to(request.user)), pk=pk
    )
    if not item.file.storage.exists(item.file.name):
        raise Http404
    return FileResponse(item.file.storage.open(item.file.name, "rb"), as_attachment=True,
                        filename=item.original_name, content_type=item.content_type)
