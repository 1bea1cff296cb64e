from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Anything outside these years is a typing error (and would overflow date arithmetic).
MIN_YEAR, MAX_YEAR = 2000, 2100


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry a UTC offset and a plausible year."""

    default_error_messages = {
        "naive": "Give the time with a UTC offset, e.g. 2026-12-01T09:00:00-08:00.",
        "year": f"Give a year between {MIN_YEAR} and {MAX_YEAR}.",
    }

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if timezone.is_naive(value):
            self.fail("naive")
        return value.astimezone(dt.UTC)

    def to_internal_value(self, value: object) -> dt.datetime:
        # The year is checked on input only, in UTC: DRF also calls enforce_timezone() when
        # rendering, and a stored 2100-12-31T17:00-08:00 (2101 in UTC) must still render.
        parsed = super().to_internal_value(value)
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.fail("year")
        return parsed


@extend_schema_field(OpenApiTypes.STR)
class DateOrDateTimeField(serializers.Field):
    """`2026-12-01` (a whole local day) or an aware date-time."""

    default_error_messages = {"invalid": "Give a date (YYYY-MM-DD) or a date-time with offset."}

    def to_internal_value(self, data: object) -> dt.date | dt.datetime:
        if isinstance(data, str) and len(data) == 10:
            day = serializers.DateField().run_validation(data)
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                raise serializers.ValidationError(AwareDateTimeField.default_error_messages["year"])
            return day
        return AwareDateTimeField().run_validation(data)

    def to_representation(self, value: object) -> str:
        return value.isoformat()  # type: ignore[attr-defined]
