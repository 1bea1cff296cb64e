"""Reads of patient records: search and visibility."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from clinic.api.scoping import scope_to_user
from patients.models import Patient

_DIGITS = re.compile(r"\D")


def patient_search(queryset: QuerySet[Patient], term: str) -> QuerySet[Patient]:
    """Every word of `term` must match a name, the MRN, the email or the phone number.

    On PostgreSQL the trigram indexes of migration 0002 serve these `icontains` lookups.
    """
    for word in term.split()[:6]:
        query = (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(mrn__startswith=word)
        )
        digits = _DIGITS.sub("", word)
        if len(digits) >= 3:
            query |= Q(phone__contains=digits)
        queryset = queryset.filter(query)
    return queryset


def patient_list(
    *,
    user: AbstractBaseUser | AnonymousUser,
    search: str = "",
    include_archived: bool = False,
) -> QuerySet[Patient]:
    queryset = Patient.objects.all() if include_archived else Patient.objects.active()
    queryset = scope_to_user(queryset, user, patient_path="pk")
    if search.strip():
        queryset = patient_search(queryset, search)
    return queryset


def patient_visible(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Patient]:
    """Patients this user may open one by one (archived ones included for staff)."""
    return scope_to_user(Patient.objects.all(), user, patient_path="pk")
