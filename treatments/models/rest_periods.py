from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from treatments.domain.choices import Restriction
from treatments.domain.red_flags import validate_code_list
from treatments.models.base import ClinicalRecord, text_field


def validate_restrictions(value: object) -> None:
    validate_code_list(value, Restriction.values, "restriction")


class RestPeriod(ClinicalRecord):
    """Relative rest from aggravating activity (6-12 weeks is typical [S]), not bed rest.

    On PostgreSQL an exclusion constraint (migration 0002) refuses overlapping periods of one
    diagnosis; the service checks first for a readable error and on SQLite.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="rest_periods"
    )
    diagnosis = models.ForeignKey(
        "treatments.Diagnosis", on_delete=models.PROTECT, related_name="rest_periods"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    restrictions = models.JSONField(default=list, blank=True, validators=[validate_restrictions])
    notes = text_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["patient", "-starts_on"], name="rest_patient_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="rest_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Rest {self.starts_on} to {self.ends_on}"

    def clean(self) -> None:
        self.restrictions = [] if self.restrictions is None else self.restrictions
        self.check_same_patient("diagnosis")
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": ["The end must be after the start."]})

    def overlapping(self) -> models.QuerySet[RestPeriod]:
        """Other rest periods of the same diagnosis sharing at least one day with this one."""
        return RestPeriod.objects.filter(
            diagnosis_id=self.diagnosis_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
        ).exclude(pk=self.pk)
