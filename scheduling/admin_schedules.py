"""Working hours and time off in the admin: the forms run the services' checks, saves go through
the services (scheduling.services.schedules), and time off warns about the visits it overlaps.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField, construct_instance
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from scheduling.models import TimeOff, WorkingHours
from scheduling.services import schedules

LOCAL_FORMAT = "%Y-%m-%d %H:%M"


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when shown, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ServiceCheckedForm(forms.ModelForm):
    """Validates with the service's own rules instead of only the model's, so that whatever
    the service would refuse on save is an error on this form (never a 500 after it)."""

    def service_check(self, exclude: set[str]) -> None:
        raise NotImplementedError

    def _post_clean(self) -> None:
        exclude = self._get_validation_exclusions()
        # The inline's practitioner may not exist yet (a new practitioner); Django skips it too.
        exclude |= {n for n, f in self.fields.items() if isinstance(f, InlineForeignKeyField)}
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as exc:
            self._update_errors(exc)
        if self.errors:
            return
        try:
            self.service_check(exclude)
        except ValidationError as exc:
            _add_errors(self, exc)


class WorkingHoursForm(ServiceCheckedForm):
    class Meta:
        model = WorkingHours
        fields = ["location", "weekday", "start_time", "end_time", "valid_from", "valid_until"]

    def service_check(self, exclude: set[str]) -> None:
        # Overlaps are checked by the formset: it holds every rule of the practitioner.
        schedules.working_hours_validate(self.instance, others=[], exclude=exclude)


class WorkingHoursFormSet(BaseInlineFormSet):
    """The practitioner's rules as they will be after saving must not overlap each other."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.errors and not self._should_delete_form(form)
        ]
        for index, form in enumerate(kept):
            for other in kept[:index]:
                if schedules.working_hours_overlap(form.instance, other.instance):
                    form.add_error(
                        "start_time",
                        f"This overlaps another rule of the practitioner: {other.instance}.",
                    )
                    break


class TimeOffForm(ServiceCheckedForm):
    class Meta:
        model = TimeOff
        fields = ["practitioner", "start", "end", "reason"]

    def service_check(self, exclude: set[str]) -> None:
        schedules.time_off_validate(self.instance, exclude=exclude)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    form = WorkingHoursForm
    formset = WorkingHoursFormSet
    extra = 0
    fields = ["location", "weekday", "start_time", "end_time", "valid_from", "valid_until"]


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    form = TimeOffForm
    extra = 0
    fields = ["start", "end", "reason"]


def warn_affected(
    model_admin: admin.ModelAdmin, request: HttpRequest, saved: schedules.TimeOffSaved
) -> None:
    """Tell reception which booked visits fall inside the time off (nothing was cancelled)."""
    if not saved.affected:
        return
    links = format_html_join(
        "; ",
        '<a href="{}">{} at {}</a>',
        (
            (
                reverse("admin:scheduling_appointment_change", args=[appointment.pk]),
                appointment.patient,
                appointment.start.astimezone(
                    zoneinfo.ZoneInfo(appointment.location.timezone)
                ).strftime(LOCAL_FORMAT),
            )
            for appointment in saved.affected
        ),
    )
    model_admin.message_user(
        request,
        format_html(
            "{} overlaps {} booked appointment(s), which were not cancelled; "
            "move or cancel them with the patients: {}",
            saved.time_off,
            len(saved.affected),
            links,
        ),
        messages.WARNING,
    )


class ScheduleFormsetsMixin:
    """For the practitioner admin: its working-hours and time-off inlines save via services."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model not in (WorkingHours, TimeOff):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        rows = formset.save(commit=False)  # builds the rows, writes nothing
        for row in formset.deleted_objects:
            _delete(row, request.user)
        # The formset checked the rules as they will be; saved one by one, an edit of two rules
        # (08-12 + 12-17 -> 08-13 + 13-17) overlaps halfway, so a refused row waits its turn.
        while rows:
            refused: list[tuple[Any, ValidationError]] = []
            for row in rows:
                try:
                    self._save_row(request, row)
                except ValidationError as exc:
                    refused.append((row, exc))
            if len(refused) == len(rows):  # only if someone changed the schedule meanwhile
                transaction.set_rollback(True)
                self.message_user(  # type: ignore[attr-defined]
                    request, f"Nothing was saved: {refused[0][1].messages[0]}", messages.ERROR
                )
                return
            rows = [row for row, _exc in refused]

    def _save_row(self, request: HttpRequest, row: WorkingHours | TimeOff) -> None:
        if isinstance(row, WorkingHours):
            _working_hours_save(row, request.user)
        else:
            warn_affected(self, request, _time_off_save(row, request.user))  # type: ignore[arg-type]


def _delete(row: WorkingHours | TimeOff, by: Any) -> None:
    if isinstance(row, WorkingHours):
        schedules.working_hours_delete(working_hours=row, by=by)
    else:
        schedules.time_off_delete(time_off=row, by=by)


def _working_hours_save(row: WorkingHours, by: Any) -> WorkingHours:
    data = {name: getattr(row, name) for name in schedules.WORKING_HOURS_FIELDS}
    if row.pk is None:
        created = schedules.working_hours_create(data=data, by=by)
        row.pk = created.pk  # the admin's change message and log name the new row
        return created
    return schedules.working_hours_update(working_hours=row, data=data, by=by)


def _time_off_save(row: TimeOff, by: Any) -> schedules.TimeOffSaved:
    data = {name: getattr(row, name) for name in schedules.TIME_OFF_FIELDS}
    if row.pk is None:
        saved = schedules.time_off_create(data=data, by=by)
        row.pk = saved.time_off.pk
        return saved
    return schedules.time_off_update(time_off=row, data=data, by=by)


@admin.register(TimeOff)
class TimeOffAdmin(SimpleHistoryAdmin):
    form = TimeOffForm
    list_display = ["practitioner", "start", "end", "reason"]
    list_filter = ["practitioner"]
    autocomplete_fields = ["practitioner"]

    def save_model(self, request: HttpRequest, obj: TimeOff, form: Any, change: bool) -> None:
        warn_affected(self, request, _time_off_save(obj, request.user))

    def delete_model(self, request: HttpRequest, obj: TimeOff) -> None:
        schedules.time_off_delete(time_off=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for time_off in queryset:
            schedules.time_off_delete(time_off=time_off, by=request.user)
