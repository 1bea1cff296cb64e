"""Reminders: outbox rows planned with the change that causes them, swept and sent by Celery.

A reminder row is the only record of a side effect to come: it is planned inside the caller's
transaction, claimed by compare-and-set, sent once, and every transport attempt is its own row.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from patients.domain import Channel


class ReminderKind(models.TextChoices):
    APPOINTMENT = "appointment", "Appointment"
    REST_PERIOD_END = "rest_period_end", "Rest period ends"
    FOLLOW_UP = "follow_up", "Follow-up"
    BRACE_REVIEW = "brace_review", "Brace review"
    MEDICATION_DUE = "medication_due", "Medication due"
    DEXA_SCREENING = "dexa_screening", "DEXA screening"


class ReminderStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    QUEUED = "queued", "Queued"  # claimed by the sweep, handed to a send task
    SENDING = "sending", "Sending"  # a send task owns it; the transport is being called
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ReminderStatus.SCHEDULED, ReminderStatus.QUEUED)
FINAL_STATUSES = (
    ReminderStatus.SENT,
    ReminderStatus.FAILED,
    ReminderStatus.SKIPPED,
    ReminderStatus.CANCELLED,
)


class Reminder(models.Model):
    """One message to one patient about one thing, due at one moment (UTC).

    No HistoricalRecords here on purpose: every status move is a compare-and-set UPDATE (which
    simple-history cannot see) and the audit of what was sent is `ReminderAttempt`.
    """

    # status -> statuses it may move to (the sweep and the send service follow this table)
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        ReminderStatus.SCHEDULED: (
            ReminderStatus.QUEUED,
            ReminderStatus.SENDING,
            ReminderStatus.CANCELLED,
        ),
        ReminderStatus.QUEUED: (
            ReminderStatus.SENDING,
            ReminderStatus.SCHEDULED,
            ReminderStatus.CANCELLED,
        ),
        ReminderStatus.SENDING: (
            ReminderStatus.SENT,
            ReminderStatus.SCHEDULED,
            ReminderStatus.FAILED,
            ReminderStatus.SKIPPED,
            ReminderStatus.CANCELLED,
        ),
        ReminderStatus.FAILED: (ReminderStatus.SCHEDULED,),  # "send now" from the admin
        ReminderStatus.CANCELLED: (ReminderStatus.SCHEDULED,),  # its cause came back
        ReminderStatus.SENT: (),
        ReminderStatus.SKIPPED: (),
    }

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.SCHEDULED
    )
    # What the reminder is about: an appointment, diagnosis, rest period, brace, medication, or
    # the patient (DEXA screening). `key` separates occurrences: the appointment start, the
    # dose date, the end date... so planning the same occurrence twice hits the unique constraint.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    key = models.CharField(max_length=40)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    reason = models.CharField(max_length=200, blank=True)  # why skipped or cancelled
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=64, blank=True)
    delivery_status = models.CharField(max_length=20, blank=True)  # SMS status callbacks
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_status_due"),
            models.Index(fields=["patient", "kind", "due_at"], name="reminder_patient_kind_due"),
            models.Index(fields=["provider_message_id"], name="reminder_provider_msg"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "key"], name="reminder_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="reminder_channel_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReminderStatus.values),
                name="reminder_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReminderStatus.SENT) | models.Q(sent_at__isnull=False),
                name="reminder_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for patient {self.patient_id} ({self.status})"

    @classmethod
    def sources_of(cls, target: str) -> tuple[str, ...]:
        """The statuses from which `target` may be reached (for compare-and-set filters)."""
        return tuple(src for src, targets in cls.TRANSITIONS.items() if target in targets)


class ReminderAttempt(models.Model):
    """One call of a transport for a reminder, whatever came of it."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        TRANSIENT_ERROR = "transient_error", "Transient error"
        PERMANENT_ERROR = "permanent_error", "Permanent error"

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="attempts_log")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    started_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error = models.TextField(blank=True)
    provider_message_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["reminder", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.reminder_id} {self.outcome} at {self.started_at:%Y-%m-%d %H:%M:%S}Z"
