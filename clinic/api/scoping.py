"""Row scoping: a user acting only as a patient sees only their own records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from clinic.roles import is_patient_only


def patient_id_of(user: AbstractBaseUser | AnonymousUser) -> int | None:
    """The id of the patient record linked to `user`, if any."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_vertebra_patient_id"):
        patient = getattr(user, "patient", None)  # reverse one-to-one from patients.Patient
        user._vertebra_patient_id = patient.pk if patient is not None else None  # type: ignore[union-attr]
    return user._vertebra_patient_id  # type: ignore[union-attr]


def scope_to_user(
    queryset: QuerySet, user: AbstractBaseUser | AnonymousUser, *, patient_path: str = "patient"
) -> QuerySet:
    """Limit `queryset` to the user's own rows when the user is only a patient."""
    if not is_patient_only(user):
        return queryset
    patient_id = patient_id_of(user)
    if patient_id is None:
        return queryset.none()
    return queryset.filter(**{patient_path: patient_id})
