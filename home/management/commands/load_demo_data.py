from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home import demo_data


class Command(BaseCommand):
    help = "Load the demo organizations, one login per role and about 30 counselors (idempotent)."

    def handle(self, *args, **options):
        logins = demo_data.load()
        self.stdout.write(self.style.SUCCESS(_("Demo data is loaded. Logins:")))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<24} {email:<32} {password}")
