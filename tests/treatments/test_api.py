"""Clinical records through the API: derivations, state machines, object rules, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories.patients import PatientFactory
from tests.factories.scheduling import AppointmentFactory, PractitionerFactory
from tests.factories.treatments import (
    DiagnosisFactory,
    ImagingOrderFactory,
    MedicationFactory,
    OutcomeMeasureFactory,
    PTSessionFactory,
)
from tests.factories.users import UserFactory
from tests.treatments.conftest import url
from treatments.models import Diagnosis, ImagingOrder, PTSession
from treatments.services import imaging

pytestmark = pytest.mark.django_db


def dx_body(patient_id: int, **fields: object) -> dict:
    return {
        "patient": patient_id,
        "condition": "spondylolysis",
        "vertebral_levels": ["L5"],
        "diagnosed_on": "2026-11-01",
        **fields,
    }


# --- Diagnoses --------------------------------------------------------------------------
def test_physician_records_diagnosis_with_derived_code(physician_api, patient_a) -> None:
    response = physician_api.post(url("diagnoses"), dx_body(patient_a.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["icd10_code"] == "M43.06"
    assert body["urgency"] == "routine"
    assert body["status"] == "active"


@pytest.mark.parametrize(("slip", "grade"), [(25, 1), (26, 2), (50, 2), (51, 3)])
def test_meyerding_grade_from_slip(physician_api, patient_a, slip: int, grade: int) -> None:
    body = dx_body(patient_a.pk, condition="spondylolisthesis", slip_percent=slip)
    response = physician_api.post(url("diagnoses"), body)
    assert response.status_code == 201, response.json()
    assert response.json()["meyerding_grade"] == grade
    assert response.json()["icd10_code"] == "M43.16"


def test_grade_accepted_without_measurement_but_not_against_it(physician_api, patient_a) -> None:
    ok = physician_api.post(
        url("diagnoses"), dx_body(patient_a.pk, condition="spondylolisthesis", meyerding_grade=3)
    )
    assert ok.json()["meyerding_grade"] == 3
    clash = physician_api.post(
        url("diagnoses"),
        dx_body(patient_a.pk, condition="spondylolisthesis", slip_percent=20, meyerding_grade=3),
    )
    assert clash.status_code == 400
    assert "meyerding_grade" in clash.json()
    wrong = physician_api.post(url("diagnoses"), dx_body(patient_a.pk, slip_percent=20))
    assert wrong.status_code == 400
    assert "slip_percent" in wrong.json()


@pytest.mark.parametrize(("loss", "grade"), [(15, 0), (20, 1), (25, 1), (30, 2), (45, 3)])
def test_genant_grade_from_height_loss(physician_api, patient_a, loss: int, grade: int) -> None:
    body = dx_body(
        patient_a.pk,
        condition="compression_fracture",
        vertebral_levels=["L1"],
        height_loss_percent=loss,
    )
    response = physician_api.post(url("diagnoses"), body)
    assert response.status_code == 201, response.json()
    assert response.json()["genant_grade"] == grade
    assert response.json()["icd10_code"] == "M48.56XA"


def test_osteoporotic_patient_minor_trauma_is_coded_m80(physician_api) -> None:
    patient = PatientFactory(risk_factors=["osteoporosis"])
    body = dx_body(
        patient.pk, condition="compression_fracture", vertebral_levels=["T12"], cause="minor_trauma"
    )
    assert physician_api.post(url("diagnoses"), body).json()["icd10_code"] == "M80.08XA"


def test_given_code_is_validated_and_normalised(physician_api, patient_a) -> None:
    good = physician_api.post(url("diagnoses"), dx_body(patient_a.pk, icd10_code="m4307"))
    assert good.json()["icd10_code"] == "M43.07"
    bad = physician_api.post(
        url("diagnoses"),
        dx_body(patient_a.pk, condition="stress_fracture", icd10_code="M48.46XK"),
    )
    assert bad.status_code == 400
    assert "icd10_code" in bad.json()


def test_care_phase_is_read_from_a_given_code(physician_api, patient_a) -> None:
    body = dx_body(
        patient_a.pk,
        condition="compression_fracture",
        vertebral_levels=["L4"],
        icd10_code="S32.040D",
        care_phase="",
    )
    response = physician_api.post(url("diagnoses"), body)
    assert response.json()["care_phase"] == "routine_healing"
    clash = physician_api.post(url("diagnoses"), {**body, "care_phase": "nonunion"})
    assert clash.status_code == 400
    assert "icd10_code" in clash.json()


def test_excludes1_pair_is_refused(physician_api, patient_a) -> None:
    DiagnosisFactory(patient=patient_a, condition="spondylolisthesis")
    response = physician_api.post(
        url("diagnoses"), dx_body(patient_a.pk, condition="spondylolisthesis", cause="congenital")
    )
    assert response.status_code == 400
    assert "Excludes1" in response.json()["icd10_code"][0]


def test_changing_the_phase_recodes_the_seventh_character(physician_api, patient_a) -> None:
    dx = DiagnosisFactory(patient=patient_a, condition="stress_fracture", vertebral_levels=["L4"])
    assert dx.icd10_code == "M48.46XA"
    response = physician_api.patch(url("diagnoses", dx.pk), {"care_phase": "routine_healing"})
    assert response.json()["icd10_code"] == "M48.46XD"


def test_flagged_diagnoses_come_first(physician_api, patient_a) -> None:
    routine = DiagnosisFactory(patient=patient_a, diagnosed_on=dt.date(2026, 11, 20))
    urgent = DiagnosisFactory(
        patient=patient_a, red_flags=["night_pain"], diagnosed_on=dt.date(2026, 1, 1)
    )
    emergency = DiagnosisFactory(
        patient=patient_a, red_flags=["saddle_anesthesia"], diagnosed_on=dt.date(2025, 1, 1)
    )
    results = physician_api.get(url("diagnoses")).json()["results"]
    assert [r["id"] for r in results] == [emergency.pk, urgent.pk, routine.pk]
    assert [r["urgency"] for r in results] == ["emergency", "urgent", "routine"]
    flagged = physician_api.get(url("diagnoses"), {"urgent": "true"}).json()["results"]
    assert {r["id"] for r in flagged} == {emergency.pk, urgent.pk}


# --- Bad input: 400 naming the field, never 500 -----------------------------------------
@pytest.mark.parametrize(
    ("resource", "change", "field"),
    [
        ("diagnoses", {"vertebral_levels": ["L9"]}, "vertebral_levels"),
        ("diagnoses", {"vertebral_levels": "L5"}, "vertebral_levels"),
        ("diagnoses", {"condition": "herniation"}, "condition"),
        ("diagnoses", {"red_flags": ["headache"]}, "red_flags"),
        ("diagnoses", {"slip_percent": 1e12}, "slip_percent"),
        ("diagnoses", {"slip_percent": -5}, "slip_percent"),
        ("diagnoses", {"height_loss_percent": "abc"}, "height_loss_percent"),
        ("diagnoses", {"diagnosed_on": "2026-02-30"}, "diagnosed_on"),
        ("diagnoses", {"icd10_code": "X" * 50}, "icd10_code"),
        ("diagnoses", {"patient": 999999}, "patient"),
        ("brace-prescriptions", {"duration_weeks": -2}, "duration_weeks"),
        ("brace-prescriptions", {"hours_per_day": 25}, "hours_per_day"),
        ("brace-prescriptions", {"brace_type": "iron"}, "brace_type"),
        ("rest-periods", {"ends_on": "2027-02-01"}, "ends_on"),
        ("rest-periods", {"restrictions": ["no_fun"]}, "restrictions"),
        ("medications", {"ended_on": "2026-10-01"}, "ended_on"),
        ("medications", {"interval_days": 0}, "interval_days"),
        ("medications", {"interval_days": 10**9}, "interval_days"),
        ("medications", {"drug_class": "herbal"}, "drug_class"),
        ("pt-sessions", {"pain_after": 11}, "pain_after"),
        ("pt-sessions", {"pain_before": -1}, "pain_before"),
        ("pt-sessions", {"exercises": [{"name": "plank", "sets": 0}]}, "exercises"),
        ("pt-sessions", {"exercises": "plank"}, "exercises"),
        ("pt-sessions", {"started_at": "yesterday"}, "started_at"),
        ("pt-sessions", {"phase": "IV"}, "phase"),
        ("outcome-measures", {"answers": [1, 2, 3, 4, 5, 0, 1, None, None, 2]}, "answers"),
        ("outcome-measures", {"answers": [9] * 10}, "answers"),
        ("outcome-measures", {"instrument": "nprs", "answers": 11}, "answers"),
        ("outcome-measures", {"instrument": "sf36"}, "instrument"),
    ],
)
def test_bad_input_is_400_naming_the_field(
    request, records, therapist, resource: str, change: dict, field: str
) -> None:  # noqa: ANN001
    from tests.treatments.conftest import create_body

    client = request.getfixturevalue(
        "therapist_api" if resource in ("pt-sessions", "outcome-measures") else "physician_api"
    )
    body = {**create_body(resource, records, therapist), **change}
    if resource == "rest-periods" and field == "ends_on":
        body["starts_on"] = "2027-03-01"
    response = client.post(url(resource), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_t_score_abc_is_400(physician_api, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a, modality="dexa")
    for status in ("scheduled", "completed"):
        imaging.imaging_order_transition(order=order, status=status)
    response = physician_api.patch(url("imaging-orders", order.pk), {"t_score": "abc"})
    assert response.status_code == 400
    assert "t_score" in response.json()


def test_malformed_json_is_400(physician_api) -> None:
    response = physician_api.post(
        url("diagnoses"), data="{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_unknown_filter_values_are_400(physician_api) -> None:
    assert physician_api.get(url("diagnoses"), {"status": "zombie"}).status_code == 400
    assert physician_api.get(url("imaging-orders"), {"modality": "pet"}).status_code == 400
    assert physician_api.get(url("diagnoses"), {"patient": "abc"}).status_code == 400
    assert physician_api.get(url("medications"), {"start_after": "soon"}).status_code == 400


# --- Imaging ----------------------------------------------------------------------------
def test_imaging_status_machine(physician_api, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a)
    path = url("imaging-orders", order.pk)
    with time_machine.travel(dt.datetime(2026, 6, 1, 17, tzinfo=dt.UTC), tick=False):
        assert physician_api.patch(path, {"status": "scheduled"}).status_code == 200
    jump = physician_api.patch(path, {"status": "reported"})
    assert jump.status_code == 409
    assert jump.json()["code"] == "invalid_transition"
    with time_machine.travel(dt.datetime(2026, 6, 3, 18, tzinfo=dt.UTC), tick=False):
        completed = physician_api.patch(path, {"status": "completed", "findings": "L1 wedge"})
    assert completed.status_code == 200, completed.json()
    reported = physician_api.patch(path, {"status": "reported"}).json()
    assert reported["status"] == "reported"
    assert reported["scheduled_at"].startswith("2026-06-01T17:00:00")
    assert reported["completed_at"].startswith("2026-06-03T18:00:00")
    assert reported["reported_at"]
    late = physician_api.patch(path, {"status": "cancelled"})
    assert late.status_code == 409
    assert late.json()["code"] == "invalid_transition"


def test_ordered_straight_to_completed_is_409(physician_api, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a)
    response = physician_api.patch(url("imaging-orders", order.pk), {"status": "completed"})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_results_wait_for_the_scan(physician_api, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a)
    response = physician_api.patch(url("imaging-orders", order.pk), {"findings": "normal"})
    assert response.status_code == 400
    assert "findings" in response.json()


def _dexa(patient, t_score: str | None, z_score: str | None = None) -> ImagingOrder:  # noqa: ANN001
    order = ImagingOrderFactory(patient=patient, modality="dexa")
    imaging.imaging_order_transition(order=order, status="scheduled")
    imaging.imaging_order_transition(order=order, status="completed")
    return imaging.imaging_order_update(
        order=order,
        data={"t_score": t_score, "z_score": z_score, "bmd_g_cm2": "0.812", "site": "lumbar_spine"},
    )


# Tokens are issued before the clock is pinned: pin it in the past, where they are valid.
@time_machine.travel(dt.datetime(2026, 6, 1, 18, tzinfo=dt.UTC), tick=False)
def test_dexa_category_who_rule_for_postmenopausal_women(physician_api) -> None:
    patient = PatientFactory(sex="female", date_of_birth=dt.date(1958, 3, 1))
    order = _dexa(patient, "-2.7")
    body = physician_api.get(url("imaging-orders", order.pk)).json()
    assert body["bone_density_category"] == "osteoporosis"
    assert body["t_score"] == -2.7
    fractured = PatientFactory(
        sex="female", date_of_birth=dt.date(1950, 3, 1), risk_factors=["prior_fragility_fracture"]
    )
    assert _dexa(fractured, "-2.5").bone_density_category == "severe_osteoporosis"
    man = PatientFactory(sex="male", date_of_birth=dt.date(1970, 1, 1))
    assert _dexa(man, "-1.5").bone_density_category == "low_bone_mass"


# Tokens are issued before the clock is pinned: pin it in the past, where they are valid.
@time_machine.travel(dt.datetime(2026, 6, 1, 18, tzinfo=dt.UTC), tick=False)
def test_dexa_category_z_score_rule_for_younger_patients() -> None:
    young_man = PatientFactory(sex="male", date_of_birth=dt.date(1996, 1, 1))
    assert _dexa(young_man, "-3.0", "-2.1").bone_density_category == "below_expected_range"
    young_woman = PatientFactory(sex="female", date_of_birth=dt.date(1990, 1, 1))
    assert _dexa(young_woman, "-2.6", "-1.0").bone_density_category == "within_expected_range"


def test_dexa_results_only_on_dexa_orders(physician_api, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a, modality="xray")
    imaging.imaging_order_transition(order=order, status="scheduled")
    imaging.imaging_order_transition(order=order, status="completed")
    response = physician_api.patch(url("imaging-orders", order.pk), {"t_score": -1.0})
    assert response.status_code == 400
    assert "t_score" in response.json()


def test_reception_sees_only_orders_without_results(reception_api, patient_a) -> None:
    pending = ImagingOrderFactory(patient=patient_a)
    done = ImagingOrderFactory(patient=patient_a)
    imaging.imaging_order_transition(order=done, status="scheduled")
    imaging.imaging_order_transition(order=done, status="completed")
    listed = reception_api.get(url("imaging-orders")).json()
    assert [r["id"] for r in listed["results"]] == [pending.pk]
    assert "findings" not in listed["results"][0]
    assert reception_api.get(url("imaging-orders", done.pk)).status_code == 404
    forbidden = reception_api.patch(url("imaging-orders", pending.pk), {"priority": "urgent"})
    assert forbidden.status_code == 403
    scheduled = reception_api.patch(url("imaging-orders", pending.pk), {"status": "scheduled"})
    assert scheduled.json()["status"] == "scheduled"


def test_imaging_diagnosis_must_be_the_same_patients(physician_api, patient_a, patient_b) -> None:
    other = DiagnosisFactory(patient=patient_b)
    body = {
        "patient": patient_a.pk,
        "diagnosis": other.pk,
        "modality": "mri",
        "body_region": "lumbar",
    }
    response = physician_api.post(url("imaging-orders"), body)
    assert response.status_code == 400
    assert "diagnosis" in response.json()


# --- Braces and rest periods ------------------------------------------------------------
def test_brace_end_date_and_status(physician_api, patient_a) -> None:
    response = physician_api.post(
        url("brace-prescriptions"),
        {
            "patient": patient_a.pk,
            "brace_type": "tlso",
            "start_date": "2026-11-02",
            "duration_weeks": 12,
            "hours_per_day": 23,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["end_date"] == "2027-01-25"
    assert body["status"] == "prescribed"
    path = url("brace-prescriptions", body["id"])
    assert physician_api.patch(path, {"status": "completed"}).status_code == 200
    back = physician_api.patch(path, {"status": "active"})
    assert back.status_code == 409
    assert back.json()["code"] == "invalid_transition"
    weeks = physician_api.patch(path, {"duration_weeks": 6})
    assert weeks.json()["end_date"] == "2026-12-14"


def test_overlapping_rest_periods_of_one_diagnosis_are_refused(physician_api, patient_a) -> None:
    dx = DiagnosisFactory(patient=patient_a)
    body = {"patient": patient_a.pk, "diagnosis": dx.pk, "starts_on": "2026-11-01"}
    first = physician_api.post(url("rest-periods"), {**body, "ends_on": "2026-12-15"})
    assert first.status_code == 201, first.json()
    overlap = physician_api.post(
        url("rest-periods"), {**body, "starts_on": "2026-12-15", "ends_on": "2027-01-15"}
    )
    assert overlap.status_code == 409
    assert overlap.json()["code"] == "rest_period_overlap"
    after = physician_api.post(
        url("rest-periods"), {**body, "starts_on": "2026-12-16", "ends_on": "2027-01-15"}
    )
    assert after.status_code == 201
    other_dx = DiagnosisFactory(patient=patient_a, condition="spondylolisthesis")
    same_days = physician_api.post(
        url("rest-periods"), {**body, "diagnosis": other_dx.pk, "ends_on": "2026-12-15"}
    )
    assert same_days.status_code == 201


def test_rest_period_exclusion_constraint_holds_without_the_service(patient_a) -> None:
    from django.db import IntegrityError, transaction

    from treatments.models import RestPeriod

    dx = DiagnosisFactory(patient=patient_a)
    days = {"starts_on": dt.date(2026, 11, 1), "ends_on": dt.date(2026, 12, 1)}
    RestPeriod.objects.create(patient=patient_a, diagnosis=dx, **days)
    with pytest.raises(IntegrityError), transaction.atomic():
        RestPeriod.objects.create(patient=patient_a, diagnosis=dx, **days)


# --- Medications ------------------------------------------------------------------------
def test_denosumab_defaults_and_next_dose(physician_api, patient_a) -> None:
    response = physician_api.post(
        url("medications"),
        {
            "patient": patient_a.pk,
            "drug": "Denosumab",
            "dose": "60 mg SC",
            "started_on": "2026-01-05",
            "last_dose_on": "2026-01-05",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["drug"] == "denosumab"
    assert body["drug_class"] == "rankl_inhibitor"
    assert body["interval_days"] == 182
    assert body["next_dose_due"] == "2026-07-06"
    late = physician_api.patch(url("medications", body["id"]), {"last_dose_on": "2026-08-20"})
    assert late.json()["next_dose_due"] == "2027-02-18"


def test_denosumab_overdue_is_flagged(physician_api, patient_a) -> None:
    med = MedicationFactory(
        patient=patient_a,
        drug="denosumab",
        started_on=dt.date(2026, 1, 5),
        last_dose_on=dt.date(2026, 1, 5),
    )
    MedicationFactory(patient=patient_a, drug="alendronate", started_on=dt.date(2025, 1, 1))
    with time_machine.travel(dt.datetime(2026, 8, 3, 18, tzinfo=dt.UTC), tick=False):
        assert physician_api.get(url("medications", med.pk)).json()["overdue"] is False
    with time_machine.travel(dt.datetime(2026, 8, 4, 18, tzinfo=dt.UTC), tick=False):
        assert physician_api.get(url("medications", med.pk)).json()["overdue"] is True
        listed = physician_api.get(url("medications"), {"overdue": "true"}).json()
    assert [r["id"] for r in listed["results"]] == [med.pk]


# --- PT sessions ------------------------------------------------------------------------
def test_therapist_records_own_session_by_default(therapist_api, therapist, patient_a) -> None:
    response = therapist_api.post(
        url("pt-sessions"),
        {
            "patient": patient_a.pk,
            "started_at": "2026-11-20T10:00:00-08:00",
            "duration_minutes": 45,
            "phase": "functional",
            "exercises": [{"name": "squat", "sets": 3, "reps": 12}],
            "pain_before": 4,
            "pain_after": 2,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["therapist"] == therapist.pk


def test_therapist_may_not_record_or_amend_for_another_therapist(
    therapist_api, patient_a, location
) -> None:
    colleague = PractitionerFactory(
        discipline="physiotherapist",
        location=location,
        user=UserFactory(username="colleague", roles=["therapist"]),
    )
    theirs = PTSessionFactory(patient=patient_a, therapist=colleague)
    amend = therapist_api.patch(url("pt-sessions", theirs.pk), {"plan": "mine now"})
    assert amend.status_code == 403
    create = therapist_api.post(
        url("pt-sessions"),
        {
            "patient": patient_a.pk,
            "therapist": colleague.pk,
            "started_at": "2026-11-20T10:00:00Z",
            "duration_minutes": 30,
            "phase": "acute",
        },
    )
    assert create.status_code == 403


def test_session_amendments_keep_history(therapist_api, therapist, patient_a) -> None:
    session = PTSessionFactory(patient=patient_a, therapist=therapist, plan="Phase I")
    response = therapist_api.patch(url("pt-sessions", session.pk), {"plan": "Phase II"})
    assert response.status_code == 200
    history = PTSession.history.filter(id=session.pk).order_by("history_date")
    assert [h.plan for h in history] == ["Phase I", "Phase II"]
    assert history.last().history_user == therapist.user


def test_session_appointment_must_be_the_same_patients(
    therapist_api, therapist, patient_a, patient_b
) -> None:
    own = AppointmentFactory(patient=patient_a, practitioner=therapist)
    other = AppointmentFactory(
        patient=patient_b, practitioner=therapist, start=dt.datetime(2026, 12, 2, 17, tzinfo=dt.UTC)
    )
    body = {
        "patient": patient_a.pk,
        "started_at": "2026-12-01T17:00:00Z",
        "duration_minutes": 45,
        "phase": "stabilisation",
    }
    ok = therapist_api.post(url("pt-sessions"), {**body, "appointment": own.pk})
    assert ok.status_code == 201, ok.json()
    wrong = therapist_api.post(url("pt-sessions"), {**body, "appointment": other.pk})
    assert wrong.status_code == 400
    assert "appointment" in wrong.json()


# --- Outcome measures -------------------------------------------------------------------
def test_odi_scored_by_the_server(therapist_api, patient_a) -> None:
    response = therapist_api.post(
        url("outcome-measures"),
        {
            "patient": patient_a.pk,
            "instrument": "odi",
            "recorded_on": "2026-11-20",
            "answers": [3, 3, 3, 3, 3, 3, 3, 3, 3, None],
            "score": 1,
            "band": "minimal",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["score"] == 60.0
    assert response.json()["band"] == "severe"


def test_trend_flags_meaningful_change_from_baseline(physician_api, patient_a) -> None:
    for day, answers in [(1, [3] * 10), (15, [3] * 9 + [1]), (29, [2] * 10)]:
        OutcomeMeasureFactory(
            patient=patient_a,
            instrument="odi",
            recorded_on=dt.date(2026, 10, day),
            answers=answers,
        )
    for day, value in [(1, 8), (29, 7), (30, 5)]:
        OutcomeMeasureFactory(patient=patient_a, recorded_on=dt.date(2026, 10, day), answers=value)
    body = physician_api.get(f"/api/v1/patients/{patient_a.pk}/outcomes/").json()
    odi = body["series"]["odi"]
    assert odi["baseline"] == 60.0
    assert [p["score"] for p in odi["points"]] == [60.0, 56.0, 40.0]
    assert [p["change"] for p in odi["points"]] == [0.0, -4.0, -20.0]
    assert [p["meaningful_change"] for p in odi["points"]] == [False, False, True]
    nprs = body["series"]["nprs"]
    assert [p["meaningful_change"] for p in nprs["points"]] == [False, False, True]


# --- Audit ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "resource",
    ["diagnoses", "imaging-orders", "brace-prescriptions", "rest-periods", "medications"],
)
def test_history_names_the_user(
    physician_api, physician, records, therapist, resource: str
) -> None:
    from tests.treatments.conftest import UPDATE_BODIES, create_body

    created = physician_api.post(url(resource), create_body(resource, records, therapist))
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert physician_api.patch(url(resource, pk), UPDATE_BODIES[resource]).status_code == 200
    model = {
        "diagnoses": Diagnosis,
        "imaging-orders": ImagingOrder,
    }.get(resource)
    if model is None:
        from treatments import models

        model = {
            "brace-prescriptions": models.BracePrescription,
            "rest-periods": models.RestPeriod,
            "medications": models.Medication,
        }[resource]
    history = model.history.filter(id=pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user for h in history} == {physician.user}
    assert created.json()["recorded_by"] == physician.user.pk


# --- Reminders hook ---------------------------------------------------------------------
def test_every_reminder_subject_write_calls_reminders_sync_once(monkeypatch, patient_a) -> None:
    from treatments.services import braces, common, diagnoses, medications, rest_periods

    calls: list[object] = []
    monkeypatch.setattr(common, "reminders_sync", lambda *, subject: calls.append(subject))
    dx = diagnoses.diagnosis_create(
        data={
            "patient": patient_a,
            "condition": "spondylolysis",
            "diagnosed_on": dt.date(2026, 11, 2),
        }
    )
    diagnoses.diagnosis_update(diagnosis=dx, data={"status": "healing"})
    order = imaging.imaging_order_create(
        data={"patient": patient_a, "modality": "dexa", "body_region": "spine"}
    )
    imaging.imaging_order_transition(order=order, status="scheduled")
    brace = braces.brace_prescription_create(
        data={
            "patient": patient_a,
            "brace_type": "lso",
            "start_date": dt.date(2026, 11, 2),
            "duration_weeks": 6,
            "hours_per_day": 20,
        }
    )
    rest = rest_periods.rest_period_create(
        data={
            "patient": patient_a,
            "diagnosis": dx,
            "starts_on": dt.date(2026, 11, 2),
            "ends_on": dt.date(2026, 12, 2),
        }
    )
    med = medications.medication_create(
        data={"patient": patient_a, "drug": "denosumab", "started_on": dt.date(2026, 11, 2)}
    )
    assert [type(s).__name__ for s in calls] == [
        "Diagnosis",
        "Diagnosis",
        "ImagingOrder",
        "ImagingOrder",
        "BracePrescription",
        "RestPeriod",
        "Medication",
    ]
    assert calls[-3:] == [brace, rest, med]


def test_given_code_must_match_the_levels(physician_api, patient_a) -> None:
    body = dx_body(patient_a.pk, vertebral_levels=["T8"], icd10_code="M43.06")
    response = physician_api.post(url("diagnoses"), body)
    assert response.status_code == 400
    assert "icd10_code" in response.json()
    lumbar = physician_api.post(url("diagnoses"), {**body, "vertebral_levels": ["L5"]})
    assert lumbar.status_code == 201
