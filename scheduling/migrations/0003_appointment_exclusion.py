"""No double booking, guaranteed by PostgreSQL: exclusion constraints over tstzrange.

PostgreSQL only (btree_gist + EXCLUDE); on SQLite the booking transaction is IMMEDIATE
(see settings.DATABASES), so the service's check-then-insert cannot race there.
"""

from __future__ import annotations

from django.db import migrations

ACTIVE = "('booked', 'confirmed', 'arrived')"
CONSTRAINTS = {
    "appointment_no_practitioner_overlap": ("practitioner_id", ""),
    "appointment_no_patient_overlap": ("patient_id", ""),
    "appointment_no_room_overlap": ("room_id", "room_id IS NOT NULL AND "),
}


def add_constraints(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, (column, extra) in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE scheduling_appointment ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
            f"WHERE ({extra}status IN {ACTIVE})"
        )


def drop_constraints(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS {name}"
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0002_appointments")]

    operations = [migrations.RunPython(add_constraints, drop_constraints)]
