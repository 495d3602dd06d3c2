from django.core.management.base import BaseCommand

from cpd.models import Certificate
from cpd.tasks import render_certificate_pdf


class Command(BaseCommand):
    help = (
        "Render every certificate's PDF again over its one file, from the rows and the site address "
        "(WAGTAILADMIN_BASE_URL) as they are now: run it after moving the site to another address."
    )

    def handle(self, *args, **options):
        ids = list(Certificate.objects.order_by("pk").values_list("pk", flat=True))
        for certificate_id in ids:
            render_certificate_pdf(certificate_id, refresh=True)
        self.stdout.write(f"{len(ids)}")
