from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate reaches apps in INSTALLED_APPS order and auth creates each app's permissions
    # in its own turn, so create every app's permissions now, then sync the role groups.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from clinic.access import sync_role_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_role_permissions()


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from clinic.api import schema  # noqa: F401 - registers the OpenAPI auth extension

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="clinic-sync-roles")
