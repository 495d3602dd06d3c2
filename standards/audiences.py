"""Who a course, an event or a resource is meant for, and which audience a person belongs to.

The two counselor populations of the provincial policy are the staff of public employment services and the career
advisers of universities (and technical schools). Content for "all" is open to both; a person belongs to the
audience of their organization's kind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    ALL = "all", _("All counselors")
    PUBLIC_SERVICE = "public_service", _("Public employment services")
    UNIVERSITY = "university", _("Universities and colleges")


# Organization kinds (people.Organization.Kind values) whose staff are university career advisers.
_UNIVERSITY_KINDS = {"university", "technical_school"}


def audience_of(user) -> str:
    """The audience a person belongs to, from their organization's kind (public service unless a school)."""
    organization = getattr(user, "organization", None)
    if organization is not None and organization.kind in _UNIVERSITY_KINDS:
        return Audience.UNIVERSITY
    return Audience.PUBLIC_SERVICE


def audiences_for(user) -> list[str]:
    """The audience values whose content a person may take: their own and "all"."""
    return [Audience.ALL, audience_of(user)]
