import logging

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from home import demo_data


class Command(BaseCommand):
    help = (
        "Load the demo organizations, one login per role and about 30 counselors (idempotent). The INFO log lines of "
        "the pages, audit entries and eager tasks it creates, and the notices it sends to demo people, are kept quiet "
        "unless run with -v 2."
    )

    def handle(self, *args, **options):
        quiet = options["verbosity"] < 2
        # Notices to demo people stay in memory unless asked for (the console backend would print every one).
        mail = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"} if quiet else {}
        if quiet:
            logging.disable(logging.INFO)
        try:
            with override_settings(**mail):
                logins = demo_data.load()
        finally:
            if quiet:
                logging.disable(logging.NOTSET)
        self.stdout.write(self.style.SUCCESS(_("Demo data is loaded. Logins:")))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<24} {email:<32} {password}")
