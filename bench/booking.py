"""Booking throughput: 20 concurrent API clients booking distinct slots.

Run: `BENCH_DATABASE_URL=postgres://... .venv/bin/python -m bench.booking`. Each client is a thread
with its own database connection and bearer token, POSTing /api/v1/appointments/ through the
full Django/DRF stack (in-process, no HTTP server) for its own practitioner on consecutive
30-minute slots two years ahead. The bookings are deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import threading
import time
import zoneinfo


def _setup() -> None:
    # The benchmark database is BENCH_DATABASE_URL (see bench/setup.py), created and migrated.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("API_THROTTLE_USER", "1000000/min")
    from bench.setup import django_setup

    django_setup()


def _cast(clients: int) -> tuple:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from clinic.services import token_issue
    from patients.models import Patient
    from patients.services import mrn_generate
    from scheduling.models import AppointmentType, Location, Practitioner, WorkingHours

    location, _ = Location.objects.get_or_create(
        name="Bench clinic", defaults={"timezone": "America/Los_Angeles"}
    )
    kind, _ = AppointmentType.objects.get_or_create(
        code="consultation",
        defaults={"name": "Consultation", "duration_minutes": 30, "disciplines": ["physician"]},
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-reception")
    user.groups.add(Group.objects.get_or_create(name="reception")[0])
    practitioners, patients = [], []
    for index in range(clients):
        practitioner, created = Practitioner.objects.get_or_create(
            name=f"Bench physician {index:02d}",
            defaults={"discipline": "physician", "location": location},
        )
        if created:
            for day in range(5):
                WorkingHours.objects.create(
                    practitioner=practitioner,
                    location=location,
                    weekday=day,
                    start_time=dt.time(8),
                    end_time=dt.time(17),
                )
        patient = Patient.objects.filter(first_name="Bench", last_name=f"Client{index}").first()
        patient = patient or Patient.objects.create(
            mrn=mrn_generate(),
            first_name="Bench",
            last_name=f"Client{index}",
            date_of_birth=dt.date(1980, 1, 1),
        )
        practitioners.append(practitioner)
        patients.append(patient)
    return token_issue(user=user).token, kind, practitioners, patients, location


def _slots(count: int, tz: zoneinfo.ZoneInfo) -> list[dt.datetime]:
    day = dt.datetime.now(tz).date() + dt.timedelta(days=730)
    slots: list[dt.datetime] = []
    while len(slots) < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            base = dt.datetime.combine(day, dt.time(8), tzinfo=tz)
            slots += [base + dt.timedelta(minutes=30 * n) for n in range(18)]
    return slots[:count]


def _p95(sorted_values: list[float]) -> float:
    return sorted_values[max(0, int(len(sorted_values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=25)
    args = parser.parse_args()
    _setup()
    from django.db import connection, connections
    from rest_framework.test import APIClient

    from scheduling.models import Appointment

    token, kind, practitioners, patients, location = _cast(args.clients)
    Appointment.objects.filter(location=location).delete()
    slots = _slots(args.per_client, zoneinfo.ZoneInfo(location.timezone))
    barrier = threading.Barrier(args.clients + 1)
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        try:
            api = APIClient(SERVER_NAME="localhost")
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            mine_latencies, mine_statuses = [], []
            barrier.wait()
            for start in slots:
                began = time.perf_counter()
                response = api.post(
                    "/api/v1/appointments/",
                    {
                        "patient": patients[index].pk,
                        "practitioner": practitioners[index].pk,
                        "appointment_type": kind.pk,
                        "start": start.isoformat(),
                    },
                )
                mine_latencies.append((time.perf_counter() - began) * 1000)
                mine_statuses.append(response.status_code)
            with lock:
                latencies.extend(mine_latencies)
                statuses.extend(mine_statuses)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    created = statuses.count(201)
    booked = Appointment.objects.filter(location=location).count()
    latencies.sort()
    print(f"database: {connection.vendor}; appointments in table: {Appointment.objects.count()}")
    print(
        f"booking, {args.clients} concurrent clients x {args.per_client} distinct slots: "
        f"{created} x 201 of {len(statuses)} requests in {elapsed:.2f} s = "
        f"{created / elapsed:.1f} bookings/s; latency median "
        f"{statistics.median(latencies):.1f} ms, p95 {_p95(latencies):.1f} ms; "
        f"rows stored: {booked}"
    )
    Appointment.history.filter(location_id=location.pk).delete()
    Appointment.objects.filter(location=location).delete()


if __name__ == "__main__":
    main()
