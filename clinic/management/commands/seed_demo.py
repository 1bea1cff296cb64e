"""Idempotent demo data for `make run`: run it as often as you like."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.demo import DEMO_USERS, seed_users
from patients.demo import seed_patients
from scheduling.demo import seed_locations_and_practitioners, seed_schedules
from treatments.demo import seed_treatments


class Command(BaseCommand):
    help = "Create demo locations, practitioners, users (one per role) and patients."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        steps = 5
        self.stdout.write(f"[1/{steps}] users")
        users = seed_users()
        self.stdout.write(f"[2/{steps}] locations and practitioners")
        practitioners = seed_locations_and_practitioners(users=users)
        self.stdout.write(f"[3/{steps}] patients")
        patients = seed_patients(users=users)
        self.stdout.write(f"[4/{steps}] working hours, appointment types, appointments")
        seed_schedules(practitioners=practitioners, patients=patients)
        self.stdout.write(f"[5/{steps}] clinical records")
        seed_treatments(practitioners=practitioners, patients=patients)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} users, {len(practitioners)} practitioners, "
                f"{len(patients)} patients."
            )
        )
        for username, (role, password, _name) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<10} {password:<20} {role or 'administrator'}")
