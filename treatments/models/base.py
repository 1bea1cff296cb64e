"""What every clinical record shares: who recorded it and when."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class ClinicalRecord(models.Model):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def check_same_patient(self, field: str) -> None:
        """A linked record (diagnosis, appointment) must belong to this record's patient."""
        related = getattr(self, field)
        if related is not None and self.patient_id and related.patient_id != self.patient_id:
            raise ValidationError({field: ["This belongs to another patient."]})


def text_field(max_length: int = 10_000, **kwargs: object) -> models.TextField:
    """A blank-able text field whose max_length the API enforces (never a 500 on huge input)."""
    return models.TextField(max_length=max_length, blank=True, **kwargs)


def transition_allowed(table: dict[str, frozenset[str]], old: str, new: str) -> bool:
    return old == new or new in table.get(old, frozenset())
