from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from clinic.exceptions import InvalidTransition
from treatments.domain.choices import BraceStatus, BraceType
from treatments.models.base import ClinicalRecord, text_field, transition_allowed

B = BraceStatus
MAX_WEEKS = 104


class BracePrescription(ClinicalRecord):
    TRANSITIONS: dict[str, frozenset[str]] = {
        B.PRESCRIBED: frozenset({B.ACTIVE, B.COMPLETED, B.DISCONTINUED}),
        B.ACTIVE: frozenset({B.COMPLETED, B.DISCONTINUED}),
        B.COMPLETED: frozenset(),
        B.DISCONTINUED: frozenset(),
    }

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="brace_prescriptions"
    )
    diagnosis = models.ForeignKey(
        "treatments.Diagnosis",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brace_prescriptions",
    )
    brace_type = models.CharField(max_length=10, choices=BraceType.choices)
    start_date = models.DateField()
    duration_weeks = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
    )
    # Clinician's choice; "23 h a day" in the seed pages is [U].
    hours_per_day = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    end_date = models.DateField(blank=True, editable=False, help_text="start date + duration")
    status = models.CharField(max_length=12, choices=BraceStatus.choices, default=B.PRESCRIBED)
    notes = text_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["patient", "-start_date"], name="brace_patient_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=BraceStatus.values), name="brace_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(brace_type__in=BraceType.values), name="brace_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_weeks__gte=1, duration_weeks__lte=MAX_WEEKS),
                name="brace_weeks_range",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_day__gte=1, hours_per_day__lte=24),
                name="brace_hours_range",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="brace_end_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_brace_type_display()} from {self.start_date}"

    @classmethod
    def can_change_status(cls, old: str, new: str) -> bool:
        return transition_allowed(cls.TRANSITIONS, old, new)

    def set_status(self, new: str) -> None:
        if not self.can_change_status(self.status, new):
            raise InvalidTransition(f"A brace cannot go from {self.status} to {new}.")
        self.status = new

    def clean(self) -> None:
        self.check_same_patient("diagnosis")
        if self.start_date and self.duration_weeks:
            # Worn for `duration_weeks` full weeks: the end date is the first day without it.
            self.end_date = self.start_date + dt.timedelta(weeks=min(self.duration_weeks, 999))
