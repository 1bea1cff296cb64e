from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from patients.api.views import MyPreferencesView, PatientViewSet

router = SimpleRouter()
router.register("patients", PatientViewSet, basename="patient")

urlpatterns = [
    path("me/preferences/", MyPreferencesView.as_view(), name="me-preferences"),
    *router.urls,
]
