from __future__ import annotations

from scheduling.models.appointments import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentSeries,
    AppointmentStatus,
    IdempotencyKey,
    LocationDayView,
)
from scheduling.models.calendars import CalendarFeed
from scheduling.models.locations import Discipline, Location, Practitioner
from scheduling.models.reference import AppointmentType, Room
from scheduling.models.reminders import Reminder, ReminderAttempt  # noqa: F401
from scheduling.models.schedules import TimeOff, Weekday, WorkingHours

__all__ = [
    "ACTIVE_STATUSES",
    "Appointment",
    "AppointmentSeries",
    "AppointmentStatus",
    "AppointmentType",
    "CalendarFeed",
    "Discipline",
    "IdempotencyKey",
    "Location",
    "LocationDayView",
    "Practitioner",
    "Room",
    "TimeOff",
    "Weekday",
    "WorkingHours",
]
