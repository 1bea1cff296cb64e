"""PostgreSQL only: no two rest periods of one diagnosis share a day.

SQLite (`make run` without services) has no exclusion constraints; there the service's check
(RestPeriod.overlapping) under SQLite's IMMEDIATE transactions keeps the rule.
"""

from __future__ import annotations

from django.db import migrations

CONSTRAINT = "rest_no_overlap_per_diagnosis"


def add_exclusion(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE treatments_restperiod ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (diagnosis_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)"
    )


def drop_exclusion(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE treatments_restperiod DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
    )


class Migration(migrations.Migration):
    dependencies = [("treatments", "0001_clinical_records")]

    operations = [migrations.RunPython(add_exclusion, drop_exclusion)]
