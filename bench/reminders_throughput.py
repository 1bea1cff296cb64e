"""How many reminders per second a Celery worker sends through Redis (console transports).

    .venv/bin/python -m bench.reminders_throughput [--reminders 10000] [--concurrency 4]

Plans N due reminders (half email, half SMS) for bench patients, starts a real worker process
(`celery -A clinic worker`, prefork) with the console email and SMS backends, lets the sweep
hand every reminder to a send task through the broker, and times until all are sent.
BENCH_WORKER_ARGS adds worker options (e.g. "--prefetch-multiplier=8").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.reminders_common import bench_patients_create, bench_patients_delete, daytime_zone
from clinic.celery import app
from scheduling.models import Reminder
from scheduling.services.reminders import reminders_plan_dexa
from scheduling.tasks import reminders_dispatch

ROOT = Path(__file__).resolve().parent.parent


def _start_worker(concurrency: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SMS_BACKEND": "console",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "clinic",
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *os.environ.get("BENCH_WORKER_ARGS", "").split(),
    ]
    worker = subprocess.Popen(  # noqa: S603 - our own worker command
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.kill()
            raise SystemExit("the worker did not start")
    return worker


def _wait_all_final(total: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = Reminder.objects.filter(kind="dexa_screening", status="sent").count()
        if sent >= total:
            return sent
        time.sleep(0.2)
    return Reminder.objects.filter(kind="dexa_screening", status="sent").count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    bench_patients_delete()
    app.control.purge()
    bench_patients_create(args.reminders, min_age=60, max_age=80, tz=daytime_zone())
    planned = reminders_plan_dexa()
    due = Reminder.objects.filter(kind="dexa_screening", status="scheduled").count()
    print(f"planned {planned} reminders, {due} due now (half email, half SMS)")
    worker = _start_worker(args.concurrency)
    try:
        started = time.perf_counter()
        enqueued = reminders_dispatch(max_batches=1000)
        handed = time.perf_counter() - started
        sent = _wait_all_final(due, timeout=600)
        elapsed = time.perf_counter() - started
        print(f"sweep claimed and enqueued {enqueued} send tasks in {handed:.2f} s")
        print(
            f"worker (prefork, concurrency {args.concurrency}) sent {sent} reminders in "
            f"{elapsed:.2f} s: {sent / elapsed:.0f} reminders/s"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        bench_patients_delete()


if __name__ == "__main__":
    main()
