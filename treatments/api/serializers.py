"""Shapes of the clinical records in the API (names as in API.md). No side effects here: the
services derive and validate the clinical rules."""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from clinic.api.fields import BoundedDateField
from treatments.domain.choices import BoneDensityCategory, DrugClass, ImagingStatus, Restriction
from treatments.domain.exercises import LIMITS, MAX_EXERCISES, NAME_MAX_LENGTH
from treatments.domain.levels import LEVELS
from treatments.domain.red_flags import RED_FLAGS
from treatments.models import (
    BracePrescription,
    Diagnosis,
    ImagingOrder,
    Medication,
    OutcomeMeasure,
    PTSession,
    RestPeriod,
)
from treatments.services.diagnoses import DIAGNOSIS_FIELDS
from treatments.services.medications import MEDICATION_FIELDS
from treatments.services.pt_sessions import PT_FIELDS


class NumberDecimalField(serializers.DecimalField):
    """Decimals rendered as JSON numbers (T-scores, percentages, scores)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(*args, **kwargs)


class ClinicalSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: NumberDecimalField,
        models.DateField: BoundedDateField,
    }


RECORD_META = ["id", "recorded_by", "created_at", "updated_at"]


class DiagnosisSerializer(ClinicalSerializer):
    icd10_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    vertebral_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=LEVELS), required=False, max_length=len(LEVELS)
    )
    red_flags = serializers.ListField(
        child=serializers.ChoiceField(choices=RED_FLAGS), required=False, max_length=len(RED_FLAGS)
    )

    class Meta:
        model = Diagnosis
        ref_name = "Diagnosis"
        fields = [*DIAGNOSIS_FIELDS, "urgency", *RECORD_META]
        read_only_fields = ["urgency", *RECORD_META]


IMAGING_ORDER_FIELDS = [
    "patient",
    "diagnosis",
    "modality",
    "body_region",
    "indication",
    "priority",
    "status",
    "scheduled_at",
    "completed_at",
    "reported_at",
    "cancelled_at",
]
IMAGING_RESULT_FIELDS = [
    "findings",
    "t_score",
    "z_score",
    "bmd_g_cm2",
    "site",
    "bone_density_category",
]


class ImagingOrderSerializer(ClinicalSerializer):
    status = serializers.ChoiceField(choices=ImagingStatus.choices, required=False)
    # "" until a DEXA result gives a category; declared so the schema says so (read-only
    # model fields lose allow_blank, and the schema then promised one of the categories).
    bone_density_category = serializers.ChoiceField(
        choices=BoneDensityCategory.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = ImagingOrder
        ref_name = "ImagingOrder"
        fields = [*IMAGING_ORDER_FIELDS, *IMAGING_RESULT_FIELDS, *RECORD_META]
        read_only_fields = [
            "scheduled_at",
            "completed_at",
            "reported_at",
            "cancelled_at",
            "bone_density_category",
            *RECORD_META,
        ]


class ImagingOrderScheduleSerializer(ImagingOrderSerializer):
    """What reception sees of an order: enough to schedule it, no results."""

    class Meta(ImagingOrderSerializer.Meta):
        ref_name = "ImagingOrderSchedule"
        fields = [*IMAGING_ORDER_FIELDS, *RECORD_META]


class BracePrescriptionSerializer(ClinicalSerializer):
    class Meta:
        model = BracePrescription
        ref_name = "BracePrescription"
        fields = [
            "patient",
            "diagnosis",
            "brace_type",
            "start_date",
            "duration_weeks",
            "hours_per_day",
            "end_date",
            "status",
            "notes",
            *RECORD_META,
        ]
        read_only_fields = ["end_date", *RECORD_META]


class RestPeriodSerializer(ClinicalSerializer):
    restrictions = serializers.ListField(
        child=serializers.ChoiceField(choices=Restriction.choices),
        required=False,
        max_length=len(Restriction.values),
    )

    class Meta:
        model = RestPeriod
        ref_name = "RestPeriod"
        fields = [
            "patient",
            "diagnosis",
            "starts_on",
            "ends_on",
            "restrictions",
            "notes",
            *RECORD_META,
        ]
        read_only_fields = RECORD_META


class MedicationSerializer(ClinicalSerializer):
    drug_class = serializers.ChoiceField(
        choices=DrugClass.choices, required=False, allow_blank=True
    )
    overdue = serializers.SerializerMethodField(
        help_text="Denosumab past its due date beyond the alert threshold."
    )

    class Meta:
        model = Medication
        ref_name = "Medication"
        fields = [*MEDICATION_FIELDS, "next_dose_due", "overdue", *RECORD_META]
        read_only_fields = ["next_dose_due", *RECORD_META]

    def get_overdue(self, medication: Medication) -> bool:
        return medication.is_overdue()


class ExerciseSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    sets = serializers.IntegerField(min_value=LIMITS["sets"][0], max_value=LIMITS["sets"][1])
    reps = serializers.IntegerField(
        min_value=LIMITS["reps"][0], max_value=LIMITS["reps"][1], required=False
    )
    hold_seconds = serializers.IntegerField(
        min_value=LIMITS["hold_seconds"][0], max_value=LIMITS["hold_seconds"][1], required=False
    )

    class Meta:
        ref_name = "PTExercise"


class PTSessionSerializer(ClinicalSerializer):
    exercises = ExerciseSerializer(many=True, required=False, max_length=MAX_EXERCISES)

    class Meta:
        model = PTSession
        ref_name = "PTSession"
        fields = [*PT_FIELDS, *RECORD_META]
        read_only_fields = RECORD_META
        extra_kwargs = {"therapist": {"required": False}}


class OutcomeMeasureSerializer(ClinicalSerializer):
    answers = serializers.JSONField(
        help_text="ODI: a list of 10 integers 0-5 or null. NPRS: one integer 0-10."
    )

    class Meta:
        model = OutcomeMeasure
        ref_name = "OutcomeMeasure"
        fields = ["patient", "instrument", "recorded_on", "answers", "score", "band", *RECORD_META]
        read_only_fields = ["score", "band", *RECORD_META]


class TrendPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    recorded_on = serializers.DateField()
    score = NumberDecimalField(max_digits=4, decimal_places=1)
    band = serializers.CharField()
    change = NumberDecimalField(max_digits=5, decimal_places=1)
    meaningful_change = serializers.BooleanField()

    class Meta:
        ref_name = "OutcomeTrendPoint"


class TrendSeriesSerializer(serializers.Serializer):
    baseline = NumberDecimalField(max_digits=4, decimal_places=1)
    threshold = serializers.CharField()
    points = TrendPointSerializer(many=True)

    class Meta:
        ref_name = "OutcomeTrendSeries"
