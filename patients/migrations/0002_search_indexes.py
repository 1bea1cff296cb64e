"""Trigram indexes so `?search=` stays fast at 100k+ patients (PostgreSQL only).

They match the SQL Django writes for the lookups in patients.selectors.patient_search:
`icontains` → UPPER(col::text) LIKE UPPER(%s), `contains` → col LIKE %s, `startswith` on mrn.
SQLite (the no-services dev mode) has no such index type and skips this migration's SQL.
"""

from __future__ import annotations

from django.db import migrations

INDEXES = {
    "patient_first_name_trgm": "USING gin ((UPPER(first_name::text)) gin_trgm_ops)",
    "patient_last_name_trgm": "USING gin ((UPPER(last_name::text)) gin_trgm_ops)",
    "patient_email_trgm": "USING gin ((UPPER(email::text)) gin_trgm_ops)",
    "patient_phone_trgm": "USING gin (phone gin_trgm_ops)",
    "patient_mrn_prefix": "(mrn varchar_pattern_ops)",
}


def create(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, spec in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON patients_patient {spec}")


def drop(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
