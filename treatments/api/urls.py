from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from treatments.api import views

router = SimpleRouter()
router.register("diagnoses", views.DiagnosisViewSet, basename="diagnosis")
router.register("imaging-orders", views.ImagingOrderViewSet, basename="imaging-order")
router.register(
    "brace-prescriptions", views.BracePrescriptionViewSet, basename="brace-prescription"
)
router.register("rest-periods", views.RestPeriodViewSet, basename="rest-period")
router.register("medications", views.MedicationViewSet, basename="medication")
router.register("pt-sessions", views.PTSessionViewSet, basename="pt-session")
router.register("outcome-measures", views.OutcomeMeasureViewSet, basename="outcome-measure")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "patients/<int:patient_id>/outcomes/",
        views.PatientOutcomesView.as_view(),
        name="patient-outcomes",
    ),
    *router.urls,
]
