from __future__ import annotations

from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)

    class Meta:
        ref_name = "TokenRequest"


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()

    class Meta:
        ref_name = "TokenResponse"


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    is_admin = serializers.BooleanField()
    patient = serializers.IntegerField(allow_null=True)
    practitioner = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "Me"


class HealthSerializer(serializers.Serializer):
    status = serializers.CharField()
    database = serializers.CharField()
    broker = serializers.CharField()

    class Meta:
        ref_name = "Health"
