"""Reference data of the schedule: appointment types and rooms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from scheduling.models.locations import Discipline, Location

# The longest appointment we accept; availability queries rely on it to bound index scans.
MAX_APPOINTMENT_MINUTES = 8 * 60


def validate_disciplines(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Give a non-empty list of disciplines.")
    unknown = [item for item in value if item not in Discipline.values]
    if unknown:
        raise ValidationError(f"Unknown discipline(s): {', '.join(map(str, unknown))}.")


class AppointmentType(models.Model):
    """A bookable kind of visit: consultation, follow-up, PT session, brace fitting, DEXA..."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    duration_minutes = models.PositiveSmallIntegerField()
    # Disciplines (scheduling.Discipline values) whose practitioners may take this type.
    disciplines = models.JSONField(default=list, validators=[validate_disciplines])
    patient_bookable = models.BooleanField(
        default=True, help_text="Patients may book this type themselves."
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5)
                & models.Q(duration_minutes__lte=MAX_APPOINTMENT_MINUTES),
                name="appointmenttype_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"

    def allows(self, discipline: str) -> bool:
        return discipline in (self.disciplines or [])


class Room(models.Model):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["location__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="room_unique_per_location")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.location})"
