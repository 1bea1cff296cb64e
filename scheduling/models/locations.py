from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from patients.validators import validate_timezone


class Discipline(models.TextChoices):
    PHYSICIAN = "physician", "Physician"
    SPINE_SURGEON = "spine_surgeon", "Spine surgeon"
    PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
    ATHLETIC_THERAPIST = "athletic_therapist", "Athletic therapist"
    KINESIOLOGIST = "kinesiologist", "Kinesiologist"
    MASSAGE_THERAPIST = "massage_therapist", "Massage therapist"


class Location(models.Model):
    name = models.CharField(max_length=100, unique=True)
    address = models.CharField(max_length=255, blank=True)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practitioner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
    )
    name = models.CharField(max_length=150)
    discipline = models.CharField(max_length=32, choices=Discipline.choices)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="practitioners")
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["discipline", "location"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_discipline_display()})"
