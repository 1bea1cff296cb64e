from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLResolver
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from clinic import health, services
from clinic.api.scoping import patient_id_of
from clinic.api.serializers import (
    HealthSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from clinic.models import ApiToken
from clinic.roles import is_admin, user_roles


class ApiRootView(APIView):
    """The index of /api/v1/: every collection, by name."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        from clinic.urls import api_v1

        links: dict[str, str] = {}
        for name in sorted(_list_route_names(api_v1)):
            links[name.removesuffix("-list")] = reverse(name, request=request)
        return Response(links)


def _list_route_names(patterns: list) -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names.extend(_list_route_names(pattern.url_patterns))
        elif pattern.name and pattern.name.endswith("-list"):
            names.append(pattern.name)
    return names


class LoginRateThrottle(AnonRateThrottle):
    """A ceiling on all login attempts per address, on top of the per-user failure limit."""

    scope = "login"
    rate = "60/min"


class TokenView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = services.credentials_check(
            username=body.validated_data["username"],
            password=body.validated_data["password"],
            ip=request.META.get("REMOTE_ADDR", ""),
        )
        if user is None:
            return Response(
                {"detail": "Wrong username or password."}, status=status.HTTP_401_UNAUTHORIZED
            )
        issued = services.token_issue(user=user)
        data = {"token": issued.token, "expires_at": issued.expires_at}
        return Response(TokenResponseSerializer(data).data)


class LogoutView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = request.user
        practitioner = getattr(user, "practitioner", None)
        data = {
            "username": user.get_username(),
            "roles": sorted(user_roles(user)),
            "is_admin": is_admin(user),
            "patient": patient_id_of(user),
            "practitioner": practitioner.pk if practitioner is not None else None,
        }
        return Response(MeSerializer(data).data)


class HealthView(APIView):
    """Reports database and broker state; 503 when either is down."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request: Request) -> Response:
        data = {"database": health.database_state(), "broker": health.broker_state()}
        healthy = all(value == "ok" for value in data.values())
        data["status"] = "ok" if healthy else "degraded"
        code = status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE
        return Response(data, status=code)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """The last URL pattern under /api/: no such resource."""
    return JsonResponse({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an unknown URL under /api/ answers in API.md's shape, not with a web page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/ as well (no exception details leave the server)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Server error."}, status=status.HTTP_500_INTERNAL_SERVER_ERROR
        )
    return defaults.server_error(request)
