"""Demo locations and practitioners of every discipline."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from scheduling.models import Discipline, Location, Practitioner

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


def seed_schedules(*, practitioners: list[Practitioner], patients: list) -> None:
    """Working hours (Mon-Fri 08:00-17:00 local), appointment types, a few appointments."""
    # Filled in by the scheduling work (issue 4).
    return
