"""Working hours and time off through the services, in the admin and behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from scheduling.models import Appointment, TimeOff, WorkingHours
from scheduling.services import schedules
from tests.factories.scheduling import (
    AppointmentFactory,
    LocationFactory,
    PractitionerFactory,
    TimeOffFactory,
)
from tests.scheduling.conftest import NOW, la

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

UTC = dt.UTC
TIME_OFF_ADD = "/admin/scheduling/timeoff/add/"


def rule(practitioner: Any, weekday: int = 5, start: int = 9, end: int = 12, **extra: Any) -> dict:
    return {
        "practitioner": practitioner,
        "location": practitioner.location,
        "weekday": weekday,
        "start_time": dt.time(start),
        "end_time": dt.time(end),
        **extra,
    }


def refused_on(field: str, call: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field]


@pytest.fixture
def desk(receptionist) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(receptionist)
    return client


@pytest.fixture
def admin_client_(admin_user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(admin_user)
    return client


# --- working hours: services --------------------------------------------------------------


def test_working_hours_create_records_the_user(physician, receptionist) -> None:
    saturday = schedules.working_hours_create(data=rule(physician), by=receptionist)
    assert saturday.history.get().history_user == receptionist


def test_working_hours_must_end_after_start(physician) -> None:
    errors = refused_on(
        "end_time", schedules.working_hours_create, data=rule(physician, start=12, end=9)
    )
    assert errors == ["The end must be after the start."]
    assert not WorkingHours.objects.exists()


def test_working_hours_weekday_must_exist(physician) -> None:
    refused_on("weekday", schedules.working_hours_create, data=rule(physician, weekday=7))


def test_working_hours_validity_must_not_end_before_it_starts(physician) -> None:
    data = rule(physician, valid_from=dt.date(2027, 1, 1), valid_until=dt.date(2026, 12, 1))
    refused_on("valid_until", schedules.working_hours_create, data=data)


def test_overlapping_rules_of_one_practitioner_are_refused(physician) -> None:
    schedules.working_hours_create(data=rule(physician, start=9, end=12))
    other_place = LocationFactory(name="Pasadena")
    errors = refused_on(
        "start_time",
        schedules.working_hours_create,
        data={**rule(physician, start=11, end=14), "location": other_place},
    )
    assert "overlaps" in errors[0]
    assert WorkingHours.objects.count() == 1


def test_touching_rules_other_days_other_people_and_other_periods_are_fine(physician) -> None:
    schedules.working_hours_create(data=rule(physician, start=9, end=12))
    schedules.working_hours_create(data=rule(physician, start=12, end=15))  # touches
    schedules.working_hours_create(data=rule(physician, weekday=6, start=9, end=12))
    schedules.working_hours_create(data=rule(PractitionerFactory(), start=9, end=12))
    summer = {"valid_from": dt.date(2027, 6, 1), "valid_until": dt.date(2027, 8, 31)}
    winter = {"valid_from": dt.date(2027, 9, 1)}
    schedules.working_hours_create(data=rule(physician, weekday=3, **summer))
    schedules.working_hours_create(data=rule(physician, weekday=3, start=8, end=17, **winter))
    assert WorkingHours.objects.count() == 6
    refused_on(  # open-ended overlaps both periods
        "start_time", schedules.working_hours_create, data=rule(physician, weekday=3, start=10)
    )


def test_working_hours_update_checks_against_the_other_rules(physician, receptionist) -> None:
    morning = schedules.working_hours_create(data=rule(physician, start=9, end=12))
    schedules.working_hours_create(data=rule(physician, start=13, end=17))
    schedules.working_hours_update(
        working_hours=morning, data={"end_time": dt.time(13)}, by=receptionist
    )
    refused_on(
        "start_time",
        schedules.working_hours_update,
        working_hours=morning,
        data={"end_time": dt.time(14)},
    )
    morning.refresh_from_db()
    assert morning.end_time == dt.time(13)
    assert morning.history.first().history_user == receptionist


# --- time off: services -------------------------------------------------------------------


def test_time_off_lists_the_active_appointments_inside_it_and_cancels_nothing(
    physician, patient_a, patient_b, receptionist
) -> None:
    inside = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    AppointmentFactory(
        patient=patient_b, practitioner=physician, start=la(2026, 12, 1, 10), status="cancelled"
    )
    AppointmentFactory(patient=patient_b, practitioner=physician, start=la(2026, 12, 2, 9))
    AppointmentFactory(start=la(2026, 12, 1, 9))  # someone else's patient and practitioner
    saved = schedules.time_off_create(
        data={
            "practitioner": physician,
            "start": la(2026, 12, 1, 0),
            "end": la(2026, 12, 2, 0),
            "reason": "Conference",
        },
        by=receptionist,
    )
    assert saved.affected == [inside]
    inside.refresh_from_db()
    assert inside.status == "booked"
    assert saved.time_off.history.get().history_user == receptionist


def test_time_off_without_appointments_affects_nothing(physician) -> None:
    saved = schedules.time_off_create(
        data={"practitioner": physician, "start": la(2026, 12, 1, 0), "end": la(2026, 12, 2, 0)}
    )
    assert saved.affected == []


def test_time_off_must_end_after_start(physician) -> None:
    data = {"practitioner": physician, "start": la(2026, 12, 2, 0), "end": la(2026, 12, 1, 0)}
    assert refused_on("end", schedules.time_off_create, data=data) == [
        "The end must be after the start."
    ]


def test_time_off_needs_aware_times(physician) -> None:
    data = {
        "practitioner": physician,
        "start": dt.datetime(2026, 12, 1, 9),  # noqa: DTZ001 - the mistake under test
        "end": la(2026, 12, 1, 12),
    }
    refused_on("start", schedules.time_off_create, data=data)


def test_time_off_already_over_is_refused_but_ongoing_is_fine(physician) -> None:
    past = {"practitioner": physician, "start": NOW - dt.timedelta(days=2), "end": NOW}
    assert "already over" in refused_on("end", schedules.time_off_create, data=past)[0]
    ongoing = {**past, "end": NOW + dt.timedelta(hours=1)}
    assert schedules.time_off_create(data=ongoing).time_off.pk


def test_past_time_off_may_get_a_new_reason_but_not_new_past_times(physician) -> None:
    old = TimeOffFactory(
        practitioner=physician, start=NOW - dt.timedelta(days=3), end=NOW - dt.timedelta(days=2)
    )
    schedules.time_off_update(time_off=old, data={"reason": "Sick"})
    old.refresh_from_db()
    assert old.reason == "Sick"
    refused_on(
        "end",
        schedules.time_off_update,
        time_off=old,
        data={"end": NOW - dt.timedelta(days=1)},
    )


def test_moving_time_off_reports_the_appointments_it_now_covers(physician, patient_a) -> None:
    visit = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 3, 9))
    saved = schedules.time_off_create(
        data={"practitioner": physician, "start": la(2026, 12, 1, 0), "end": la(2026, 12, 2, 0)}
    )
    assert saved.affected == []
    moved = schedules.time_off_update(time_off=saved.time_off, data={"end": la(2026, 12, 4, 0)})
    assert moved.affected == [visit]


def test_time_off_delete_records_the_user(physician, receptionist) -> None:
    time_off = TimeOffFactory(practitioner=physician)
    schedules.time_off_delete(time_off=time_off, by=receptionist)
    assert not TimeOff.objects.exists()
    assert TimeOff.history.filter(history_type="-").get().history_user == receptionist


# --- the admin ----------------------------------------------------------------------------


def time_off_form(physician: Any, start: str, end: str, reason: str = "Course") -> dict:
    """The admin's split date/time widgets; the admin's clock is UTC."""
    (start_day, start_time), (end_day, end_time) = start.split(), end.split()
    return {
        "practitioner": physician.pk,
        "start_0": start_day,
        "start_1": start_time,
        "end_0": end_day,
        "end_1": end_time,
        "reason": reason,
        "_save": "Save",
    }


def test_reception_adding_time_off_sees_the_booked_patients(
    desk, physician, patient_a, receptionist
) -> None:
    visit = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    response = desk.post(
        TIME_OFF_ADD,
        time_off_form(physician, "2026-12-01 16:00", "2026-12-02 01:00"),
        follow=True,
    )
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "1 booked appointment(s), which were not cancelled" in warnings[0]
    assert f'<a href="/admin/scheduling/appointment/{visit.pk}/change/">' in warnings[0]
    assert str(patient_a).replace("'", "&#x27;") in warnings[0]
    assert "2026-12-01 09:00" in warnings[0]  # local time of the location
    assert f"/admin/scheduling/appointment/{visit.pk}/change/" in response.content.decode()
    time_off = TimeOff.objects.get()
    assert time_off.history.get().history_user == receptionist
    visit.refresh_from_db()
    assert visit.status == "booked"


def test_time_off_with_no_visits_saves_without_warning(desk, physician) -> None:
    response = desk.post(
        TIME_OFF_ADD, time_off_form(physician, "2026-12-01 16:00", "2026-12-02 01:00"), follow=True
    )
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert TimeOff.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-12-02 01:00", "2026-12-01 16:00", "The end must be after the start."),
        ("2026-11-20 08:00", "2026-11-21 08:00", "already over"),
    ],
)
def test_bad_time_off_is_a_form_error_not_a_500(desk, physician, start, end, message) -> None:  # noqa: ANN001
    response = desk.post(TIME_OFF_ADD, time_off_form(physician, start, end))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in str(form.errors["end"])
    assert not TimeOff.objects.exists()


def test_editing_time_off_in_the_admin_warns_again(desk, physician, patient_a) -> None:
    time_off = TimeOffFactory(
        practitioner=physician,
        start=dt.datetime(2026, 12, 1, 16, tzinfo=UTC),
        end=dt.datetime(2026, 12, 1, 17, tzinfo=UTC),
    )
    visit = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 11))
    response = desk.post(
        f"/admin/scheduling/timeoff/{time_off.pk}/change/",
        time_off_form(physician, "2026-12-01 16:00", "2026-12-01 20:00"),
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert f"/admin/scheduling/appointment/{visit.pk}/change/" in warnings[0]
    time_off.refresh_from_db()
    assert time_off.end == dt.datetime(2026, 12, 1, 20, tzinfo=UTC)


def posted(field: Any) -> dict[str, Any]:
    """What the browser posts for an unchanged field (split date/time widgets post two)."""
    value = field.value()
    widget = field.field.widget
    if hasattr(widget, "widgets"):
        parts = zip(widget.widgets, widget.decompress(value), strict=True)
        return {
            f"{field.html_name}_{n}": part.format_value(v) or ""
            for n, (part, v) in enumerate(parts)
        }
    return {field.html_name: "" if value in (None, False) else value}


def practitioner_form(client: Client, practitioner: Any) -> tuple[str, dict[str, Any]]:
    """The practitioner's change form as the browser would post it back unchanged."""
    url = f"/admin/scheduling/practitioner/{practitioner.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data: dict[str, Any] = {"_save": "Save"}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for row in formset.initial_forms:
            for name in row.fields:
                data.update(posted(row[name]))
    return url, data


