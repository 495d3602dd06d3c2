"""Signal receivers: an invited person who sets a password through the e-mailed link has proved the address."""

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver


@receiver(password_reset, dispatch_uid="people.verify_email_on_password_reset")
def verify_email_on_password_reset(sender, request, user, **kwargs):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
