from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.exceptions import InvalidTransition
from treatments.domain import grades
from treatments.domain.choices import (
    BoneDensityCategory,
    DexaSite,
    ImagingStatus,
    Modality,
    Priority,
)
from treatments.models.base import ClinicalRecord, text_field, transition_allowed

S = ImagingStatus
RESULT_FIELDS = ("findings", "t_score", "z_score", "bmd_g_cm2", "site")
DEXA_FIELDS = ("t_score", "z_score", "bmd_g_cm2", "site")
# Statuses whose orders may carry results; reception sees only the others.
RESULTED_STATUSES = (S.COMPLETED, S.REPORTED, S.CANCELLED)
UNRESULTED_STATUSES = (S.ORDERED, S.SCHEDULED)
# Codes of a diagnosis that count as a fragility fracture for "severe osteoporosis".
FRAGILITY_CODE_PREFIXES = ("M80",)


class ImagingOrder(ClinicalRecord):
    # from -> allowed targets (API.md); anything else is 409 invalid_transition.
    TRANSITIONS: dict[str, frozenset[str]] = {
        S.ORDERED: frozenset({S.SCHEDULED, S.CANCELLED}),
        S.SCHEDULED: frozenset({S.COMPLETED, S.CANCELLED}),
        S.COMPLETED: frozenset({S.REPORTED, S.CANCELLED}),
        S.REPORTED: frozenset(),
        S.CANCELLED: frozenset(),
    }
    # the timestamp each status sets when entered
    STATUS_TIMESTAMPS: dict[str, str] = {
        S.SCHEDULED: "scheduled_at",
        S.COMPLETED: "completed_at",
        S.REPORTED: "reported_at",
        S.CANCELLED: "cancelled_at",
    }

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="imaging_orders"
    )
    diagnosis = models.ForeignKey(
        "treatments.Diagnosis",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imaging_orders",
    )
    modality = models.CharField(max_length=10, choices=Modality.choices)
    body_region = models.CharField(max_length=100)
    indication = text_field(2000)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    status = models.CharField(max_length=10, choices=ImagingStatus.choices, default=S.ORDERED)
    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reported_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    findings = text_field()
    t_score = models.DecimalField(
        "T-score",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(9)],
    )
    z_score = models.DecimalField(
        "Z-score",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(9)],
    )
    bmd_g_cm2 = models.DecimalField(
        "BMD (g/cm²)",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(3)],
    )
    site = models.CharField(max_length=20, choices=DexaSite.choices, blank=True)
    bone_density_category = models.CharField(
        max_length=24, choices=BoneDensityCategory.choices, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-created_at"], name="img_patient_created"),
            models.Index(fields=["status", "modality"], name="img_status_modality"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImagingStatus.values), name="img_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(modality__in=Modality.values), name="img_modality_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=Priority.values), name="img_priority_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(modality=Modality.DEXA)
                | models.Q(t_score__isnull=True, z_score__isnull=True, bmd_g_cm2__isnull=True),
                name="img_dexa_results_dexa_only",
            ),
            models.CheckConstraint(
                condition=models.Q(bmd_g_cm2__isnull=True) | models.Q(bmd_g_cm2__gt=0),
                name="img_bmd_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} {self.body_region} ({self.status})"

    @property
    def has_results(self) -> bool:
        return any(getattr(self, name) not in (None, "") for name in RESULT_FIELDS)

    @classmethod
    def can_change_status(cls, old: str, new: str) -> bool:
        return transition_allowed(cls.TRANSITIONS, old, new)

    def set_status(self, new: str, *, at: dt.datetime | None = None) -> list[str]:
        """Move to `new` (InvalidTransition if the table forbids it); the fields changed."""
        if new == self.status:
            return []
        if not self.can_change_status(self.status, new):
            raise InvalidTransition(f"An imaging order cannot go from {self.status} to {new}.")
        self.status = new
        stamp = self.STATUS_TIMESTAMPS[new]
        setattr(self, stamp, at or timezone.now())
        return ["status", stamp]

    def clean(self) -> None:
        self.check_same_patient("diagnosis")
        errors: dict[str, list[str]] = {}
        if self.modality != Modality.DEXA:
            for name in DEXA_FIELDS:
                if getattr(self, name) not in (None, ""):
                    errors[name] = ["Only a DEXA order has DEXA results."]
        if self.status in UNRESULTED_STATUSES:
            for name in RESULT_FIELDS:
                if getattr(self, name) not in (None, "") and name not in errors:
                    errors[name] = ["Results are recorded once the scan is completed."]
        if errors:
            raise ValidationError(errors)
        self.bone_density_category = self._derive_category() or ""

    def scan_date(self) -> dt.date:
        """The patient's local date of the scan (today while no scan is recorded)."""
        tz = zoneinfo.ZoneInfo(self.patient.timezone)
        return timezone.localdate(self.completed_at or timezone.now(), timezone=tz)

    def _derive_category(self) -> str | None:
        if self.modality != Modality.DEXA or not self.patient_id:
            return None
        patient = self.patient
        risks = set(patient.risk_factors or [])
        return grades.bone_density_category(
            t_score=self.t_score,
            z_score=self.z_score,
            sex=patient.sex,
            age=patient.age_on(self.scan_date()),
            postmenopausal="postmenopausal" in risks,
            fragility_fracture=self._fragility_fracture(risks),
        )

    def _fragility_fracture(self, risks: set[str]) -> bool:
        if "prior_fragility_fracture" in risks:
            return True
        from treatments.models.diagnoses import Diagnosis

        query = models.Q()
        for prefix in FRAGILITY_CODE_PREFIXES:
            query |= models.Q(icd10_code__startswith=prefix)
        return Diagnosis.objects.filter(query, patient_id=self.patient_id).exists()
