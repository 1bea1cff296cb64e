"""Liveness of the parts the service depends on: the database and the Celery broker."""

from __future__ import annotations

from django.db import connection

from clinic.celery import app as celery_app


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the text says why
        return f"down: {type(exc).__name__}"
    return "ok"


def broker_state() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - same: report, never raise
        return f"down: {type(exc).__name__}"
    return "ok"
