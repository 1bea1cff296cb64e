"""Demo patients of different ages, one of them linked to the `patient` demo user."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser

from patients.models import Patient
from patients.services import patient_create

# first, last, date of birth, sex, timezone, risk factors
DEMO_PATIENTS: list[tuple[str, str, dt.date, str, str, list[str]]] = [
    ("Paula", "Demo", dt.date(1968, 4, 12), "female", "America/Los_Angeles", ["postmenopausal"]),
    (
        "Ethan",
        "Brooks",
        dt.date(2009, 9, 3),
        "male",
        "America/Los_Angeles",
        ["high_impact_athlete"],
    ),
    ("Maya", "Chen", dt.date(2007, 1, 22), "female", "America/Vancouver", ["high_impact_athlete"]),
    ("Liam", "Gagnon", dt.date(1990, 6, 30), "male", "America/Vancouver", []),
    ("Olivia", "Martinez", dt.date(1975, 11, 5), "female", "America/Los_Angeles", ["smoking"]),
    (
        "Noah",
        "Thompson",
        dt.date(1958, 2, 14),
        "male",
        "America/Vancouver",
        ["corticosteroid_use", "heavy_alcohol"],
    ),
    (
        "Grace",
        "Wilson",
        dt.date(1946, 8, 19),
        "female",
        "America/Los_Angeles",
        ["osteoporosis", "prior_fragility_fracture", "history_of_falls"],
    ),
    (
        "Arthur",
        "Singh",
        dt.date(1940, 12, 1),
        "male",
        "America/Vancouver",
        ["osteopenia", "low_body_weight"],
    ),
    (
        "Sofia",
        "Rossi",
        dt.date(1983, 3, 9),
        "female",
        "America/Los_Angeles",
        ["rheumatoid_arthritis"],
    ),
    ("Hiro", "Tanaka", dt.date(1952, 7, 27), "male", "America/Los_Angeles", []),
    ("Chloe", "Dubois", dt.date(2001, 5, 16), "female", "America/Vancouver", ["amenorrhea"]),
    (
        "Margaret",
        "O'Neil",
        dt.date(1938, 10, 8),
        "female",
        "America/Vancouver",
        ["osteoporosis", "family_history_osteoporosis"],
    ),
]


def seed_patients(*, users: dict[str, AbstractBaseUser]) -> list[Patient]:
    patients = []
    for index, (first, last, dob, sex, tz, risks) in enumerate(DEMO_PATIENTS):
        existing = Patient.objects.filter(
            first_name=first, last_name=last, date_of_birth=dob
        ).first()
        if existing is not None:
            patients.append(existing)
            continue
        slug = last.lower().replace("'", "")
        data = {
            "first_name": first,
            "last_name": last,
            "date_of_birth": dob,
            "sex": sex,
            "timezone": tz,
            "risk_factors": risks,
            "email": f"{first.lower()}.{slug}@example.com",
            "phone": f"+1604555{index:04d}",
            "preferred_channel": "sms" if index % 3 == 1 else "email",
            "consent_email": True,
            "consent_sms": index % 3 == 1,
            "user": users["patient"] if index == 0 else None,
        }
        patients.append(patient_create(data=data))
    return patients
