"""Roles are Django groups. This module names them and answers "what roles has this user"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

RECEPTION = "reception"
PHYSICIAN = "physician"
THERAPIST = "therapist"
PATIENT = "patient"
ALL_ROLES = (RECEPTION, PHYSICIAN, THERAPIST, PATIENT)
STAFF_ROLES = (RECEPTION, PHYSICIAN, THERAPIST)


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The role names of `user`, read once per user object and cached on it."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_vertebra_roles", None)
    if cached is None:
        names = user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True)
        cached = frozenset(names)
        user._vertebra_roles = cached  # type: ignore[union-attr]
    return cached


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_patient_only(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for a user who acts only as a patient: every query is scoped to their own records."""
    if is_admin(user):
        return False
    roles = user_roles(user)
    return PATIENT in roles and not roles.intersection(STAFF_ROLES)
