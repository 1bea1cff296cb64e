from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from patients import services
from patients.models import Patient
from patients.selectors import patient_search


class ArchivedFilter(admin.SimpleListFilter):
    title = "record"
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("no", "Active"), ("yes", "Archived")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Patient]) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        return queryset


@admin.register(Patient)
class PatientAdmin(SimpleHistoryAdmin):
    list_display = [
        "mrn",
        "last_name",
        "first_name",
        "date_of_birth",
        "age",
        "phone",
        "email",
        "preferred_channel",
        "is_archived",
    ]
    list_display_links = ["mrn", "last_name"]
    list_filter = [ArchivedFilter, "sex", "preferred_channel", "consent_email", "consent_sms"]
    search_fields = ["last_name"]  # the real search is patient_search (see below)
    search_help_text = "Name, MRN, phone or email; several words narrow the search."
    readonly_fields = ["mrn", "archived_at", "created_at", "updated_at"]
    autocomplete_fields = ["user"]
    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over 100k rows on every page is wasted
    actions = ["archive_selected", "restore_selected"]
    fieldsets = [
        (None, {"fields": ["mrn", "first_name", "last_name", "date_of_birth", "sex"]}),
        ("Contact", {"fields": ["email", "phone", "timezone", "preferred_channel"]}),
        ("Consent", {"fields": ["consent_email", "consent_sms"]}),
        ("Clinical", {"fields": ["risk_factors"]}),
        ("Account", {"fields": ["user", "archived_at", "created_at", "updated_at"]}),
    ]

    @admin.display(boolean=True, description="archived")
    def is_archived(self, patient: Patient) -> bool:
        return patient.is_archived

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Patient], search_term: str
    ) -> tuple[QuerySet[Patient], bool]:
        if not search_term.strip():
            return queryset, False
        return patient_search(queryset, search_term), False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # patients are archived, never deleted

    def save_model(self, request: HttpRequest, obj: Patient, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if change:
            services.patient_update(patient=obj, data=data, by=request.user)
        else:
            created = services.patient_create(data=data, by=request.user)
            obj.pk, obj.mrn = created.pk, created.mrn

    @admin.action(description="Archive selected patients", permissions=["change"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[Patient]) -> None:
        for patient in queryset:
            services.patient_archive(patient=patient, by=request.user)
        self.message_user(request, f"Archived {queryset.count()} patient(s).", messages.SUCCESS)

    @admin.action(description="Restore selected patients", permissions=["change"])
    def restore_selected(self, request: HttpRequest, queryset: QuerySet[Patient]) -> None:
        for patient in queryset:
            services.patient_restore(patient=patient, by=request.user)
        self.message_user(request, f"Restored {queryset.count()} patient(s).", messages.SUCCESS)
