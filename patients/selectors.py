"""Reads of patient records: search and visibility."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from clinic.api.scoping import scope_to_user
from patients.models import Patient

_DIGITS = re.compile(r"\D")
_PHONE_LIKE = re.compile(r"\+?[\d().\-]+")
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d().\-]*(?:\s+\(?\d[\d().\-]*)+")


def patient_search(queryset: QuerySet[Patient], term: str) -> QuerySet[Patient]:
    """Every word of `term` must match a name, the MRN, the email or the phone number.

    A word of digits (with spaces, dashes, brackets) is a phone number or an MRN and is looked up
    only there; other words match names and email. On PostgreSQL the trigram indexes of
    migration 0002 serve these lookups: `icontains` → UPPER(col::text) LIKE UPPER(%s).
    """
    for word in _words(term):
        digits = _DIGITS.sub("", word)
        if digits and _PHONE_LIKE.fullmatch(word):
            query = Q(mrn__startswith=digits)
            if len(digits) >= 3:
                query |= Q(phone__contains=digits)
        else:
            query = (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        queryset = queryset.filter(query)
    return queryset


def _words(term: str) -> list[str]:
    # "604 555 0123" is one phone number, not three words: glue runs of digit groups together.
    return _DIGIT_RUN.sub(lambda m: re.sub(r"[\s]", "", m.group(0)), term).split()[:6]


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
