"""The admin records clinical data through the same services and rules as the API."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.treatments import (
    BracePrescriptionFactory,
    DiagnosisFactory,
    ImagingOrderFactory,
    PTSessionFactory,
)
from tests.treatments.conftest import records_of
from treatments.models import Diagnosis, ImagingOrder

pytestmark = pytest.mark.django_db


MODELS = (
    "diagnosis",
    "imagingorder",
    "braceprescription",
    "restperiod",
    "medication",
    "ptsession",
    "outcomemeasure",
)


def admin_client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelists_and_change_pages_load(admin_user, patient_a, therapist, model: str) -> None:
    records = records_of(patient_a, therapist)
    client = admin_client(admin_user)
    changelist = client.get(f"/admin/treatments/{model}/?patient__id__exact={patient_a.pk}")
    assert changelist.status_code == 200
    assert "?e=1" not in changelist.url if hasattr(changelist, "url") else True
    obj = next(r for r in records.values() if r._meta.model_name == model)
    assert client.get(f"/admin/treatments/{model}/{obj.pk}/change/").status_code == 200
    assert client.get(f"/admin/treatments/{model}/add/").status_code == 200


def test_patient_page_links_to_clinical_records(admin_user, patient_a) -> None:
    page = admin_client(admin_user).get(f"/admin/patients/patient/{patient_a.pk}/change/")
    html = page.content.decode()
    assert "Clinical records" in html
    assert f"/admin/treatments/diagnosis/?patient__id__exact={patient_a.pk}" in html


def test_physician_records_a_diagnosis_in_the_admin(physician, patient_a) -> None:
    response = admin_client(physician.user).post(
        "/admin/treatments/diagnosis/add/",
        {
            "patient": patient_a.pk,
            "condition": "stress_fracture",
            "cause": "fatigue",
            "diagnosed_on": "2026-11-01",
            "status": "active",
            "icd10_code": "",
            "vertebral_levels": '["L4"]',
            "care_phase": "active",
            "fracture_type": "unspecified",
            "red_flags": '["night_pain"]',
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    diagnosis = Diagnosis.objects.get(patient=patient_a)
    assert diagnosis.icd10_code == "M48.46XA"
    assert diagnosis.urgency == "urgent"
    assert diagnosis.history.get().history_user == physician.user


def test_admin_form_shows_bad_levels_as_a_field_error(physician, patient_a) -> None:
    response = admin_client(physician.user).post(
        "/admin/treatments/diagnosis/add/",
        {
            "patient": patient_a.pk,
            "condition": "spondylolysis",
            "cause": "unspecified",
            "diagnosed_on": "2026-11-01",
            "status": "active",
            "vertebral_levels": '["L9"]',
            "care_phase": "active",
            "fracture_type": "unspecified",
            "red_flags": "[]",
        },
    )
    assert response.status_code == 200
    assert "Unknown vertebral level" in response.content.decode()
    assert not Diagnosis.objects.exists()


def test_admin_refuses_an_illegal_imaging_transition_on_the_form(physician, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a)
    response = admin_client(physician.user).post(
        f"/admin/treatments/imagingorder/{order.pk}/change/",
        {
            "modality": "xray",
            "body_region": "lumbar spine",
            "indication": "",
            "priority": "routine",
            "status": "reported",
            "findings": "",
            "site": "",
        },
    )
    assert response.status_code == 200
    assert "cannot go from ordered to reported" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "ordered"


def test_admin_status_change_goes_through_the_service(physician, patient_a) -> None:
    order = ImagingOrderFactory(patient=patient_a)
    response = admin_client(physician.user).post(
        f"/admin/treatments/imagingorder/{order.pk}/change/",
        {
            "modality": "xray",
            "body_region": "lumbar spine",
            "indication": "",
            "priority": "urgent",
            "status": "scheduled",
            "findings": "",
            "site": "",
        },
    )
    assert response.status_code == 302
    order = ImagingOrder.objects.get(pk=order.pk)
    assert order.status == "scheduled"
    assert order.scheduled_at is not None
    assert order.history.first().history_user == physician.user


def test_reception_admin_sees_only_unresulted_orders(receptionist, patient_a) -> None:
    pending = ImagingOrderFactory(patient=patient_a)
    client = admin_client(receptionist)
    page = client.get("/admin/treatments/imagingorder/")
    assert page.status_code == 200
    assert client.get(f"/admin/treatments/imagingorder/{pending.pk}/change/").status_code == 200
    assert client.get("/admin/treatments/imagingorder/add/").status_code == 403
    assert client.get("/admin/treatments/diagnosis/").status_code == 403


def test_therapist_cannot_amend_another_therapists_session_in_admin(therapist, patient_a) -> None:
    theirs = PTSessionFactory(patient=patient_a)
    own = PTSessionFactory(patient=patient_a, therapist=therapist)
    client = admin_client(therapist.user)
    other_page = client.get(f"/admin/treatments/ptsession/{theirs.pk}/change/")
    assert other_page.status_code == 200
    assert "Save" not in other_page.content.decode().split("submit-row")[-1][:200]
    post = client.post(f"/admin/treatments/ptsession/{theirs.pk}/change/", {"plan": "x"})
    assert post.status_code == 403
    assert client.get(f"/admin/treatments/ptsession/{own.pk}/change/").status_code == 200


def test_no_delete_in_admin(admin_user, patient_a) -> None:
    brace = BracePrescriptionFactory(patient=patient_a)
    client = admin_client(admin_user)
    assert client.get(f"/admin/treatments/braceprescription/{brace.pk}/delete/").status_code == 403
    assert DiagnosisFactory(patient=patient_a).pk
