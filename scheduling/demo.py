"""Demo locations, practitioners of every discipline, their hours, types and a few visits."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.exceptions import SlotTaken
from scheduling.models import (
    Appointment,
    AppointmentType,
    Discipline,
    Location,
    Practitioner,
    Room,
    WorkingHours,
)
from scheduling.services.appointments import appointment_book
from scheduling.services.schedules import working_hours_create

DEMO_LOCATIONS = [
    ("Los Angeles", "America/Los_Angeles", "1200 Wilshire Blvd, Los Angeles, CA"),
    ("Kamloops", "America/Vancouver", "450 Lansdowne St, Kamloops, BC"),
]
# name, discipline, location, demo username or None
DEMO_PRACTITIONERS = [
    ("Dr. Priya Natarajan", Discipline.PHYSICIAN, "Los Angeles", "physician"),
    ("Dr. Marcus Hale", Discipline.SPINE_SURGEON, "Los Angeles", None),
    ("Tom Okafor", Discipline.PHYSIOTHERAPIST, "Los Angeles", "therapist"),
    ("Dr. Anne Leclerc", Discipline.PHYSICIAN, "Kamloops", None),
    ("Jess McAllister", Discipline.PHYSIOTHERAPIST, "Kamloops", None),
    ("Sam Whitehorse", Discipline.ATHLETIC_THERAPIST, "Kamloops", None),
    ("Dana Kowalski", Discipline.KINESIOLOGIST, "Los Angeles", None),
    ("Lena Park", Discipline.MASSAGE_THERAPIST, "Kamloops", None),
]


def seed_locations_and_practitioners(*, users: dict[str, AbstractBaseUser]) -> list[Practitioner]:
    locations = {}
    for name, tz, address in DEMO_LOCATIONS:
        locations[name], _ = Location.objects.update_or_create(
            name=name, defaults={"timezone": tz, "address": address}
        )
    practitioners = []
    for name, discipline, location, username in DEMO_PRACTITIONERS:
        practitioner, _ = Practitioner.objects.update_or_create(
            name=name,
            defaults={
                "discipline": discipline,
                "location": locations[location],
                "user": users.get(username) if username else None,
            },
        )
        practitioners.append(practitioner)
    return practitioners


# code, name, minutes, disciplines, patients may book it themselves
DEMO_APPOINTMENT_TYPES = [
    ("consultation", "Consultation", 30, ["physician", "spine_surgeon"], True),
    ("follow_up", "Follow-up", 15, ["physician", "spine_surgeon"], True),
    ("surgical_consult", "Surgical consultation", 45, ["spine_surgeon"], False),
    ("pt_initial", "PT initial assessment", 60, ["physiotherapist"], True),
    ("pt_session", "PT session", 45, ["physiotherapist", "athletic_therapist"], True),
    ("exercise_therapy", "Exercise therapy", 45, ["kinesiologist", "athletic_therapist"], True),
    ("massage", "Therapeutic massage", 60, ["massage_therapist"], True),
    ("brace_fitting", "Brace fitting", 30, ["physician", "physiotherapist"], False),
    ("dexa_scan", "DEXA scan", 20, ["physician"], False),
]
DEMO_ROOMS = {"Los Angeles": ["Exam 1", "Exam 2", "Gym"], "Kamloops": ["Exam A", "Gym"]}
# (patient index, practitioner index, type code, working days ahead, local hour)
DEMO_APPOINTMENTS = [
    (0, 0, "consultation", 2, 9),
    (1, 2, "pt_session", 3, 10),
    (3, 3, "consultation", 4, 14),
    (6, 0, "follow_up", 6, 11),
]


def seed_schedules(*, practitioners: list[Practitioner], patients: list) -> None:
    """Working hours (Mon-Fri 08:00-17:00 local), appointment types, a few appointments."""
    for code, name, minutes, disciplines, bookable in DEMO_APPOINTMENT_TYPES:
        AppointmentType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "duration_minutes": minutes,
                "disciplines": disciplines,
                "patient_bookable": bookable,
            },
        )
    for location in Location.objects.filter(name__in=DEMO_ROOMS):
        for room in DEMO_ROOMS[location.name]:
            Room.objects.get_or_create(location=location, name=room)
    for practitioner in practitioners:
        _seed_working_hours(practitioner)
    _seed_appointments(practitioners, patients)


def _seed_working_hours(practitioner: Practitioner) -> None:
    """Mon-Fri 08:00-17:00 at the practitioner's location, once (a weekday with rules is kept)."""
    for weekday in range(5):
        if WorkingHours.objects.filter(practitioner=practitioner, weekday=weekday).exists():
            continue
        working_hours_create(
            data={
                "practitioner": practitioner,
                "location": practitioner.location,
                "weekday": weekday,
                "start_time": dt.time(8),
                "end_time": dt.time(17),
            }
        )


def _working_day(days_ahead: int, tz: zoneinfo.ZoneInfo) -> dt.date:
    day = timezone.localdate(timezone=tz)
    while days_ahead:
        day += dt.timedelta(days=1)
        days_ahead -= day.weekday() < 5
    return day


def _seed_appointments(practitioners: list[Practitioner], patients: list) -> None:
    """A few upcoming visits, once: skipped when the demo patient already has some."""
    if not patients or Appointment.objects.filter(patient__in=patients).exists():
        return
    for patient_index, practitioner_index, code, days_ahead, hour in DEMO_APPOINTMENTS:
        if patient_index >= len(patients) or practitioner_index >= len(practitioners):
            continue
        practitioner = practitioners[practitioner_index]
        tz = zoneinfo.ZoneInfo(practitioner.location.timezone)
        start = dt.datetime.combine(_working_day(days_ahead, tz), dt.time(hour), tzinfo=tz)
        try:
            appointment_book(
                patient=patients[patient_index],
                practitioner=practitioner,
                appointment_type=AppointmentType.objects.get(code=code),
                start=start,
                reason="Demo visit",
            )
        except (ValidationError, SlotTaken):
            continue  # a demo nicety, never a reason to fail seeding
