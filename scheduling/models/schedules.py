"""When practitioners work: weekly rules in the location's local time, and time off."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from scheduling.models.locations import Location, Practitioner


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WorkingHours(models.Model):
    """A weekly rule: on `weekday`, from `start_time` to `end_time` local to the location.

    Local wall-clock times, expanded per date with the location's IANA zone (see
    scheduling.services.availability), so 08:00 stays 08:00 across DST changes.
    """

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="working_hours"
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "working hours"
        ordering = ["practitioner", "weekday", "start_time"]
        indexes = [models.Index(fields=["practitioner", "weekday"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="workinghours_start_before_end",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0) & models.Q(weekday__lte=6),
                name="workinghours_weekday_range",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="workinghours_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.practitioner.name}: {self.get_weekday_display()} "
            f"{self.start_time:%H:%M}-{self.end_time:%H:%M}"
        )


class TimeOff(models.Model):
    """An absence of a practitioner (holiday, course, sick day) as aware instants."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="time_off"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "time off"
        ordering = ["start"]
        indexes = [models.Index(fields=["practitioner", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="timeoff_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner.name} off {self.start:%Y-%m-%d %H:%M}"