def add_rows(data: dict[str, Any], prefix: str, rows: list[dict[str, Any]]) -> None:
    first = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{first + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = first + len(rows)


def hours_row(location: Any, weekday: int, start: str, end: str) -> dict[str, Any]:
    return {
        "location": location.pk,
        "weekday": weekday,
        "start_time": start,
        "end_time": end,
        "valid_from": "",
        "valid_until": "",
    }


def test_admin_adds_working_hours_through_the_service(admin_client_, physician, admin_user) -> None:
    url, data = practitioner_form(admin_client_, physician)
    add_rows(data, "working_hours", [hours_row(physician.location, 5, "09:00", "12:00")])
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    saturday = WorkingHours.objects.get(practitioner=physician, weekday=5)
    assert saturday.history.get().history_user == admin_user


def test_overlapping_rows_in_the_inline_are_form_errors(admin_client_, physician) -> None:
    url, data = practitioner_form(admin_client_, physician)
    add_rows(
        data,
        "working_hours",
        [
            hours_row(physician.location, 5, "09:00", "12:00"),
            hours_row(physician.location, 5, "11:00", "14:00"),
        ],
    )
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "overlaps another rule" in response.content.decode()
    assert not WorkingHours.objects.exists()


def test_overlap_with_a_stored_rule_is_a_form_error(admin_client_, physician) -> None:
    schedules.working_hours_create(data=rule(physician, weekday=5, start=9, end=12))
    url, data = practitioner_form(admin_client_, physician)
    add_rows(data, "working_hours", [hours_row(physician.location, 5, "10:00", "11:00")])
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "overlaps another rule" in response.content.decode()
    assert WorkingHours.objects.count() == 1


def test_inline_end_before_start_is_a_form_error(admin_client_, physician) -> None:
    url, data = practitioner_form(admin_client_, physician)
    add_rows(data, "working_hours", [hours_row(physician.location, 5, "12:00", "09:00")])
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()
    assert not WorkingHours.objects.exists()


def test_inline_time_off_warns_about_the_visits(admin_client_, physician, patient_a) -> None:
    visit = AppointmentFactory(patient=patient_a, practitioner=physician, start=la(2026, 12, 1, 9))
    url, data = practitioner_form(admin_client_, physician)
    add_rows(
        data,
        "time_off",
        [
            {
                "start_0": "2026-12-01",
                "start_1": "16:00",
                "end_0": "2026-12-01",
                "end_1": "20:00",
                "reason": "Dentist",
            }
        ],
    )
    response = admin_client_.post(url, data, follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert f"/admin/scheduling/appointment/{visit.pk}/change/" in warnings[0]
    assert TimeOff.objects.get().reason == "Dentist"
    assert Appointment.objects.get().status == "booked"


def test_inline_delete_goes_through_the_service(admin_client_, physician, admin_user) -> None:
    schedules.working_hours_create(data=rule(physician, weekday=5))
    url, data = practitioner_form(admin_client_, physician)
    data["working_hours-0-DELETE"] = "on"
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    assert not WorkingHours.objects.exists()
    gone = WorkingHours.history.filter(history_type="-").get()
    assert gone.history_user == admin_user


def test_moving_the_border_between_two_rules_saves(admin_client_, physician) -> None:
    morning = schedules.working_hours_create(data=rule(physician, weekday=5, start=8, end=12))
    afternoon = schedules.working_hours_create(data=rule(physician, weekday=5, start=12, end=17))
    url, data = practitioner_form(admin_client_, physician)
    rows = {data[f"working_hours-{n}-id"]: n for n in range(2)}
    data[f"working_hours-{rows[morning.pk]}-end_time"] = "13:00"
    data[f"working_hours-{rows[afternoon.pk]}-start_time"] = "13:00"
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    morning.refresh_from_db()
    afternoon.refresh_from_db()
    assert (morning.end_time, afternoon.start_time) == (dt.time(13), dt.time(13))


def test_past_time_off_does_not_block_saving_the_practitioner(admin_client_, physician) -> None:
    TimeOffFactory(
        practitioner=physician,
        start=NOW - dt.timedelta(days=3),
        end=NOW - dt.timedelta(days=2, microseconds=-1500),  # widgets post whole seconds
    )
    url, data = practitioner_form(admin_client_, physician)
    data["name"] = "Dr. Ada King"
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    physician.refresh_from_db()
    assert physician.name == "Dr. Ada King"
