from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from treatments.domain import codes, grades
from treatments.domain.choices import (
    CarePhase,
    Cause,
    Condition,
    DiagnosisStatus,
    FractureType,
    Urgency,
)
from treatments.domain.levels import sort_levels, validate_levels
from treatments.domain.red_flags import urgency_of, validate_red_flags
from treatments.models.base import ClinicalRecord, text_field

MAX_SLIP_PERCENT = 200


class Diagnosis(ClinicalRecord):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="diagnoses"
    )
    condition = models.CharField(max_length=32, choices=Condition.choices)
    icd10_code = models.CharField(
        "ICD-10-CM code", max_length=8, blank=True, help_text="Derived when left blank."
    )
    vertebral_levels = models.JSONField(default=list, blank=True, validators=[validate_levels])
    cause = models.CharField(max_length=32, choices=Cause.choices, default=Cause.UNSPECIFIED)
    care_phase = models.CharField(
        max_length=20, choices=CarePhase.choices, blank=True, default=CarePhase.ACTIVE
    )
    fracture_type = models.CharField(
        max_length=20, choices=FractureType.choices, default=FractureType.UNSPECIFIED
    )
    slip_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SLIP_PERCENT)],
    )
    meyerding_grade = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Derived from the slip; enter it only when no measurement exists.",
    )
    height_loss_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    genant_grade = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(3)],
        help_text="Derived from the height loss; enter it only when no measurement exists.",
    )
    diagnosed_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=DiagnosisStatus.choices, default=DiagnosisStatus.ACTIVE
    )
    red_flags = models.JSONField(default=list, blank=True, validators=[validate_red_flags])
    urgency = models.CharField(
        max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE, editable=False
    )
    notes = text_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "diagnoses"
        ordering = ["-diagnosed_on", "-id"]
        indexes = [
            models.Index(fields=["patient", "-diagnosed_on"], name="dx_patient_date"),
            models.Index(
                fields=["urgency", "-diagnosed_on"],
                name="dx_flagged",
                condition=~models.Q(urgency="routine"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(condition__in=Condition.values), name="dx_condition_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DiagnosisStatus.values), name="dx_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__in=Urgency.values), name="dx_urgency_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(meyerding_grade__isnull=True)
                | (
                    models.Q(condition=Condition.SPONDYLOLISTHESIS)
                    & models.Q(meyerding_grade__gte=1, meyerding_grade__lte=5)
                ),
                name="dx_meyerding_spondylolisthesis_only",
            ),
            models.CheckConstraint(
                condition=models.Q(genant_grade__isnull=True)
                | (
                    models.Q(condition=Condition.COMPRESSION_FRACTURE)
                    & models.Q(genant_grade__gte=0, genant_grade__lte=3)
                ),
                name="dx_genant_compression_only",
            ),
            models.CheckConstraint(
                condition=models.Q(slip_percent__isnull=True)
                | models.Q(slip_percent__gte=0, slip_percent__lte=MAX_SLIP_PERCENT),
                name="dx_slip_range",
            ),
            models.CheckConstraint(
                condition=models.Q(height_loss_percent__isnull=True)
                | models.Q(height_loss_percent__gte=0, height_loss_percent__lte=100),
                name="dx_height_loss_range",
            ),
        ]

    def __str__(self) -> str:
        levels = "-".join(self.vertebral_levels or [])
        return f"{self.icd10_code or self.get_condition_display()} {levels}".strip()

    @property
    def is_flagged(self) -> bool:
        return self.urgency != Urgency.ROUTINE

    def clean(self) -> None:
        """Derive grades, the code and the urgency; refuse what contradicts them."""
        # An emptied list in the admin arrives as None: store an empty list.
        self.vertebral_levels = [] if self.vertebral_levels is None else self.vertebral_levels
        self.red_flags = [] if self.red_flags is None else self.red_flags
        try:
            validate_levels(self.vertebral_levels)
        except ValidationError:
            return  # reported by the field validator; nothing can be derived from bad levels
        self.vertebral_levels = sort_levels(self.vertebral_levels)
        self.urgency = urgency_of(self.red_flags if isinstance(self.red_flags, list) else [])
        errors: dict[str, list[str]] = {}
        for step in (self._derive_meyerding, self._derive_genant, self._derive_code):
            try:
                step()
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    def _derive_meyerding(self) -> None:
        measured = self.slip_percent is not None
        if self.condition != Condition.SPONDYLOLISTHESIS:
            if measured or self.meyerding_grade is not None:
                field = "slip_percent" if measured else "meyerding_grade"
                raise ValidationError({field: ["Only a spondylolisthesis has a slip grade."]})
            return
        if measured:
            derived = grades.meyerding_grade(self.slip_percent)
            if self.meyerding_grade not in (None, derived):
                raise ValidationError(
                    {"meyerding_grade": [f"A {self.slip_percent} % slip is grade {derived}."]}
                )
            self.meyerding_grade = derived

    def _derive_genant(self) -> None:
        measured = self.height_loss_percent is not None
        if self.condition != Condition.COMPRESSION_FRACTURE:
            if measured or self.genant_grade is not None:
                field = "height_loss_percent" if measured else "genant_grade"
                raise ValidationError({field: ["Only a compression fracture has a Genant grade."]})
            return
        if measured:
            derived = grades.genant_grade(self.height_loss_percent)
            if self.genant_grade not in (None, derived):
                raise ValidationError(
                    {"genant_grade": [f"{self.height_loss_percent} % loss is grade {derived}."]}
                )
            self.genant_grade = derived

    def _derive_code(self) -> None:
        if not self.condition or not self.patient_id:
            return
        if self.icd10_code:
            self.icd10_code = codes.validate_code(self.icd10_code, condition=self.condition)
            self._phase_from_code()
            self._check_site_digit()
        else:
            self.icd10_code = self._derived_code()
        self._check_excludes1()

    def _derived_code(self) -> str:
        return codes.derive_code(
            condition=self.condition,
            levels=self.vertebral_levels,
            cause=self.cause,
            care_phase=self.care_phase,
            fracture_type=self.fracture_type,
            known_osteoporosis="osteoporosis" in (self.patient.risk_factors or []),
        )

    def _check_site_digit(self) -> None:
        """A given code's region or level digit must agree with the recorded levels."""
        if self.vertebral_levels and codes.site_conflict(self.icd10_code, self.vertebral_levels):
            levels = ", ".join(self.vertebral_levels)
            raise ValidationError(
                {"icd10_code": [f"The site of {self.icd10_code} does not match {levels}."]}
            )

    def _phase_from_code(self) -> None:
        stated = codes.care_phase_of(self.icd10_code)
        if stated is None:
            return
        if self.care_phase and self.care_phase != stated and self.icd10_code[-1] != "B":
            raise ValidationError(
                {"icd10_code": [f"The 7th character says {stated}, not {self.care_phase}."]}
            )
        self.care_phase = self.care_phase or stated

    def _check_excludes1(self) -> None:
        if self.status == DiagnosisStatus.RESOLVED:
            return
        others = (
            Diagnosis.objects.filter(patient_id=self.patient_id)
            .exclude(pk=self.pk)
            .exclude(status=DiagnosisStatus.RESOLVED)
            .values_list("icd10_code", flat=True)
        )
        clash = codes.excludes1_conflict(self.icd10_code, list(others))
        if clash:
            raise ValidationError(
                {"icd10_code": [f"{self.icd10_code} may not be recorded with {clash} (Excludes1)."]}
            )
