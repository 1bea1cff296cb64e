"""Demo clinical records: diagnoses, imaging, braces, rest periods, medications, PT sessions,
outcome measures. Idempotent: a patient who already has a diagnosis is left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from patients.models import Patient
from scheduling.models import Practitioner
from treatments.models import Diagnosis
from treatments.services import (
    braces,
    diagnoses,
    imaging,
    medications,
    outcomes,
    pt_sessions,
    rest_periods,
)

# first name -> the story told by their records (see _seed_patient)
DEMO_DIAGNOSES: dict[str, dict[str, Any]] = {
    "Ethan": {"condition": "spondylolysis", "vertebral_levels": ["L5"], "cause": "fatigue"},
    "Maya": {
        "condition": "spondylolisthesis",
        "vertebral_levels": ["L5", "S1"],
        "slip_percent": 18,
    },
    "Grace": {
        "condition": "compression_fracture",
        "vertebral_levels": ["L1"],
        "cause": "age_related_osteoporosis",
        "height_loss_percent": 28,
        "red_flags": ["denosumab_gap"],
    },
    "Arthur": {
        "condition": "compression_fracture",
        "vertebral_levels": ["T12"],
        "cause": "minor_trauma",
        "height_loss_percent": 22,
    },
    "Noah": {
        "condition": "stress_fracture",
        "vertebral_levels": ["L4"],
        "red_flags": ["saddle_anesthesia", "bladder_bowel_dysfunction"],
    },
    "Paula": {
        "condition": "compression_fracture",
        "vertebral_levels": ["L2"],
        "cause": "major_trauma",
        "fracture_type": "wedge",
        "height_loss_percent": 15,
    },
}


def seed_treatments(*, practitioners: list[Practitioner], patients: list[Patient]) -> None:
    """A few patients with a diagnosis and the records that follow from it."""
    therapist = next((p for p in practitioners if p.discipline == "physiotherapist"), None)
    today = timezone.localdate()
    for patient in patients:
        facts = DEMO_DIAGNOSES.get(patient.first_name)
        if facts is None or Diagnosis.objects.filter(patient=patient).exists():
            continue
        _seed_patient(patient, facts, therapist, today)


def _seed_patient(
    patient: Patient, facts: dict[str, Any], therapist: Practitioner | None, today: dt.date
) -> None:
    start = today - dt.timedelta(weeks=3)
    diagnosis = diagnoses.diagnosis_create(
        data={"patient": patient, "diagnosed_on": start, **facts}
    )
    order = imaging.imaging_order_create(
        data={
            "patient": patient,
            "diagnosis": diagnosis,
            "modality": "mri" if facts["condition"] != "compression_fracture" else "xray",
            "body_region": "lumbar spine",
            "indication": "Back pain, suspected " + facts["condition"].replace("_", " "),
        }
    )
    imaging.imaging_order_transition(order=order, status="scheduled")
    rest_periods.rest_period_create(
        data={
            "patient": patient,
            "diagnosis": diagnosis,
            "starts_on": start,
            "ends_on": start + dt.timedelta(weeks=8),
            "restrictions": ["no_running_jumping", "no_heavy_lifting"],
        }
    )
    if facts["condition"] == "compression_fracture":
        _seed_osteoporosis_care(patient, diagnosis, start)
    if therapist is not None:
        _seed_therapy(patient, therapist, start)


def _seed_osteoporosis_care(patient: Patient, diagnosis: Diagnosis, start: dt.date) -> None:
    braces.brace_prescription_create(
        data={
            "patient": patient,
            "diagnosis": diagnosis,
            "brace_type": "tlso",
            "start_date": start,
            "duration_weeks": 8,
            "hours_per_day": 20,
        }
    )
    dexa = imaging.imaging_order_create(
        data={"patient": patient, "modality": "dexa", "body_region": "lumbar spine and hip"}
    )
    for status in ("scheduled", "completed"):
        imaging.imaging_order_transition(order=dexa, status=status)
    imaging.imaging_order_update(
        order=dexa,
        data={"t_score": "-2.8", "z_score": "-1.4", "bmd_g_cm2": "0.742", "site": "lumbar_spine"},
    )
    last_dose = start - dt.timedelta(days=230)  # a late denosumab dose: overdue, flagged
    medications.medication_create(
        data={
            "patient": patient,
            "drug": "denosumab",
            "dose": "60 mg SC",
            "started_on": last_dose - dt.timedelta(days=365),
            "last_dose_on": last_dose,
        }
    )


def _seed_therapy(patient: Patient, therapist: Practitioner, start: dt.date) -> None:
    for week, (pain_before, pain_after, odi) in enumerate([(7, 5, 3), (5, 3, 2), (3, 2, 1)]):
        day = start + dt.timedelta(weeks=week)
        pt_sessions.pt_session_create(
            data={
                "patient": patient,
                "therapist": therapist,
                "started_at": timezone.make_aware(dt.datetime.combine(day, dt.time(17))),
                "duration_minutes": 45,
                "phase": "stabilisation" if week < 2 else "functional",
                "exercises": [
                    {"name": "dead bug", "sets": 3, "reps": 10, "hold_seconds": 0},
                    {"name": "side plank", "sets": 3, "reps": 1, "hold_seconds": 20},
                ],
                "pain_before": pain_before,
                "pain_after": pain_after,
                "subjective": "Pain easing week by week.",
                "plan": "Progress by criteria: no pain increase.",
            }
        )
        outcomes.outcome_measure_create(
            data={
                "patient": patient,
                "instrument": "odi",
                "recorded_on": day,
                "answers": [odi] * 10,
            }
        )
        outcomes.outcome_measure_create(
            data={
                "patient": patient,
                "instrument": "nprs",
                "recorded_on": day,
                "answers": pain_before,
            }
        )
