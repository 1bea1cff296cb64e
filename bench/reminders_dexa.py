"""How long the DEXA screening sweep takes over 100,000 patients.

    .venv/bin/python -m bench.reminders_dexa [--patients N]   (or `make bench BENCH=reminders_dexa`)

Creates N bench patients (ages 20-90, 10 % of them with a DEXA order in various states), runs
the sweep twice (the second run must plan nothing) and deletes its rows again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from django.db import connection
from django.utils import timezone

from bench.reminders_common import bench_patients_create, bench_patients_delete, daytime_zone
from scheduling.models import Reminder
from scheduling.services.reminders import reminders_plan_dexa
from treatments.models import ImagingOrder


def _orders(patient_ids: list[int]) -> None:
    rng = random.Random(7)
    now = timezone.now()
    orders = []
    for patient_id in rng.sample(patient_ids, len(patient_ids) // 10):
        status = rng.choice(["ordered", "scheduled", "completed", "reported", "cancelled"])
        done = now - dt.timedelta(days=rng.randint(30, 1500))
        orders.append(
            ImagingOrder(
                patient_id=patient_id,
                modality="dexa",
                body_region="hip",
                status=status,
                completed_at=done if status in ("completed", "reported") else None,
                reported_at=done if status == "reported" else None,
            )
        )
    ImagingOrder.objects.bulk_create(orders, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    args = parser.parse_args()
    bench_patients_delete()
    started = time.perf_counter()
    ids = bench_patients_create(args.patients, min_age=20, max_age=90, tz=daytime_zone())
    _orders(ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_patient, treatments_imagingorder, scheduling_reminder")
    print(f"set-up: {len(ids)} patients in {time.perf_counter() - started:.1f} s")
    try:
        started = time.perf_counter()
        planned = reminders_plan_dexa()
        first = time.perf_counter() - started
        print(f"DEXA sweep over {len(ids)} patients: {planned} reminders planned in {first:.2f} s")
        started = time.perf_counter()
        again = reminders_plan_dexa()
        second = time.perf_counter() - started
        print(f"second sweep (nothing new due): {again} planned in {second:.2f} s")
        print(f"dexa reminders in table: {Reminder.objects.filter(kind='dexa_screening').count()}")
    finally:
        bench_patients_delete()


if __name__ == "__main__":
    main()
