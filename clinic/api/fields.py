"""Serializer fields every app shares."""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

# Clinical dates outside these years are typing errors, and near year 1 or 9999 the date
# arithmetic behind end dates, due dates and reminders overflows.
MIN_YEAR, MAX_YEAR = 1900, 2100


class BoundedDateField(serializers.DateField):
    """A `YYYY-MM-DD` date with a plausible year."""

    default_error_messages = {"year": f"Give a year between {MIN_YEAR} and {MAX_YEAR}."}

    def to_internal_value(self, value: object) -> dt.date:
        day = super().to_internal_value(value)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            self.fail("year")
        return day
