"""Clinical records of patients A and B, and request bodies for every resource."""

from __future__ import annotations

from typing import Any

import pytest

from patients.models import Patient
from scheduling.models import Practitioner
from tests.factories.treatments import (
    BracePrescriptionFactory,
    DiagnosisFactory,
    ImagingOrderFactory,
    MedicationFactory,
    OutcomeMeasureFactory,
    PTSessionFactory,
    RestPeriodFactory,
)

RESOURCES = (
    "diagnoses",
    "imaging-orders",
    "brace-prescriptions",
    "rest-periods",
    "medications",
    "pt-sessions",
    "outcome-measures",
)


def url(resource: str, pk: int | None = None) -> str:
    return f"/api/v1/{resource}/" if pk is None else f"/api/v1/{resource}/{pk}/"


def records_of(patient: Patient, therapist: Practitioner) -> dict[str, Any]:
    diagnosis = DiagnosisFactory(patient=patient)
    return {
        "diagnoses": diagnosis,
        "imaging-orders": ImagingOrderFactory(patient=patient, diagnosis=diagnosis),
        "brace-prescriptions": BracePrescriptionFactory(patient=patient, diagnosis=diagnosis),
        "rest-periods": RestPeriodFactory(patient=patient, diagnosis=diagnosis),
        "medications": MedicationFactory(patient=patient),
        "pt-sessions": PTSessionFactory(patient=patient, therapist=therapist),
        "outcome-measures": OutcomeMeasureFactory(patient=patient),
    }


@pytest.fixture
def records(patient_a: Patient, patient_b: Patient, therapist: Practitioner) -> dict:
    """resource -> {"a": record of patient A, "b": record of patient B}"""
    of_a, of_b = records_of(patient_a, therapist), records_of(patient_b, therapist)
    return {resource: {"a": of_a[resource], "b": of_b[resource]} for resource in RESOURCES}


def create_body(resource: str, records: dict, therapist: Practitioner) -> dict[str, Any]:
    diagnosis = records["diagnoses"]["a"]
    patient = diagnosis.patient_id
    return {
        "diagnoses": {
            "patient": patient,
            "condition": "spondylolisthesis",
            "vertebral_levels": ["L5", "S1"],
            "slip_percent": 30,
            "diagnosed_on": "2026-11-01",
        },
        "imaging-orders": {
            "patient": patient,
            "diagnosis": diagnosis.pk,
            "modality": "dexa",
            "body_region": "lumbar spine and hip",
            "indication": "screening",
        },
        "brace-prescriptions": {
            "patient": patient,
            "diagnosis": diagnosis.pk,
            "brace_type": "lso",
            "start_date": "2026-11-02",
            "duration_weeks": 8,
            "hours_per_day": 20,
        },
        "rest-periods": {
            "patient": patient,
            "diagnosis": diagnosis.pk,
            "starts_on": "2027-03-01",
            "ends_on": "2027-04-12",
            "restrictions": ["no_running_jumping", "no_spinal_extension"],
        },
        "medications": {
            "patient": patient,
            "drug": "denosumab",
            "dose": "60 mg SC",
            "started_on": "2026-11-01",
            "last_dose_on": "2026-11-01",
        },
        "pt-sessions": {
            "patient": patient,
            "therapist": therapist.pk,
            "started_at": "2026-11-20T10:00:00-08:00",
            "duration_minutes": 45,
            "phase": "stabilisation",
            "exercises": [{"name": "bird dog", "sets": 3, "reps": 8, "hold_seconds": 5}],
            "pain_before": 6,
            "pain_after": 4,
            "subjective": "Less pain on waking.",
        },
        "outcome-measures": {
            "patient": patient,
            "instrument": "odi",
            "recorded_on": "2026-11-20",
            "answers": [2, 3, 1, 2, 2, None, 1, 2, 3, 2],
        },
    }[resource]


UPDATE_BODIES: dict[str, dict[str, Any]] = {
    "diagnoses": {"notes": "Reviewed."},
    "imaging-orders": {"priority": "urgent"},
    "brace-prescriptions": {"hours_per_day": 12},
    "rest-periods": {"restrictions": ["no_twisting"]},
    "medications": {"dose": "70 mg weekly"},
    "pt-sessions": {"plan": "Progress to phase II."},
    "outcome-measures": {"answers": 4},
}
