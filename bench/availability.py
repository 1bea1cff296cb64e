"""Availability search time for one practitioner over 14 days, 1,000,000 appointments in the table.

Run: `BENCH_DATABASE_URL=postgres://... .venv/bin/python -m bench.availability`. When the
table holds fewer appointments than `--appointments`, it first tops it up with the `seed_scale`
command (COPY; a 30-minute grid on 50 practitioners, 90 % in the past).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time


def _setup() -> None:
    # The benchmark database is BENCH_DATABASE_URL (see bench/setup.py), created and migrated.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("API_THROTTLE_USER", "1000000/min")
    from bench.setup import django_setup

    django_setup()


def _p95(sorted_values: list[float]) -> float:
    return sorted_values[max(0, int(len(sorted_values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appointments", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--days", type=int, default=14)
    args = parser.parse_args()
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scheduling.models import Appointment, AppointmentType, Practitioner
    from scheduling.selectors.availability import availability_search

    have = Appointment.objects.count()
    if have < args.appointments:
        print(f"filling: {have} appointments in the table, adding {args.appointments - have}")
        started = time.perf_counter()
        call_command(
            "seed_scale", patients=20_000, appointments=args.appointments - have, practitioners=50
        )
        print(f"seed_scale took {time.perf_counter() - started:.1f} s")
    total = Appointment.objects.count()
    practitioner = Practitioner.objects.filter(name="Scale physician 000").first()
    practitioner = practitioner or Practitioner.objects.filter(is_active=True).first()
    kind = AppointmentType.objects.get(code="consultation")
    start = dt.datetime.now(dt.UTC)
    end = start + dt.timedelta(days=args.days)
    timings, slots = [], []
    for _ in range(args.runs):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            slots = availability_search(
                appointment_type=kind, start=start, end=end, practitioner=practitioner
            )
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    own = Appointment.objects.filter(practitioner=practitioner).count()
    print(f"database: {connection.vendor}; appointments in table: {total}; practitioner's: {own}")
    print(
        f"availability, 1 practitioner, {args.days} days, {args.runs} runs: "
        f"median {statistics.median(timings):.1f} ms, p95 {_p95(timings):.1f} ms, "
        f"min {timings[0]:.1f} ms, max {timings[-1]:.1f} ms; "
        f"{len(queries)} queries per search; {len(slots)} free slots"
    )


if __name__ == "__main__":
    main()
