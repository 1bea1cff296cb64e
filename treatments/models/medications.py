from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from treatments.domain import medications as drugs
from treatments.domain.choices import DrugClass
from treatments.models.base import ClinicalRecord, text_field


class MedicationQuerySet(models.QuerySet):
    def denosumab_overdue(self, *, today: dt.date | None = None) -> MedicationQuerySet:
        """Current denosumab courses whose next dose is past the alert threshold."""
        today = today or timezone.localdate()
        limit = today - dt.timedelta(days=drugs.denosumab_overdue_days())
        return self.filter(drug=drugs.DENOSUMAB, ended_on__isnull=True, next_dose_due__lt=limit)


class Medication(ClinicalRecord):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="medications"
    )
    drug = models.CharField(max_length=100, help_text="e.g. denosumab, alendronate, ibuprofen")
    drug_class = models.CharField(
        max_length=24, choices=DrugClass.choices, blank=True, help_text="Known drugs: derived."
    )
    dose = models.CharField(max_length=100, blank=True, help_text="e.g. 60 mg SC")
    interval_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(drugs.MAX_INTERVAL_DAYS)],
        help_text="Known drugs: the default interval when left blank.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    last_dose_on = models.DateField(null=True, blank=True)
    next_dose_due = models.DateField(null=True, blank=True, editable=False)
    notes = text_field()

    history = HistoricalRecords()
    objects = MedicationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["patient", "-started_on"], name="med_patient_start"),
            models.Index(
                fields=["drug", "next_dose_due"],
                name="med_current_next_dose",
                condition=models.Q(ended_on__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(drug_class__in=[*DrugClass.values, ""]),
                name="med_class_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(interval_days__isnull=True)
                | models.Q(interval_days__gte=1, interval_days__lte=drugs.MAX_INTERVAL_DAYS),
                name="med_interval_range",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="med_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(last_dose_on__isnull=True)
                | models.Q(last_dose_on__gte=models.F("started_on")),
                name="med_last_dose_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug} {self.dose}".strip()

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Denosumab past its due date by more than the threshold: alert clinicians."""
        if self.ended_on is not None:
            return False
        return drugs.is_denosumab_overdue(
            drug=self.drug, next_due=self.next_dose_due, today=today or timezone.localdate()
        )

    def clean(self) -> None:
        if self.drug:
            known = drugs.normalize_drug(self.drug)
            if known in drugs.KNOWN_DRUGS:
                self.drug = known
            self.drug_class = self.drug_class or drugs.default_class(self.drug) or DrugClass.OTHER
            if self.interval_days is None:
                self.interval_days = drugs.default_interval(self.drug)
        errors: dict[str, list[str]] = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = ["The end cannot be before the start."]
        if self.started_on and self.last_dose_on and self.last_dose_on < self.started_on:
            errors["last_dose_on"] = ["The last dose cannot be before the start."]
        if errors:
            raise ValidationError(errors)
        if self.started_on:
            self.next_dose_due = drugs.next_dose_due(
                started_on=self.started_on,
                interval_days=self.interval_days,
                last_dose_on=self.last_dose_on,
                ended_on=self.ended_on,
            )
