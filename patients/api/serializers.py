from __future__ import annotations

from rest_framework import serializers

from patients.domain import RISK_FACTORS
from patients.models import Patient


class PatientSerializer(serializers.ModelSerializer):
    # Typed numbers are normalised to E.164 by the model; allow room for spaces and dashes.
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    risk_factors = serializers.ListField(
        child=serializers.ChoiceField(choices=RISK_FACTORS),
        required=False,
        max_length=len(RISK_FACTORS),
    )
    age = serializers.IntegerField(read_only=True)

    class Meta:
        model = Patient
        ref_name = "Patient"
        fields = [
            "id",
            "mrn",
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "email",
            "phone",
            "preferred_channel",
            "consent_email",
            "consent_sms",
            "timezone",
            "risk_factors",
            "age",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["mrn", "archived_at", "created_at", "updated_at"]


class PatientPreferencesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patient
        ref_name = "PatientPreferences"
        fields = ["consent_email", "consent_sms", "preferred_channel"]
