"""Bulk data for benchmarks: `seed_scale --patients N --appointments M`.

Appointments go on a 30-minute grid, Mon-Fri 08:00-17:00 local, two of every three slots
taken, on `--practitioners` practitioners of a "Scale clinic" location. Most lie in the past
(completed, some cancelled or no-show), the rest are booked in the coming months, so the
exclusion constraints hold and availability searches still find free slots.
PostgreSQL: COPY in chunks; elsewhere bulk_create. No history rows are written (bulk data).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zoneinfo
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from patients.models import Patient
from patients.services import mrn_generate
from scheduling.models import Appointment, AppointmentType, Location, Practitioner, WorkingHours

CHUNK = 50_000
SLOTS_PER_DAY = 18  # 08:00-17:00 in 30-minute slots
USED = (0, 1)  # slot index % 3 in USED is taken: two of three slots
SCALE_LOCATION = "Scale clinic"
FUTURE_SHARE = 0.1


class Command(BaseCommand):
    help = "Bulk patients and appointments for benchmarks (COPY on PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patients", type=int, default=10_000)
        parser.add_argument("--appointments", type=int, default=100_000)
        parser.add_argument("--practitioners", type=int, default=50)
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 - test data, not secrets
        practitioners = self._practitioners(max(1, options["practitioners"]))
        patient_ids = self._patients(max(options["patients"], len(practitioners)), rng)
        total = max(0, options["appointments"])
        kind, _ = AppointmentType.objects.get_or_create(
            code="consultation",
            defaults={
                "name": "Consultation",
                "duration_minutes": 30,
                "disciplines": ["physician", "spine_surgeon"],
            },
        )
        rows = self._rows(total, practitioners, patient_ids, kind, rng)
        with tqdm(total=total, desc="appointments", unit="row") as bar:
            for chunk in _chunks(rows, CHUNK):
                _write(chunk)
                bar.update(len(chunk))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE scheduling_appointment")
        self.stdout.write(self.style.SUCCESS(f"{total} appointments written."))

    def _practitioners(self, count: int) -> list[Practitioner]:
        location, _ = Location.objects.get_or_create(
            name=SCALE_LOCATION, defaults={"timezone": "America/Los_Angeles"}
        )
        found = []
        for index in range(count):
            practitioner, created = Practitioner.objects.get_or_create(
                name=f"Scale physician {index:03d}",
                defaults={"discipline": "physician", "location": location},
            )
            if created:
                WorkingHours.objects.bulk_create(
                    WorkingHours(
                        practitioner=practitioner,
                        location=location,
                        weekday=day,
                        start_time=dt.time(8),
                        end_time=dt.time(17),
                    )
                    for day in range(5)
                )
            found.append(practitioner)
        return found

    def _patients(self, wanted: int, rng: random.Random) -> list[int]:
        have = Patient.objects.filter(last_name__startswith="Scale").count()
        missing = wanted - have
        mrns: set[str] = set()
        while len(mrns) < missing:
            mrns.add(mrn_generate())
        mrns -= set(Patient.objects.filter(mrn__in=mrns).values_list("mrn", flat=True))
        batch = [
            Patient(
                mrn=mrn,
                first_name=f"Pat{index}",
                last_name=f"Scale{index % 997}",
                date_of_birth=dt.date(1940 + rng.randrange(70), 1 + rng.randrange(12), 1),
                timezone="America/Los_Angeles",
            )
            for index, mrn in enumerate(mrns)
        ]
        for start in tqdm(range(0, len(batch), 5000), desc="patients", unit="batch"):
            Patient.objects.bulk_create(batch[start : start + 5000])
        ids = Patient.objects.filter(last_name__startswith="Scale").values_list("id", flat=True)
        return list(ids[:wanted])

    def _rows(
        self,
        total: int,
        practitioners: list[Practitioner],
        patient_ids: list[int],
        kind: AppointmentType,
        rng: random.Random,
    ) -> Iterator[tuple]:
        """Rows in grid order: at each slot time every practitioner, with distinct patients."""
        tz = zoneinfo.ZoneInfo(practitioners[0].location.timezone)
        count = len(practitioners)
        slots_needed = -(-total // count)
        days_needed = -(-slots_needed // (SLOTS_PER_DAY * len(USED) // 3))
        today = timezone.localdate(timezone=tz)
        day = _add_working_days(today, -int(days_needed * (1 - FUTURE_SHARE)))
        last = Appointment.objects.filter(practitioner__in=practitioners).order_by("-start").first()
        if last is not None:  # a top-up continues after what an earlier run wrote
            day = max(day, last.start.astimezone(tz).date() + dt.timedelta(days=1))
        now = timezone.now()
        written, slot_number = 0, 0
        while written < total:
            day = _next_working_day(day)
            for slot in range(SLOTS_PER_DAY):
                if slot % 3 not in USED:
                    continue
                local = dt.datetime.combine(day, dt.time(8), tzinfo=tz)
                start = (local + dt.timedelta(minutes=30 * slot)).astimezone(dt.UTC)
                for index, practitioner in enumerate(practitioners):
                    if written >= total:
                        return
                    patient = patient_ids[(slot_number * count + index) % len(patient_ids)]
                    yield (
                        patient,
                        practitioner.pk,
                        kind.pk,
                        practitioner.location_id,
                        start,
                        start + dt.timedelta(minutes=30),
                        _status(start, now, rng),
                    )
                    written += 1
                slot_number += 1
            day += dt.timedelta(days=1)


def _status(start: dt.datetime, now: dt.datetime, rng: random.Random) -> str:
    if start >= now:
        return "booked"
    roll = rng.random()
    return "completed" if roll < 0.9 else ("cancelled" if roll < 0.95 else "no_show")


def _next_working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _add_working_days(day: dt.date, count: int) -> dt.date:
    step = dt.timedelta(days=1 if count > 0 else -1)
    for _ in range(abs(count)):
        day += step
        while day.weekday() >= 5:
            day += step
    return day


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


COLUMNS = (
    'patient_id, practitioner_id, appointment_type_id, location_id, start, "end", status, '
    "reason, cancel_reason, created_at, updated_at"
)


def _write(chunk: list[tuple]) -> None:
    stamp = timezone.now()
    with transaction.atomic():
        if connection.vendor != "postgresql":
            Appointment.objects.bulk_create(
                Appointment(
                    patient_id=row[0],
                    practitioner_id=row[1],
                    appointment_type_id=row[2],
                    location_id=row[3],
                    start=row[4],
                    end=row[5],
                    status=row[6],
                )
                for row in chunk
            )
            return
        buffer = io.StringIO()
        for row in chunk:
            buffer.write(
                "\t".join(map(str, row[:4]))
                + f"\t{row[4].isoformat()}\t{row[5].isoformat()}\t{row[6]}\t\t\t"
                + f"{stamp.isoformat()}\t{stamp.isoformat()}\n"
            )
        with connection.cursor() as cursor:
            sql = f"COPY scheduling_appointment ({COLUMNS}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())
