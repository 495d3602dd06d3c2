import logging

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home import demo_data


class Command(BaseCommand):
    help = (
        "Load the demo organizations, one login per role and about 30 counselors (idempotent). The INFO log lines of "
        "the pages, audit entries and eager tasks it creates are kept quiet unless run with -v 2."
    )

    def handle(self, *args, **options):
        quiet = options["verbosity"] < 2
        if quiet:
            logging.disable(logging.INFO)
        try:
            logins = demo_data.load()
        finally:
            if quiet:
                logging.disable(logging.NOTSET)
        self.stdout.write(self.style.SUCCESS(_("Demo data is loaded. Logins:")))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<24} {email:<32} {password}")
