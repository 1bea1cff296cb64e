"""Scheduling cast: a physician working Mon-Fri 08:00-17:00 in Los Angeles, appointment types,
and a clock pinned to Monday 2026-11-23 04:00 in Los Angeles."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from scheduling.models import AppointmentType, Practitioner, WorkingHours
from tests.factories.scheduling import AppointmentTypeFactory, weekday_hours

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)  # Monday 04:00 in Los Angeles


def la(*args: int) -> dt.datetime:
    """An aware Los Angeles wall-clock time."""
    return dt.datetime(*args, tzinfo=LA)


@pytest.fixture
def frozen_now():  # noqa: ANN201
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def consultation(db: None) -> AppointmentType:
    return AppointmentTypeFactory(
        code="consultation", duration_minutes=30, disciplines=["physician", "spine_surgeon"]
    )


@pytest.fixture
def pt_session(db: None) -> AppointmentType:
    return AppointmentTypeFactory(
        code="pt_session", duration_minutes=45, disciplines=["physiotherapist"]
    )


@pytest.fixture
def physician_hours(physician: Practitioner) -> list[WorkingHours]:
    return weekday_hours(physician)


@pytest.fixture
def therapist_hours(therapist: Practitioner) -> list[WorkingHours]:
    return weekday_hours(therapist)
