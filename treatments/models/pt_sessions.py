from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from treatments.domain.choices import PTPhase
from treatments.domain.exercises import validate_exercises
from treatments.models.base import ClinicalRecord, text_field

PAIN = [MinValueValidator(0), MaxValueValidator(10)]
MAX_SESSION_MINUTES = 480


class PTSession(ClinicalRecord):
    """A physiotherapy session. Never deleted: amendments keep the earlier text in history."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="pt_sessions"
    )
    therapist = models.ForeignKey(
        "scheduling.Practitioner", on_delete=models.PROTECT, related_name="pt_sessions"
    )
    appointment = models.ForeignKey(
        "scheduling.Appointment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pt_sessions",
    )
    started_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)]
    )
    phase = models.CharField(max_length=20, choices=PTPhase.choices)
    exercises = models.JSONField(default=list, blank=True, validators=[validate_exercises])
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    subjective = text_field()
    objective = text_field()
    assessment = text_field()
    plan = text_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "PT session"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-started_at"], name="pt_patient_started"),
            models.Index(fields=["therapist", "-started_at"], name="pt_therapist_started"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__in=PTPhase.values), name="pt_phase_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(pain_before__isnull=True) | models.Q(pain_before__lte=10),
                name="pt_pain_before_range",
            ),
            models.CheckConstraint(
                condition=models.Q(pain_after__isnull=True) | models.Q(pain_after__lte=10),
                name="pt_pain_after_range",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=480),
                name="pt_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"PT {self.started_at:%Y-%m-%d %H:%M} ({self.get_phase_display()})"

    def clean(self) -> None:
        self.exercises = [] if self.exercises is None else self.exercises
        self.check_same_patient("appointment")
