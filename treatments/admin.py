"""Clinical records in the Django admin. Every save goes through the same services as the API;
forms check the same model rules (transition tables, overlap) first so errors show on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from clinic.exceptions import DomainError
from clinic.roles import is_admin
from treatments import selectors
from treatments.domain.choices import Urgency
from treatments.models import (
    BracePrescription,
    Diagnosis,
    ImagingOrder,
    Medication,
    OutcomeMeasure,
    PTSession,
    RestPeriod,
)
from treatments.models.imaging import RESULT_FIELDS
from treatments.services import (
    braces,
    diagnoses,
    imaging,
    medications,
    outcomes,
    pt_sessions,
    rest_periods,
)
from treatments.services.common import is_clinician

RECORD_READONLY = ["recorded_by", "created_at", "updated_at"]


class ClinicalRecordAdmin(SimpleHistoryAdmin):
    create_service: ClassVar[Callable[..., Any]]
    update_service: ClassVar[Callable[..., Any]]
    instance_kwarg: ClassVar[str]
    autocomplete_fields = ["patient"]
    list_select_related = ["patient"]
    search_fields = ["patient__last_name", "patient__first_name", "patient__mrn"]
    list_per_page = 50

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        derived = [f.name for f in self.model._meta.fields if not f.editable and f.name != "id"]
        readonly = list(dict.fromkeys([*super().get_readonly_fields(request, obj), *derived]))
        if obj is not None and "patient" not in readonly:
            readonly.append("patient")  # a record never moves to another patient
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # clinical records are amended, never deleted; history keeps each version

    def save_model(self, request: HttpRequest, obj: Any, form: forms.Form, change: bool) -> None:
        data = dict(form.cleaned_data)
        service = type(self).update_service if change else type(self).create_service
        kwargs = {self.instance_kwarg: obj} if change else {}
        try:
            saved = service(**kwargs, data=data, by=request.user)
        except DomainError as exc:  # a race the form could not see (e.g. two edits at once)
            self.message_user(request, exc.detail, messages.ERROR)
            return
        except ValidationError as exc:  # the same: the form validated an older state
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        obj.pk = saved.pk
        obj.refresh_from_db()


class FlaggedFilter(admin.SimpleListFilter):
    title = "red flags"
    parameter_name = "urgent"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("yes", "Flagged (urgent or emergency)"),
            ("emergency", "Emergency"),
            ("no", "None"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(urgency=Urgency.ROUTINE)
        if self.value() == "emergency":
            return queryset.filter(urgency=Urgency.EMERGENCY)
        if self.value() == "no":
            return queryset.filter(urgency=Urgency.ROUTINE)
        return queryset


@admin.register(Diagnosis)
class DiagnosisAdmin(ClinicalRecordAdmin):
    create_service = diagnoses.diagnosis_create
    update_service = diagnoses.diagnosis_update
    instance_kwarg = "diagnosis"
    list_display = [
        "urgency",
        "patient",
        "icd10_code",
        "condition",
        "levels",
        "status",
        "diagnosed_on",
        "grade",
    ]
    list_display_links = ["icd10_code", "condition"]
    list_filter = [FlaggedFilter, "status", "condition", "care_phase"]
    search_fields = [*ClinicalRecordAdmin.search_fields, "icd10_code"]
    date_hierarchy = "diagnosed_on"
    fieldsets = [
        (None, {"fields": ["patient", "condition", "cause", "diagnosed_on", "status"]}),
        (
            "Coding",
            {
                "fields": ["icd10_code", "vertebral_levels", "care_phase", "fracture_type"],
                "description": "Leave the code blank to derive it from the facts.",
            },
        ),
        (
            "Grades",
            {"fields": ["slip_percent", "meyerding_grade", "height_loss_percent", "genant_grade"]},
        ),
        ("Red flags", {"fields": ["red_flags", "urgency"]}),
        ("Notes", {"fields": ["notes", *RECORD_READONLY]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.diagnosis_list(user=request.user).select_related("patient")

    def get_ordering(self, request: HttpRequest) -> list:
        return [selectors.urgency_rank().asc(), "-diagnosed_on", "-id"]  # flagged first

    @admin.display(description="levels")
    def levels(self, diagnosis: Diagnosis) -> str:
        return ", ".join(diagnosis.vertebral_levels or [])

    @admin.display(description="grade")
    def grade(self, diagnosis: Diagnosis) -> str:
        if diagnosis.meyerding_grade:
            return f"Meyerding {diagnosis.meyerding_grade}"
        if diagnosis.genant_grade is not None:
            return f"Genant {diagnosis.genant_grade}"
        return "-"


class StatusTransitionForm(forms.ModelForm):
    """Refuses a status change the model's transition table forbids, on the form."""

    def clean_status(self) -> str:
        new = self.cleaned_data["status"]
        old = self.instance.status if self.instance.pk else None
        if old is not None and not self.instance.can_change_status(old, new):
            raise forms.ValidationError(f"The status cannot go from {old} to {new}.")
        return new


