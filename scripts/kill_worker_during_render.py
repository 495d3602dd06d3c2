"""Proof: killing the Celery worker in the middle of rendering certificates and starting it again leaves exactly
one PDF per certificate.

Runs a REAL worker (`celery -A lms worker`, prefork) on Redis against a throwaway PostgreSQL database:
issues N certificates (rendering is enqueued on commit), SIGKILLs the worker's whole process group while it is
rendering, starts a new worker (Redis redelivers the unacknowledged tasks once their visibility timeout has passed),
enqueues every rendering task a second time (a duplicate delivery), waits until the queue is drained, and counts the
files in PRIVATE_MEDIA_ROOT/certificates and the certificates that point at a PDF.

Usage: .venv/bin/python scripts/kill_worker_during_render.py [N]
Needs PostgreSQL (trust auth, user postgres) and Redis on 127.0.0.1; uses Redis database 12 and the PostgreSQL
database lms_cert_kill, both emptied first. Exits 1 if any certificate has no file or more than one.
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DB_NAME = "lms_cert_kill"
BROKER = "redis://127.0.0.1:6379/12"
VISIBILITY_TIMEOUT = 5  # seconds before Redis hands an unacknowledged task of a dead worker to another worker
WORK_DIR = Path(tempfile.mkdtemp(prefix="lms-cert-kill-"))

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "CELERY_BROKER_URL": BROKER,
    "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(
        {"visibility_timeout": VISIBILITY_TIMEOUT, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
    ),
    "PRIVATE_MEDIA_ROOT": str(WORK_DIR / "private-media"),
    "MEDIA_ROOT": str(WORK_DIR / "media"),
    "DB_CONN_MAX_AGE": "0",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
sys.path.insert(0, str(BASE_DIR))
PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))


def run(*command):
    subprocess.run(command, check=True, cwd=BASE_DIR, env=ENV, stdout=subprocess.DEVNULL)  # noqa: S603


def start_worker(log_name: str) -> subprocess.Popen:
    log = open(WORK_DIR / log_name, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603
        [CELERY, "-A", "lms", "worker", "--pool", "prefork", "--concurrency", "2", "--loglevel", "INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=BASE_DIR, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def main(n: int) -> int:
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_NAME)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME)
    run(PYTHON, "manage.py", "migrate", "--noinput")

    import django

    django.setup()
    import redis
    from django.db import transaction

    from cpd.models import Certificate
    from cpd.services import issue_certificates
    from cpd.tasks import render_certificate_pdf
    from people.models import User

    broker = redis.Redis.from_url(BROKER)
    broker.flushdb()
    certificates_dir = Path(ENV["PRIVATE_MEDIA_ROOT"]) / "certificates"
    temporary_dir = Path(ENV["PRIVATE_MEDIA_ROOT"]) / "tmp"

    holders = [User.objects.create_user(f"holder{i}@example.cn", real_name=f"持证人{i:03d}") for i in range(n)]
    with transaction.atomic():  # the rendering tasks are published when this commits
        certificates = issue_certificates(
            holders, kind=Certificate.Kind.WORKSHOP_ATTENDANCE, title="职业生涯规划专题研修班",
            issuer="山东省人力资源和社会保障厅", issued_on=datetime.date(2026, 5, 20), source_ref="workshop:1",
        )
    print(f"issued {len(certificates)} certificates; {broker.llen('celery')} rendering tasks queued in Redis")

    def rendered() -> int:
        return Certificate.objects.exclude(pdf="").count()

    worker = start_worker("worker-1.log")
    deadline = time.monotonic() + 120
    while rendered() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # well inside the next renderings (each takes about half a second)
    parts = sorted(p.name for p in temporary_dir.glob("*.part")) if temporary_dir.exists() else []
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    done_at_kill = rendered()
    files_at_kill = len(list(certificates_dir.glob("*"))) if certificates_dir.exists() else 0
    unacked = broker.hlen("unacked")
    print(f"SIGKILL worker group {worker.pid}: {done_at_kill}/{n} rendered, {files_at_kill} files, "
          f"{unacked} tasks taken but unacknowledged, {len(parts)} half-written temporary files")

    time.sleep(VISIBILITY_TIMEOUT + 1)
    worker = start_worker("worker-2.log")
    for certificate in certificates:  # every task delivered again on top of the redelivered ones
        render_certificate_pdf.delay(certificate.pk)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if rendered() == n and broker.llen("celery") == 0 and broker.hlen("unacked") == 0:
            break
        time.sleep(0.2)
    time.sleep(1)
    os.killpg(worker.pid, signal.SIGTERM)  # warm shutdown
    worker.wait(timeout=60)

    files = sorted(p.name for p in certificates_dir.iterdir())
    expected = sorted(f"{c.code}.pdf" for c in Certificate.objects.all())
    with_pdf = Certificate.objects.exclude(pdf="").count()
    valid = sum(1 for name in files if (certificates_dir / name).read_bytes()[:5] == b"%PDF-")
    leftovers = sorted(p.name for p in temporary_dir.glob("*")) if temporary_dir.exists() else []
    print(f"after restart: certificates={Certificate.objects.count()} with_pdf={with_pdf} "
          f"files_in_certificates_dir={len(files)} valid_pdf_files={valid} "
          f"files_named_certificates/<code>.pdf={files == expected}")
    print(f"queue empty={broker.llen('celery') == 0} unacked={broker.hlen('unacked')} "
          f"temporary files left by the killed worker={len(leftovers)}")
    print(f"work dir (logs, files): {WORK_DIR}")
    ok = files == expected and with_pdf == n and valid == n
    print("RESULT:", "exactly one PDF per certificate" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
