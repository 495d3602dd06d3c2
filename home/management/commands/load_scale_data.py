import time

from django.core.management.base import BaseCommand, CommandError

from home import scale_data


class Command(BaseCommand):
    help = ("Load provincial-scale data (10,000 counselors, 200 courses, 100,000 enrollments, 1,000,000 progress rows, "
            "300,000 ledger entries ...) for benchmarks, or remove it with --remove. Reproducible by --seed.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--remove", action="store_true", help="Delete everything the generator made.")
        for name, default in scale_data.DEFAULTS.items():
            parser.add_argument(f"--{name}", type=int, default=None, help=f"default {default:,}")

    def handle(self, *args, remove=False, seed=1, **options):
        started = time.monotonic()
        log = self.stdout.write
        if remove:
            scale_data.remove(log=log)
        else:
            sizes = {name: options.get(name) for name in scale_data.DEFAULTS}
            try:
                counts = scale_data.Generator(seed=seed, log=log, **sizes).run()
            except ValueError as error:
                raise CommandError(str(error)) from error
            log(f"made: {counts}")
            log(f"logins (password {scale_data.PASSWORD}): " + ", ".join(email for email, _r, _c in scale_data.ADMINS))
        log(f"{time.monotonic() - started:.1f} s")