@admin.register(ImagingOrder)
class ImagingOrderAdmin(ClinicalRecordAdmin):
    form = StatusTransitionForm
    create_service = imaging.imaging_order_create
    update_service = imaging.imaging_order_update
    instance_kwarg = "order"
    list_display = [
        "patient",
        "modality",
        "body_region",
        "priority",
        "status",
        "created_at",
        "bone_density_category",
    ]
    list_filter = ["status", "modality", "priority", "bone_density_category"]
    raw_id_fields = ["diagnosis"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.imaging_order_list(user=request.user).select_related("patient")

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if selectors.sees_imaging_results(request.user):
            return []
        return [*RESULT_FIELDS, "bone_density_category"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = super().get_readonly_fields(request, obj)
        if not is_clinician(request.user):  # reception moves the schedule, nothing else
            fields = [f.name for f in self.model._meta.fields if f.editable and f.name != "id"]
            readonly += [name for name in fields if name not in ("status", *readonly)]
        return [f for f in readonly if f not in self.get_exclude(request, obj)]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and is_clinician(request.user)


@admin.register(BracePrescription)
class BracePrescriptionAdmin(ClinicalRecordAdmin):
    form = StatusTransitionForm
    create_service = braces.brace_prescription_create
    update_service = braces.brace_prescription_update
    instance_kwarg = "brace"
    list_display = [
        "patient",
        "brace_type",
        "start_date",
        "duration_weeks",
        "hours_per_day",
        "end_date",
        "status",
    ]
    list_filter = ["status", "brace_type"]
    raw_id_fields = ["diagnosis"]
    date_hierarchy = "start_date"


class RestPeriodForm(forms.ModelForm):
    def _post_clean(self) -> None:
        super()._post_clean()
        if not self.errors and self.instance.overlapping().exists():
            self.add_error(None, "This rest period overlaps another one of the same diagnosis.")


@admin.register(RestPeriod)
class RestPeriodAdmin(ClinicalRecordAdmin):
    form = RestPeriodForm
    create_service = rest_periods.rest_period_create
    update_service = rest_periods.rest_period_update
    instance_kwarg = "rest_period"
    list_display = ["patient", "diagnosis", "starts_on", "ends_on", "restriction_list"]
    raw_id_fields = ["diagnosis"]
    date_hierarchy = "starts_on"

    @admin.display(description="restrictions")
    def restriction_list(self, rest_period: RestPeriod) -> str:
        return ", ".join(rest_period.restrictions or [])


class DenosumabOverdueFilter(admin.SimpleListFilter):
    title = "dose overdue"
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", "Denosumab overdue")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.denosumab_overdue(today=timezone.localdate())
        return queryset


@admin.register(Medication)
class MedicationAdmin(ClinicalRecordAdmin):
    create_service = medications.medication_create
    update_service = medications.medication_update
    instance_kwarg = "medication"
    list_display = [
        "patient",
        "drug",
        "drug_class",
        "dose",
        "interval_days",
        "last_dose_on",
        "next_dose_due",
        "overdue",
        "ended_on",
    ]
    list_filter = [DenosumabOverdueFilter, "drug_class", "drug"]
    search_fields = [*ClinicalRecordAdmin.search_fields, "drug"]

    @admin.display(boolean=True, description="overdue")
    def overdue(self, medication: Medication) -> bool:
        return medication.is_overdue()


@admin.register(PTSession)
class PTSessionAdmin(ClinicalRecordAdmin):
    create_service = pt_sessions.pt_session_create
    update_service = pt_sessions.pt_session_update
    instance_kwarg = "session"
    list_display = [
        "patient",
        "therapist",
        "started_at",
        "duration_minutes",
        "phase",
        "pain_before",
        "pain_after",
    ]
    list_filter = ["phase", "therapist"]
    list_select_related = ["patient", "therapist"]
    autocomplete_fields = ["patient", "therapist"]
    raw_id_fields = ["appointment"]
    date_hierarchy = "started_at"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or is_admin(request.user):
            return allowed
        return allowed and obj.therapist.user_id == request.user.pk  # own sessions only

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.Field:
        practitioner = getattr(request.user, "practitioner", None)
        if db_field.name == "therapist" and practitioner and not is_admin(request.user):
            kwargs["queryset"] = type(practitioner).objects.filter(pk=practitioner.pk)
            kwargs["initial"] = practitioner.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        if is_admin(request.user) or getattr(request.user, "practitioner", None) is None:
            return ["patient", "therapist"]
        return ["patient"]  # a therapist records only their own sessions


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(ClinicalRecordAdmin):
    create_service = outcomes.outcome_measure_create
    update_service = outcomes.outcome_measure_update
    instance_kwarg = "measure"
    list_display = ["patient", "instrument", "recorded_on", "score", "band"]
    list_filter = ["instrument", "band"]
    date_hierarchy = "recorded_on"
