from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    # Permissions exist only after every app migrated, so the sync runs post_migrate.
    from clinic.access import sync_role_permissions

    sync_role_permissions()


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from clinic.api import schema  # noqa: F401 - registers the OpenAPI auth extension

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="clinic-sync-roles")
