"""Patient-level domain data: risk factor codes (DOMAIN.md §3), sexes, contact channels."""

from __future__ import annotations

from django.db import models

RISK_FACTORS: tuple[str, ...] = (
    "osteoporosis",
    "osteopenia",
    "postmenopausal",
    "corticosteroid_use",
    "smoking",
    "heavy_alcohol",
    "prior_fragility_fracture",
    "low_body_weight",
    "high_impact_athlete",
    "amenorrhea",
    "family_history_osteoporosis",
    "rheumatoid_arthritis",
    "history_of_falls",
)

# Nobody on record is older than this; an older date of birth is a typing error.
MAX_AGE_YEARS = 130


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"
