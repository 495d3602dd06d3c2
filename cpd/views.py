"""The counselor's own CPD page on the site."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .summary import my_cpd as my_cpd_figures


@require_GET
@login_required
def my_cpd(request):
    return render(request, "cpd/my_cpd.html", my_cpd_figures(request.user))
