"""The e-mails about a level application, each sent at most once.

`send(application_id, kind)` claims an ApplicationNotice row with a unique key before the e-mail goes out, in one
transaction with the sending: a second run (a retried or duplicated task) finds the key taken and sends nothing; a
failed send rolls the claim back so that the retry can send it. Steps that may happen more than once (returned and
resubmitted again) carry a suffix in `kind` ("returned:<timestamp>"), so each occurrence is notified once.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ApplicationNotice, LevelApplication

KINDS = {"submitted", "endorsed", "returned", "accepted", "passed", "failed"}


def subject_for(kind: str, level: str) -> str:
    subjects = {
        "submitted": _("Your application for %(level)s has been submitted"),
        "endorsed": _("Your application for %(level)s has been endorsed"),
        "returned": _("Your application for %(level)s has been returned"),
        "accepted": _("Your application for %(level)s has been accepted into an assessment round"),
        "passed": _("You have passed the assessment for %(level)s"),
        "failed": _("The result of your assessment for %(level)s"),
    }
    return subjects[kind] % {"level": level}


def send(application_id: int, kind: str) -> bool:
    """Send the `kind` e-mail about an application once per (application, kind); True if sent now."""
    base = kind.split(":", 1)[0]
    if base not in KINDS:
        return False
    application = (
        LevelApplication.objects.select_related("applicant", "level", "round").filter(pk=application_id).first()
    )
    if application is None:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                ApplicationNotice.objects.create(
                    application=application, kind=base, key=f"{application_id}:{kind}"[:120]
                )
        except IntegrityError:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "kind": base,
                "application": application,
                "level": application.level.name,
                "site_name": settings.LMS_PLATFORM_NAME,
                "progression_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("certification:progression"),
            }
            subject = subject_for(base, application.level.name)
            body = render_to_string("certification/email/notice.txt", context)
        send_mail(subject, body, None, [application.applicant.email])
    return True
