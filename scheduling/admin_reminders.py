"""Reminders in the admin: read-only rows with filters, "send now" and "cancel" actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from scheduling.models.reminders import Reminder, ReminderAttempt, ReminderStatus
from scheduling.services import reminders as services


class NeedsAttentionFilter(admin.SimpleListFilter):
    """Failed reminders and SMS the carrier could not deliver, in one click."""

    title = "attention"
    parameter_name = "attention"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", "Failed or undelivered")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(status=ReminderStatus.FAILED) | queryset.filter(
                delivery_status__in=["failed", "undelivered"]
            )
        return queryset


class ReminderAttemptInline(admin.TabularInline):
    model = ReminderAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "channel", "outcome", "error", "provider_message_id"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["id", "patient", "kind", "channel", "due_at", "status", "attempts", "sent_at"]
    list_filter = [NeedsAttentionFilter, "status", "kind", "channel", "due_at", "delivery_status"]
    list_select_related = ["patient"]
    date_hierarchy = "due_at"
    search_fields = ["patient__last_name", "patient__mrn", "last_error"]
    ordering = ["-due_at"]
    list_per_page = 50
    show_full_result_count = False
    inlines = [ReminderAttemptInline]
    actions = ["send_now", "cancel"]
    readonly_fields = [field.name for field in Reminder._meta.fields] + ["subject"]
    exclude = ["content_type", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reminders are planned by the services, never typed in

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Send now (next sweep)", permissions=["change"])
    def send_now(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        done = sum(services.reminder_send_now(reminder=row, by=request.user) for row in queryset)
        self.message_user(request, f"{done} reminder(s) due now.", messages.SUCCESS)

    @admin.action(description="Cancel", permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        done = sum(services.reminder_cancel(reminder=row, by=request.user) for row in queryset)
        self.message_user(request, f"{done} reminder(s) cancelled.", messages.SUCCESS)
