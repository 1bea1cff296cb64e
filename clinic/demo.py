"""Demo users, one per role. The passwords are documented in README.md: demo use only."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group

from clinic.roles import PATIENT, PHYSICIAN, RECEPTION, THERAPIST

# username -> (role or None for the administrator, password, display name)
DEMO_USERS: dict[str, tuple[str | None, str, str]] = {
    "admin": (None, "vertebra-admin", "Clinic Administrator"),
    "reception": (RECEPTION, "vertebra-reception", "Riley Reception"),
    "physician": (PHYSICIAN, "vertebra-physician", "Dr. Priya Natarajan"),
    "therapist": (THERAPIST, "vertebra-therapist", "Tom Okafor"),
    "patient": (PATIENT, "vertebra-patient", "Paula Demo"),
}


def seed_users() -> dict[str, AbstractBaseUser]:
    """Create (or reset the passwords of) the demo users; return them by username."""
    user_model = get_user_model()
    users: dict[str, AbstractBaseUser] = {}
    for username, (role, password, full_name) in DEMO_USERS.items():
        first, _, last = full_name.rpartition(" ")
        user, _ = user_model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        user.is_staff = role != PATIENT
        user.is_superuser = role is None
        user.set_password(password)
        user.save()
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[username] = user
    return users
