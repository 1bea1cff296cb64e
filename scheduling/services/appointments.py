"""Booking, rescheduling and status changes of appointments: one home for the API and admin.

PostgreSQL guarantees no double booking with exclusion constraints (migration 0003); the
Python checks here only give friendlier messages and cover SQLite, whose IMMEDIATE write
transactions serialise check-then-insert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from clinic.exceptions import Conflict, InvalidTransition, SlotTaken, TooLate
from clinic.roles import is_patient_only
from patients.models import Patient
from scheduling import conf
from scheduling.models import (
    Appointment,
    AppointmentSeries,
    AppointmentStatus,
    AppointmentType,
    IdempotencyKey,
    Location,
    Practitioner,
    Room,
)
from scheduling.selectors.availability import time_off_overlapping, window_containing
from scheduling.services.reminders import reminders_sync

EXCLUSION_VIOLATION = "23P01"  # PostgreSQL SQLSTATE of an EXCLUDE constraint violation
DEADLOCK_DETECTED = "40P01"


class SeriesConflict(Conflict):
    """Some dates of a recurring series cannot be booked; nothing was booked."""

    code = "slot_taken"
    default_detail = "Some dates of the series cannot be booked; none were booked."

    def __init__(self, conflicts: list[dict[str, str]]) -> None:
        super().__init__()
        self.conflicts = conflicts


@dataclass
class BookingRequest:
    patient: Patient
    practitioner: Practitioner
    appointment_type: AppointmentType
    start: dt.datetime
    location: Location | None = None
    room: Room | None = None
    reason: str = ""
    series: AppointmentSeries | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _is_exclusion_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == EXCLUSION_VIOLATION or "overlap" in str(exc)


def _save_or_slot_taken(appointment: Appointment, **save_kwargs: object) -> None:
    """Save in a savepoint; an exclusion-constraint violation becomes SlotTaken (409)."""
    try:
        with transaction.atomic():
            appointment.save(**save_kwargs)
    except IntegrityError as exc:
        if _is_exclusion_violation(exc):
            raise SlotTaken() from exc
        raise
    except OperationalError as exc:
        # Two bookings that each wait on the other's overlapping row (same patient, different
        # practitioners: the constraints are checked in opposite orders) deadlock; PostgreSQL
        # aborts one of them, and that one overlaps the winner, so it lost the slot.
        if getattr(exc.__cause__, "sqlstate", None) == DEADLOCK_DETECTED:
            raise SlotTaken() from exc
        raise


def _check_no_overlap(appointment: Appointment) -> None:
    """Friendly message before the database constraint has its say (and SQLite's guard)."""
    who = Q(practitioner_id=appointment.practitioner_id) | Q(patient_id=appointment.patient_id)
    if appointment.room_id:
        who |= Q(room_id=appointment.room_id)
    clash = (
        Appointment.objects.active()
        .overlapping(appointment.start, appointment.end)
        .filter(who)
        .exclude(pk=appointment.pk)
        .values("practitioner_id", "patient_id", "start")
        .first()
    )
    if clash is None:
        return
    if clash["practitioner_id"] == appointment.practitioner_id:
        raise SlotTaken("The practitioner already has an appointment at that time.")
    if clash["patient_id"] == appointment.patient_id:
        raise SlotTaken("The patient already has an appointment at that time.")
    raise SlotTaken("The room is taken at that time.")


def _check_schedule(appointment: Appointment, *, now: dt.datetime) -> None:
    """In the future, inside the practitioner's working hours at that location, not off."""
    start, end = appointment.start, appointment.end
    if timezone.is_naive(start):
        raise ValidationError({"start": ["Give the time with a UTC offset."]})
    if start < now:
        raise ValidationError({"start": ["That time is in the past."]})
    window = window_containing(practitioner=appointment.practitioner, start=start, end=end)
    if window is None or (
        appointment.location_id and window.location_id != appointment.location_id
    ):
        raise ValidationError({"start": ["That time is outside the practitioner's working hours."]})
    if time_off_overlapping(practitioner=appointment.practitioner, start=start, end=end):
        raise ValidationError({"start": ["The practitioner is off at that time."]})
    if not appointment.location_id:
        appointment.location_id = window.location_id


def _check_fit(appointment: Appointment) -> None:
    practitioner, kind = appointment.practitioner, appointment.appointment_type
    if not kind.is_active:
        raise ValidationError({"appointment_type": ["This appointment type is not offered."]})
    if not practitioner.is_active:
        raise ValidationError({"practitioner": ["This practitioner is not taking appointments."]})
    if not kind.allows(practitioner.discipline):
        raise ValidationError(
            {"appointment_type": [f"A {practitioner.get_discipline_display()} cannot take this."]}
        )
    if appointment.patient.is_archived:
        raise ValidationError({"patient": ["This patient record is archived."]})
    if appointment.room_id and appointment.room.location_id != appointment.location_id:
        raise ValidationError({"room": ["The room is not at the appointment's location."]})


def _build(request: BookingRequest, *, by: AbstractBaseUser | None) -> Appointment:
    start = request.start
    duration = dt.timedelta(minutes=request.appointment_type.duration_minutes)
    return Appointment(
        patient=request.patient,
        practitioner=request.practitioner,
        appointment_type=request.appointment_type,
        location=request.location,
        room=request.room,
        series=request.series,
        start=start,
        end=start + duration if timezone.is_aware(start) else start,
        reason=request.reason,
        created_by=by if by is not None and by.is_authenticated else None,
    )


def _book_one(request: BookingRequest, *, by: AbstractBaseUser | None) -> Appointment:
    appointment = _build(request, by=by)
    if request.appointment_type.duration_minutes <= 0:
        raise ValidationError({"appointment_type": ["This type has no duration."]})
    _check_schedule(appointment, now=timezone.now())
    _check_fit(appointment)
    if by is not None and is_patient_only(by) and not request.appointment_type.patient_bookable:
        raise ValidationError({"appointment_type": ["Please call the clinic to book this."]})
    appointment.full_clean(exclude=["created_by", "series"])
    _check_no_overlap(appointment)
    appointment._history_user = by
    _save_or_slot_taken(appointment)
    reminders_sync(subject=appointment)
    return appointment


def _fingerprint(request: BookingRequest) -> str:
    parts = [
        request.patient.pk,
        request.practitioner.pk,
        request.appointment_type.pk,
        request.start.isoformat(),
        request.location.pk if request.location else "",
        request.room.pk if request.room else "",
    ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _idempotency_claim(
    *, user: AbstractBaseUser, key: str, fingerprint: str
) -> tuple[IdempotencyKey, bool]:
    """Claim `key` for this request, or find the request that claimed it first.

    The unique (user, key) row is inserted first: a concurrent retry blocks on it until the
    first request commits (then it replays its result) or rolls back (then it books itself).
    """
    try:
        with transaction.atomic():
            claim = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
        return claim, False
    except IntegrityError:
        claim = IdempotencyKey.objects.select_related("appointment").get(user=user, key=key)
    if claim.fingerprint != fingerprint:
        raise Conflict(
            "This Idempotency-Key was used for a different request.",
            code="idempotency_key_reused",
        )
    return claim, True


@transaction.atomic
def appointment_book(
    *,
    patient: Patient,
    practitioner: Practitioner,
    appointment_type: AppointmentType,
    start: dt.datetime,
    location: Location | None = None,
    room: Room | None = None,
    reason: str = "",
    by: AbstractBaseUser | None = None,
    idempotency_key: str | None = None,
) -> Appointment:
    """Book one appointment; 400 outside working hours or in the past, 409 on any overlap.

    With `idempotency_key` (per user), a repeated call returns the first call's appointment
    (marked `replayed = True`) instead of booking again.
    """
    request = BookingRequest(
        patient, practitioner, appointment_type, start, location, room, reason or ""
    )
    claim = None
    if idempotency_key and by is not None and by.is_authenticated:
        claim, replay = _idempotency_claim(
            user=by, key=idempotency_key, fingerprint=_fingerprint(request)
        )
        if replay and claim.appointment is not None:
            claim.appointment.replayed = True
            return claim.appointment
    appointment = _book_one(request, by=by)
    if claim is not None:
        claim.appointment = appointment
        claim.save(update_fields=["appointment"])
    return appointment


@transaction.atomic
def appointment_series_book(
    *,
    patient: Patient,
    practitioner: Practitioner,
    appointment_type: AppointmentType,
    starts: list[dt.datetime],
    location: Location | None = None,
    room: Room | None = None,
    reason: str = "",
    by: AbstractBaseUser | None = None,
) -> list[Appointment]:
    """Book every start of a recurring series, or none: SeriesConflict lists each bad date."""
    if not starts:
        raise ValidationError({"starts": ["Give at least one date."]})
    series = AppointmentSeries.objects.create(
        created_by=by if by is not None and by.is_authenticated else None
    )
    booked, conflicts = [], []
    for start in sorted(starts):
        request = BookingRequest(
            patient, practitioner, appointment_type, start, location, room, reason, series
        )
        try:
            with transaction.atomic():
                booked.append(_book_one(request, by=by))
        except (SlotTaken, ValidationError) as exc:
            conflicts.append(_conflict_entry(start, exc))
    if conflicts:
        raise SeriesConflict(conflicts)
    return booked


def _conflict_entry(start: dt.datetime, exc: Exception) -> dict[str, str]:
    if isinstance(exc, SlotTaken):
        return {"start": start.isoformat(), "code": exc.code, "detail": exc.detail}
    messages = "; ".join(getattr(exc, "messages", [str(exc)]))
    return {"start": start.isoformat(), "code": "invalid", "detail": messages}


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("practitioner", "patient", "appointment_type", "room")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_reschedule(
    *, appointment: Appointment, start: dt.datetime, by: AbstractBaseUser | None = None
) -> Appointment:
    """Move an appointment to `start`: the same checks as booking, conflicts re-checked."""
    current = _locked(appointment)
    if current.status not in (AppointmentStatus.BOOKED, AppointmentStatus.CONFIRMED):
        raise InvalidTransition(f"A {current.get_status_display().lower()} visit cannot move.")
    current.start = start
    current.end = start + dt.timedelta(minutes=current.appointment_type.duration_minutes)
    _check_schedule(current, now=timezone.now())
    _check_no_overlap(current)
    current._history_user = by
    _save_or_slot_taken(current, update_fields=["start", "end", "updated_at"])
    reminders_sync(subject=current)
    return current


@transaction.atomic
def appointment_update(
    *, appointment: Appointment, reason: str, by: AbstractBaseUser | None = None
) -> Appointment:
    """Change the free-text reason of a visit."""
    current = _locked(appointment)
    current.reason = reason
    current.full_clean(exclude=["created_by", "series"])
    current._history_user = by
    current.save(update_fields=["reason", "updated_at"])
    return current


@transaction.atomic
def appointment_transition(
    *,
    appointment: Appointment,
    status: str,
    by: AbstractBaseUser | None = None,
    reason: str = "",
) -> Appointment:
    """Move along Appointment.TRANSITIONS; anything else is 409 invalid_transition."""
    current = _locked(appointment)
    if not current.can_become(status):
        raise InvalidTransition(
            f"A {current.get_status_display().lower()} appointment cannot become "
            f"{AppointmentStatus(status).label.lower()}."
        )
    if status == AppointmentStatus.NO_SHOW and current.start > timezone.now():
        raise Conflict("A visit that has not started yet cannot be a no-show.", code="too_early")
    current.status = status
    fields = ["status", "updated_at"]
    if status == AppointmentStatus.CANCELLED:
        current.cancel_reason = reason
        fields.append("cancel_reason")
    current._history_user = by
    current.save(update_fields=fields)
    reminders_sync(subject=current)
    return current


def appointment_cancel(
    *, appointment: Appointment, reason: str, by: AbstractBaseUser | None = None
) -> Appointment:
    """Cancel with a reason; the slot is free again. Patients need the configured notice."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the appointment is cancelled."]})
    if by is not None and is_patient_only(by):
        notice = dt.timedelta(hours=conf.patient_cancel_notice_hours())
        if appointment.start - timezone.now() < notice:
            raise TooLate(
                f"Appointments can be cancelled online up to {notice.total_seconds() / 3600:g} "
                "hours before they start; please call the clinic."
            )
    return appointment_transition(
        appointment=appointment, status=AppointmentStatus.CANCELLED, by=by, reason=reason
    )


def appointment_arrive(
    *, appointment: Appointment, by: AbstractBaseUser | None = None
) -> Appointment:
    return appointment_transition(appointment=appointment, status=AppointmentStatus.ARRIVED, by=by)


def appointment_complete(
    *, appointment: Appointment, by: AbstractBaseUser | None = None
) -> Appointment:
    return appointment_transition(
        appointment=appointment, status=AppointmentStatus.COMPLETED, by=by
    )


def appointment_no_show(
    *, appointment: Appointment, by: AbstractBaseUser | None = None
) -> Appointment:
    return appointment_transition(appointment=appointment, status=AppointmentStatus.NO_SHOW, by=by)


def series_starts(
    *, start: dt.datetime, weeks: int, weekdays: list[int] | None, tz: dt.tzinfo
) -> list[dt.datetime]:
    """`start`'s local time of day on `weekdays` (Mon=0) for `weeks` weeks from its week.

    Expanded on local dates, so a series crossing a DST change keeps its wall-clock time.
    """
    local = start.astimezone(tz)
    days = sorted(set(weekdays if weekdays else [local.weekday()]))
    monday = local.date() - dt.timedelta(days=local.weekday())
    starts = []
    for week in range(weeks):
        for weekday in days:
            day = monday + dt.timedelta(weeks=week, days=weekday)
            if day >= local.date():
                starts.append(dt.datetime.combine(day, local.time(), tzinfo=tz).astimezone(dt.UTC))
    return starts
