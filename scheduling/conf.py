"""Scheduling settings, defined (from the environment) in clinic/settings.py.

Read at call time (not import time) so tests can override them with the `settings` fixture.
"""

from __future__ import annotations

from django.conf import settings


def _int(name: str, default: int, *, minimum: int) -> int:
    return max(minimum, int(getattr(settings, name, default)))


def patient_cancel_notice_hours() -> int:
    """A patient may not cancel their own appointment closer to its start than this."""
    return _int("SCHEDULING_PATIENT_CANCEL_NOTICE_HOURS", 24, minimum=0)


def slot_grid_minutes() -> int:
    """Default spacing of the slots that availability search offers."""
    return _int("SCHEDULING_SLOT_GRID_MINUTES", 15, minimum=5)


def availability_max_days() -> int:
    """The longest date range one availability search may cover (400 beyond)."""
    return _int("SCHEDULING_AVAILABILITY_MAX_DAYS", 31, minimum=1)


def series_max_occurrences() -> int:
    return _int("SCHEDULING_SERIES_MAX_OCCURRENCES", 60, minimum=1)
