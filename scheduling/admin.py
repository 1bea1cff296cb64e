"""Reception's scheduling desk in the Django admin. Every write goes through the services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from simple_history.admin import SimpleHistoryAdmin

from clinic.exceptions import DomainError
from scheduling.admin_schedules import ScheduleFormsetsMixin, TimeOffInline, WorkingHoursInline
from scheduling.models import (
    Appointment,
    AppointmentType,
    CalendarFeed,
    Location,
    LocationDayView,
    Practitioner,
    Room,
    WorkingHours,
)
from scheduling.selectors.appointments import appointments_of_day
from scheduling.selectors.availability import availability_search
from scheduling.services import appointments as services
from scheduling.services.calendars import (
    calendar_feed_issue,
    calendar_feed_revoke,
    calendar_feed_url,
)

NEXT_SLOTS_DAYS = 21
LOCAL_FORMAT = "%Y-%m-%d %H:%M"


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "address", "phone", "day_view"]
    search_fields = ["name", "address"]

    @admin.display(description="day view")
    def day_view(self, location: Location) -> str:
        from django.utils.html import format_html

        url = (
            reverse("admin:scheduling_appointment_day") + "?" + urlencode({"location": location.pk})
        )
        return format_html('<a href="{}">today</a>', url)


class CalendarFeedInline(admin.TabularInline):
    model = CalendarFeed
    extra = 0
    fields = ["created_at", "revoked_at"]
    readonly_fields = ["created_at", "revoked_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued by the action, which shows the secret link once


@admin.register(Practitioner)
class PractitionerAdmin(ScheduleFormsetsMixin, SimpleHistoryAdmin):
    list_display = ["name", "discipline", "location", "is_active"]
    list_filter = ["discipline", "location", "is_active"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["user"]
    inlines = [WorkingHoursInline, TimeOffInline, CalendarFeedInline]
    actions = ["issue_calendar_link", "revoke_calendar_links"]

    @admin.action(description="Issue an iCal link (shown once)", permissions=["change"])
    def issue_calendar_link(self, request: HttpRequest, queryset: QuerySet) -> None:
        for practitioner in queryset:
            token = calendar_feed_issue(practitioner=practitioner, by=request.user)
            self.message_user(
                request, f"{practitioner.name}: {calendar_feed_url(token)}", messages.SUCCESS
            )

    @admin.action(description="Revoke all iCal links", permissions=["change"])
    def revoke_calendar_links(self, request: HttpRequest, queryset: QuerySet) -> None:
        feeds = CalendarFeed.objects.filter(practitioner__in=queryset, revoked_at__isnull=True)
        for feed in feeds:
            calendar_feed_revoke(feed=feed, by=request.user)
        self.message_user(request, "iCal links revoked.", messages.SUCCESS)


@admin.register(AppointmentType)
class AppointmentTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "duration_minutes", "disciplines", "patient_bookable"]
    list_filter = ["is_active", "patient_bookable"]
    search_fields = ["name", "code"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "is_active"]
    list_filter = ["location", "is_active"]


def _zone(practitioner: Practitioner | None, location: Location | None) -> zoneinfo.ZoneInfo:
    place = location or (practitioner.location if practitioner else None)
    return zoneinfo.ZoneInfo(place.timezone if place else "UTC")


class AppointmentAdminForm(forms.ModelForm):
    """Books or moves through the services; their refusals become errors on this form.

    `start` is typed in the local time of the appointment's location.
    """

    start = forms.DateTimeField(
        input_formats=[LOCAL_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text="Local time of the location, YYYY-MM-DD HH:MM. "
        'See "Next free slots" above for suggestions.',
        widget=forms.TextInput(attrs={"placeholder": "2026-12-01 09:00"}),
    )

    class Meta:
        model = Appointment
        fields = ["patient", "practitioner", "appointment_type", "location", "room", "reason"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        if "location" in self.fields:
            self.fields["location"].required = False
            self.fields["location"].help_text = "Empty: where the practitioner works then."
        if self.instance.pk:
            tz = _zone(None, self.instance.location)
            self.initial["start"] = self.instance.start.astimezone(tz).strftime(LOCAL_FORMAT)

    def _local_start(self) -> dt.datetime:
        typed = timezone.make_naive(self.cleaned_data["start"], dt.UTC)  # the digits typed
        data = self.cleaned_data
        place = data.get("location") or (self.instance.location if self.instance.pk else None)
        tz = _zone(data.get("practitioner") or self.instance.practitioner, place)
        return typed.replace(tzinfo=tz)

    def _post_clean(self) -> None:
        if self.errors:
            return
        by = self.request.user if self.request else None
        try:
            self.instance = self._save_through_service(by)
        except ValidationError as exc:
            self._add_service_errors(exc)
        except DomainError as exc:
            self.add_error(None, exc.detail)

    def _save_through_service(self, by: Any) -> Appointment:
        data = self.cleaned_data
        if self.instance.pk is None:
            return services.appointment_book(
                patient=data["patient"],
                practitioner=data["practitioner"],
                appointment_type=data["appointment_type"],
                start=self._local_start(),
                location=data.get("location"),
                room=data.get("room"),
                reason=data.get("reason", ""),
                by=by,
            )
        appointment = self.instance
        if self._local_start() != appointment.start:
            appointment = services.appointment_reschedule(
                appointment=appointment, start=self._local_start(), by=by
            )
        if data.get("reason", "") != appointment.reason:
            appointment = services.appointment_update(
                appointment=appointment, reason=data.get("reason", ""), by=by
            )
        return appointment

    def _add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)


class DayFilter(admin.SimpleListFilter):
    """Days in the clinic's time zone (the admin's own clock is UTC)."""

    title = "date"
    parameter_name = "day"
    periods = {  # value -> (label, first day from today, number of days)
        "yesterday": ("Yesterday", -1, 1),
        "today": ("Today", 0, 1),
        "tomorrow": ("Tomorrow", 1, 1),
        "next7": ("Next 7 days", 0, 7),
        "past7": ("Past 7 days", -7, 7),
    }

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(value, label) for value, (label, _, _) in self.periods.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in self.periods:
            return queryset
        _label, offset, length = self.periods[self.value()]
        tz = zoneinfo.ZoneInfo(settings.CLINIC_TIMEZONE)
        first = timezone.localdate(timezone=tz) + dt.timedelta(days=offset)
        begin = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
        end = dt.datetime.combine(first + dt.timedelta(days=length), dt.time(0), tzinfo=tz)
        return queryset.filter(start__gte=begin, start__lt=end)


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    form = AppointmentAdminForm
    list_display = ["start", "patient", "practitioner", "appointment_type", "location", "status"]
    list_filter = ["status", "practitioner", "location", DayFilter]
    list_select_related = ["patient", "practitioner", "appointment_type", "location"]
    search_fields = ["patient__last_name", "patient__mrn"]
    autocomplete_fields = ["patient", "practitioner"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["mark_arrived", "mark_no_show", "cancel_selected"]
    readonly_fields = ["status", "end", "cancel_reason", "created_by", "created_at"]
    change_form_template = "admin/scheduling/appointment/change_form.html"

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # noqa: ANN201
        form_class = super().get_form(request, obj, change, **kwargs)

        class WithRequest(form_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **inner: Any) -> None:
                super().__init__(*args, request=request, **inner)

        return WithRequest

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        editable = ["patient", "practitioner", "appointment_type", "location", "room"]
        if obj is None:
            return [*editable, "start", "reason"]
        return [*editable, "start", "end", "reason", "status", "cancel_reason", "created_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            "patient",
            "practitioner",
            "appointment_type",
            "location",
            "room",
            *self.readonly_fields,
        ]

    def save_model(self, request: HttpRequest, obj: Appointment, form: Any, change: bool) -> None:
        """The form already saved through the service (see AppointmentAdminForm._post_clean)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # appointments are cancelled, never deleted

    def get_urls(self) -> list:
        own = [
            path(
                "day/",
                self.admin_site.admin_view(self.day_view),
                name="scheduling_appointment_day",
            ),
            path(
                "next-slots/",
                self.admin_site.admin_view(self.next_slots_view),
                name="scheduling_appointment_next_slots",
            ),
        ]
        return own + super().get_urls()

    def _transition(self, request: HttpRequest, queryset: QuerySet, verb: str, **kw: Any) -> None:
        done, refused = 0, []
        for appointment in queryset:
            try:
                getattr(services, f"appointment_{verb}")(
                    appointment=appointment, by=request.user, **kw
                )
                done += 1
            except (DomainError, ValidationError) as exc:
                refused.append(f"{appointment}: {getattr(exc, 'detail', exc)}")
        self.message_user(request, f"{done} appointment(s) updated.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Mark arrived", permissions=["change"])
    def mark_arrived(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition(request, queryset, "arrive")

    @admin.action(description="Mark no-show", permissions=["change"])
    def mark_no_show(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition(request, queryset, "no_show")

    @admin.action(description="Cancel (reason: cancelled at reception)", permissions=["change"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._transition(request, queryset, "cancel", reason="Cancelled at reception")

    def next_slots_view(self, request: HttpRequest) -> HttpResponse:
        """The next free slots of one practitioner for one type, each a link to book it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        practitioners = Practitioner.objects.filter(is_active=True).select_related("location")
        kinds = AppointmentType.objects.filter(is_active=True)
        practitioner = _pick(practitioners, request.GET.get("practitioner"))
        kind = _pick(kinds, request.GET.get("appointment_type"))
        slots = []
        if practitioner and kind:
            now = timezone.now()
            tz = _zone(practitioner, None)
            for slot in availability_search(
                appointment_type=kind,
                start=now,
                end=now + dt.timedelta(days=NEXT_SLOTS_DAYS),
                practitioner=practitioner,
                limit=12,
            ):
                local = slot.start.astimezone(tz).strftime(LOCAL_FORMAT)
                query = {
                    "practitioner": practitioner.pk,
                    "appointment_type": kind.pk,
                    "start": local,
                }
                if request.GET.get("patient", "").isdigit():
                    query["patient"] = request.GET["patient"]
                add = reverse("admin:scheduling_appointment_add") + "?" + urlencode(query)
                slots.append({"local": local, "url": add})
        context = {
            **self.admin_site.each_context(request),
            "title": "Next free slots",
            "practitioners": practitioners,
            "kinds": kinds,
            "practitioner": practitioner,
            "kind": kind,
            "slots": slots,
            "patient": request.GET.get("patient", ""),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/scheduling/appointment/next_slots.html", context)

    def day_view(self, request: HttpRequest) -> HttpResponse:
        """One location, one local day: practitioners side by side, times down the page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        locations = Location.objects.all()
        location = _pick(locations, request.GET.get("location")) or locations.first()
        if location is None:
            return HttpResponseRedirect(reverse("admin:scheduling_location_add"))
        tz = zoneinfo.ZoneInfo(location.timezone)
        try:
            day = dt.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate(timezone=tz)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{location.name}, {day:%A %d %B %Y}",
            "locations": locations,
            "location": location,
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "opts": self.model._meta,
            **_day_grid(location, day, tz),
        }
        return TemplateResponse(request, "admin/scheduling/appointment/day_view.html", context)


def _pick(queryset: QuerySet, raw: str | None) -> Any:
    return queryset.filter(pk=int(raw)).first() if raw and raw.isdigit() and len(raw) < 19 else None


def _day_grid(location: Location, day: dt.date, tz: zoneinfo.ZoneInfo) -> dict[str, Any]:
    """Rows of 15 minutes from the earliest to the latest working or booked time."""
    appointments = list(appointments_of_day(location=location, day=day, tz=tz))
    rules = WorkingHours.objects.filter(location=location, weekday=day.weekday())
    doctor_ids = {a.practitioner_id for a in appointments} | {r.practitioner_id for r in rules}
    columns = list(Practitioner.objects.filter(pk__in=doctor_ids).order_by("name"))
    times = [r.start_time for r in rules] + [a.start.astimezone(tz).time() for a in appointments]
    ends = [r.end_time for r in rules] + [a.end.astimezone(tz).time() for a in appointments]
    first = min(times, default=dt.time(8)).replace(minute=0)
    last = max(ends, default=dt.time(17))
    step = dt.timedelta(minutes=15)
    cursor = dt.datetime.combine(day, first, tzinfo=tz)
    stop = dt.datetime.combine(day, last, tzinfo=tz)
    by_doctor: dict[int, list[Appointment]] = {doctor.pk: [] for doctor in columns}
    for appointment in appointments:
        by_doctor[appointment.practitioner_id].append(appointment)
    rows = []
    while cursor < stop:
        cells = []
        for doctor in columns:
            here = [a for a in by_doctor[doctor.pk] if a.start < cursor + step and a.end > cursor]
            starts = [a for a in here if a.start >= cursor]
            cells.append({"starts": starts, "busy": bool(here)})
        rows.append({"time": cursor.strftime("%H:%M"), "cells": cells})
        cursor = (cursor.astimezone(dt.UTC) + step).astimezone(tz)
    return {"columns": columns, "rows": rows}


@admin.register(LocationDayView)
class LocationDayViewAdmin(admin.ModelAdmin):
    """The admin index entry of the day view: its list page is the day view."""

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:scheduling_appointment_day"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


from scheduling import admin_reminders  # noqa: E402, F401
