from __future__ import annotations

from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
