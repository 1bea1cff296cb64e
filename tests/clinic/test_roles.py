from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from clinic.access import admin_permissions_for

pytestmark = pytest.mark.django_db


def _granted(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_migrate_creates_the_role_groups_with_their_admin_permissions() -> None:
    # The test database was built by `migrate`, as a fresh installation is.
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "reception",
        "physician",
        "therapist",
        "patient",
    }
    reception = _granted("reception")
    assert {"patients.view_patient", "patients.add_patient", "patients.change_patient"} <= reception
    assert "patients.delete_patient" not in reception
    therapist = _granted("therapist")
    assert "patients.view_patient" in therapist
    assert "patients.change_patient" not in therapist
    assert _granted("patient") == set()
    for role in ("reception", "physician", "therapist"):
        assert _granted(role) == admin_permissions_for(role)
