"""Enumerations shared by models, serializers and the domain functions (API.md names)."""

from __future__ import annotations

from django.db import models


class Condition(models.TextChoices):
    SPONDYLOLYSIS = "spondylolysis", "Spondylolysis"
    SPONDYLOLISTHESIS = "spondylolisthesis", "Spondylolisthesis"
    STRESS_FRACTURE = "stress_fracture", "Stress (fatigue) fracture"
    COMPRESSION_FRACTURE = "compression_fracture", "Compression fracture"
    OTHER = "other", "Other"


class Cause(models.TextChoices):
    UNSPECIFIED = "unspecified", "Not specified"
    FATIGUE = "fatigue", "Fatigue / overuse"
    CONGENITAL = "congenital", "Congenital"
    AGE_RELATED_OSTEOPOROSIS = "age_related_osteoporosis", "Age-related osteoporosis"
    OTHER_OSTEOPOROSIS = "other_osteoporosis", "Other osteoporosis (e.g. steroid-induced)"
    NEOPLASTIC = "neoplastic", "Neoplastic disease"
    MINOR_TRAUMA = "minor_trauma", "Minor trauma"
    MAJOR_TRAUMA = "major_trauma", "Major trauma"


class CarePhase(models.TextChoices):
    """Phase of care: the 7th character of the fracture codes."""

    ACTIVE = "active", "Active treatment (A)"
    ROUTINE_HEALING = "routine_healing", "Routine healing (D)"
    DELAYED_HEALING = "delayed_healing", "Delayed healing (G)"
    NONUNION = "nonunion", "Nonunion (K)"
    MALUNION = "malunion", "Malunion (P)"
    SEQUELA = "sequela", "Sequela (S)"


class FractureType(models.TextChoices):
    """Type digit of S22.0 / S32.0 traumatic vertebral fractures."""

    WEDGE = "wedge", "Wedge compression"
    STABLE_BURST = "stable_burst", "Stable burst"
    UNSTABLE_BURST = "unstable_burst", "Unstable burst"
    OTHER = "other", "Other"
    UNSPECIFIED = "unspecified", "Unspecified"


class DiagnosisStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    HEALING = "healing", "Healing"
    RESOLVED = "resolved", "Resolved"


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


class Modality(models.TextChoices):
    XRAY = "xray", "X-ray"
    MRI = "mri", "MRI"
    CT = "ct", "CT"
    DEXA = "dexa", "DEXA"
    BONE_SCAN = "bone_scan", "Bone scan"


class Priority(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class ImagingStatus(models.TextChoices):
    ORDERED = "ordered", "Ordered"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    REPORTED = "reported", "Reported"
    CANCELLED = "cancelled", "Cancelled"


class DexaSite(models.TextChoices):
    LUMBAR_SPINE = "lumbar_spine", "Lumbar spine"
    TOTAL_HIP = "total_hip", "Total hip"
    FEMORAL_NECK = "femoral_neck", "Femoral neck"
    FOREARM = "forearm", "Forearm (1/3 radius)"


class BoneDensityCategory(models.TextChoices):
    NORMAL = "normal", "Normal"
    LOW_BONE_MASS = "low_bone_mass", "Low bone mass"
    OSTEOPOROSIS = "osteoporosis", "Osteoporosis"
    SEVERE_OSTEOPOROSIS = "severe_osteoporosis", "Severe osteoporosis"
    WITHIN_EXPECTED_RANGE = "within_expected_range", "Within the expected range for age"
    BELOW_EXPECTED_RANGE = "below_expected_range", "Below the expected range for age"


class BraceType(models.TextChoices):
    TLSO = "tlso", "TLSO"
    LSO = "lso", "LSO"
    BOSTON = "boston", "Boston overlap brace"
    CORSET = "corset", "Soft corset"
    OTHER = "other", "Other"


class BraceStatus(models.TextChoices):
    PRESCRIBED = "prescribed", "Prescribed"
    ACTIVE = "active", "Being worn"
    COMPLETED = "completed", "Completed"
    DISCONTINUED = "discontinued", "Discontinued"


class Restriction(models.TextChoices):
    NO_RUNNING_JUMPING = "no_running_jumping", "No running or jumping"
    NO_CONTACT_SPORTS = "no_contact_sports", "No contact sports"
    NO_HEAVY_LIFTING = "no_heavy_lifting", "No heavy lifting"
    NO_SPINAL_EXTENSION = "no_spinal_extension", "No spinal extension"
    NO_TWISTING = "no_twisting", "No twisting"


class DrugClass(models.TextChoices):
    BISPHOSPHONATE = "bisphosphonate", "Bisphosphonate"
    RANKL_INHIBITOR = "rankl_inhibitor", "RANKL inhibitor"
    PTH_ANALOG = "pth_analog", "PTH / PTHrP analog"
    SCLEROSTIN_INHIBITOR = "sclerostin_inhibitor", "Sclerostin inhibitor"
    CALCITONIN = "calcitonin", "Calcitonin"
    NSAID = "nsaid", "NSAID"
    ACETAMINOPHEN = "acetaminophen", "Acetaminophen"
    OPIOID = "opioid", "Opioid (short term)"
    MUSCLE_RELAXANT = "muscle_relaxant", "Muscle relaxant"
    OTHER = "other", "Other"


class PTPhase(models.TextChoices):
    """Return to activity in phases (DOMAIN.md §4), plus the acute weeks after a fracture."""

    ACUTE = "acute", "Acute care"
    STABILISATION = "stabilisation", "I - neutral-spine stabilisation"
    FUNCTIONAL = "functional", "II - functional movement"
    SPORT_SPECIFIC = "sport_specific", "III - sport-specific"


class Instrument(models.TextChoices):
    ODI = "odi", "Oswestry Disability Index"
    NPRS = "nprs", "Numeric Pain Rating Scale"
