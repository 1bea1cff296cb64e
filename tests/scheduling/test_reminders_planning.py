"""Each reminder kind is planned at the right time, once, and re-planned or cancelled when its
cause changes (API.md "Reminder rules")."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import Reminder
from scheduling.services import appointments as booking
from scheduling.services.reminders import reminders_sync
from tests.scheduling.conftest import la
from tests.scheduling.conftest_reminders import book, reminders_of
from treatments.services import braces, diagnoses, imaging, medications, rest_periods

pytestmark = pytest.mark.django_db
UTC = dt.UTC
TODAY = dt.date(2026, 11, 23)  # the pinned Monday (scheduling conftest)


@pytest.fixture
def visit(frozen_now, patient_a, physician, physician_hours, consultation):  # noqa: ANN001, ANN201
    return book(patient_a, physician, consultation, la(2026, 11, 24, 9, 0))


def test_an_appointment_reminder_is_due_24_hours_before(visit, patient_a) -> None:
    (reminder,) = reminders_of(visit)
    assert reminder.kind == "appointment"
    assert reminder.status == "scheduled"
    assert reminder.channel == patient_a.preferred_channel
    assert reminder.due_at == dt.datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def test_planning_twice_plans_one_reminder(visit) -> None:
    reminders_sync(subject=visit)
    reminders_sync(subject=visit)
    assert len(reminders_of(visit)) == 1


def test_a_reminder_cannot_be_planned_twice_even_behind_the_services(visit) -> None:
    (reminder,) = reminders_of(visit)
    reminder.pk = None
    with pytest.raises(Exception, match="reminder_once"):
        reminder.save()


def test_booked_less_than_a_day_ahead_is_due_at_once_outside_quiet_hours(
    frozen_now, patient_a, physician, physician_hours, consultation
) -> None:
    # It is 04:00 in Vancouver: "at once" waits for 08:00 local.
    appointment = book(patient_a, physician, consultation, la(2026, 11, 23, 14, 0))
    (reminder,) = reminders_of(appointment)
    assert reminder.due_at == dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


def test_a_reminder_falling_in_quiet_hours_moves_to_eight_local(
    frozen_now, patient_a, physician, physician_hours, consultation
) -> None:
    patient_a.timezone = "Asia/Tokyo"
    patient_a.save()
    appointment = book(patient_a, physician, consultation, la(2026, 11, 25, 9, 0))
    (reminder,) = reminders_of(appointment)
    # 24 h before is 02:00 Thursday in Tokyo -> 08:00 Tokyo = 23:00 UTC Tuesday.
    assert reminder.due_at == dt.datetime(2026, 11, 24, 23, 0, tzinfo=UTC)


def test_moving_an_appointment_re_plans_its_reminder(visit) -> None:
    booking.appointment_reschedule(appointment=visit, start=la(2026, 11, 26, 10, 0))
    old, new = reminders_of(visit)
    assert (old.status, old.reason) == ("cancelled", "appointment moved")
    assert (new.status, new.due_at) == ("scheduled", dt.datetime(2026, 11, 25, 18, tzinfo=UTC))
    booking.appointment_reschedule(appointment=visit, start=la(2026, 11, 24, 9, 0))
    old, new = reminders_of(visit)
    assert (old.status, new.status) == ("scheduled", "cancelled")  # the first one reopened


def test_cancelling_an_appointment_cancels_its_reminder(visit) -> None:
    booking.appointment_cancel(appointment=visit, reason="feeling better")
    (reminder,) = reminders_of(visit)
    assert (reminder.status, reminder.reason) == ("cancelled", "appointment cancelled")


def test_a_sent_reminder_is_left_alone_when_the_visit_is_cancelled(visit) -> None:
    Reminder.objects.update(status="sent", sent_at=dt.datetime(2026, 11, 23, 17, tzinfo=UTC))
    booking.appointment_cancel(appointment=visit, reason="feeling better")
    (reminder,) = reminders_of(visit)
    assert reminder.status == "sent"


def _diagnosis(patient, on: dt.date):  # noqa: ANN001, ANN202
    return diagnoses.diagnosis_create(
        data={
            "patient": patient,
            "condition": "spondylolysis",
            "vertebral_levels": ["L5"],
            "diagnosed_on": on,
        }
    )


def test_follow_up_is_due_six_weeks_after_the_diagnosis_at_nine_local(
    frozen_now, patient_a
) -> None:
    diagnosis = _diagnosis(patient_a, TODAY)
    (reminder,) = reminders_of(diagnosis)
    assert reminder.kind == "follow_up"
    # 2027-01-04 09:00 in Vancouver (PST, UTC-8)
    assert reminder.due_at == dt.datetime(2027, 1, 4, 17, 0, tzinfo=UTC)


def test_booking_a_later_appointment_settles_the_follow_up(
    frozen_now, patient_a, physician, physician_hours, consultation
) -> None:
    diagnosis = _diagnosis(patient_a, TODAY)
    appointment = book(patient_a, physician, consultation, la(2026, 12, 14, 9, 0))
    (reminder,) = reminders_of(diagnosis)
    assert (reminder.status, reminder.reason) == ("cancelled", "follow-up appointment booked")
    booking.appointment_cancel(appointment=appointment, reason="travelling")
    (reminder,) = reminders_of(diagnosis)
    assert reminder.status == "scheduled"  # no follow-up booked any more


def test_rest_period_end_is_two_days_before(frozen_now, patient_a) -> None:
    rest = rest_periods.rest_period_create(
        data={
            "patient": patient_a,
            "diagnosis": _diagnosis(patient_a, TODAY),
            "starts_on": TODAY,
            "ends_on": dt.date(2027, 1, 18),
            "restrictions": ["no_running_jumping"],
        }
    )
    (reminder,) = reminders_of(rest)
    assert reminder.kind == "rest_period_end"
    assert reminder.due_at == dt.datetime(2027, 1, 16, 17, 0, tzinfo=UTC)
    rest_periods.rest_period_update(rest_period=rest, data={"ends_on": dt.date(2027, 2, 1)})
    old, new = reminders_of(rest)
    assert (old.status, new.status) == ("cancelled", "scheduled")
    assert new.due_at == dt.datetime(2027, 1, 30, 17, 0, tzinfo=UTC)


def test_brace_review_is_seven_days_before_the_end(frozen_now, patient_a) -> None:
    brace = braces.brace_prescription_create(
        data={
            "patient": patient_a,
            "brace_type": "tlso",
            "start_date": TODAY,
            "duration_weeks": 8,
            "hours_per_day": 20,
        }
    )
    (reminder,) = reminders_of(brace)
    assert reminder.kind == "brace_review"
    assert reminder.due_at.date() == brace.end_date - dt.timedelta(days=7)
    braces.brace_prescription_update(brace=brace, data={"status": "discontinued"})
    (reminder,) = reminders_of(brace)
    assert reminder.status == "cancelled"


def test_medication_due_is_fourteen_days_before_the_next_dose(frozen_now, patient_a) -> None:
    medication = medications.medication_create(
        data={
            "patient": patient_a,
            "drug": "denosumab",
            "dose": "60 mg SC",
            "started_on": dt.date(2026, 6, 1),
            "last_dose_on": dt.date(2026, 6, 1),
        }
    )
    assert medication.next_dose_due == dt.date(2026, 11, 30)  # 182 days
    (reminder,) = reminders_of(medication)
    # 14 days before is already past: due at once, i.e. 08:00 today in Vancouver.
    assert reminder.due_at == dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    medications.medication_update(medication=medication, data={"last_dose_on": TODAY})
    old, new = reminders_of(medication)
    assert (old.status, new.status) == ("cancelled", "scheduled")
    assert new.key == "2027-05-24"
    medications.medication_update(medication=medication, data={"ended_on": TODAY})
    assert {r.status for r in reminders_of(medication)} == {"cancelled"}


def test_a_dexa_order_cancels_a_pending_screening_reminder(frozen_now, patient_a) -> None:
    from scheduling.services.reminders import reminders_plan_dexa

    patient_a.date_of_birth = dt.date(1960, 1, 1)
    patient_a.save()
    assert reminders_plan_dexa() == 1
    imaging.imaging_order_create(
        data={
            "patient": patient_a,
            "modality": "dexa",
            "body_region": "lumbar spine",
            "indication": "screening",
        }
    )
    (reminder,) = Reminder.objects.filter(kind="dexa_screening")
    assert (reminder.status, reminder.reason) == ("cancelled", "DEXA ordered or done")


def test_a_reminder_cancelled_by_staff_stays_cancelled_when_re_planned(visit, admin_user) -> None:
    from scheduling.services.reminders import reminder_cancel

    (reminder,) = reminders_of(visit)
    assert reminder_cancel(reminder=reminder, by=admin_user)
    reminders_sync(subject=visit)
    (reminder,) = reminders_of(visit)
    assert (reminder.status, reminder.reason) == ("cancelled", "cancelled by admin1")
