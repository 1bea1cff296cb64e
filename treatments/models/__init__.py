from __future__ import annotations

from treatments.models.braces import BracePrescription
from treatments.models.diagnoses import Diagnosis
from treatments.models.imaging import ImagingOrder
from treatments.models.medications import Medication
from treatments.models.outcomes import OutcomeMeasure
from treatments.models.pt_sessions import PTSession
from treatments.models.rest_periods import RestPeriod

__all__ = [
    "BracePrescription",
    "Diagnosis",
    "ImagingOrder",
    "Medication",
    "OutcomeMeasure",
    "PTSession",
    "RestPeriod",
]
