"""Reminders in the API: a read-only list per role, the one-click unsubscribe link, and the
Twilio webhooks (delivery status callbacks and inbound "STOP")."""

from __future__ import annotations

import base64
import hashlib
import hmac

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.parsers import FormParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.exceptions import DomainError
from patients.domain import Channel
from scheduling.models.reminders import Reminder, ReminderKind, ReminderStatus
from scheduling.selectors.reminders import reminder_list
from scheduling.services import reminders as services

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}


# API.md's status values; `queued` and `sending` (in flight) read as `scheduled` there, and
# the exact internal state is in `state`.
PUBLIC_STATUS = {ReminderStatus.QUEUED: "scheduled", ReminderStatus.SENDING: "scheduled"}
PUBLIC_STATUS_CHOICES = [
    (value, label)
    for value, label in ReminderStatus.choices
    if value not in (ReminderStatus.QUEUED, ReminderStatus.SENDING)
]


class ReminderSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    state = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = Reminder
        ref_name = "Reminder"
        fields = [
            "id",
            "patient",
            "kind",
            "channel",
            "due_at",
            "status",
            "state",
            "sent_at",
            "attempts",
            "last_error",
            "reason",
            "delivery_status",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PUBLIC_STATUS_CHOICES))
    def get_status(self, reminder: Reminder) -> str:
        return PUBLIC_STATUS.get(reminder.status, reminder.status)


class ReminderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PUBLIC_STATUS_CHOICES, method="filter_status")
    state = django_filters.ChoiceFilter(field_name="status", choices=ReminderStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ReminderKind.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    due_after = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="gte")
    due_before = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="lt")

    class Meta:
        model = Reminder
        fields = ["patient", "status", "state", "kind", "channel", "due_after", "due_before"]

    def filter_status(self, queryset: QuerySet[Reminder], name: str, value: str) -> QuerySet:
        statuses = [value] + [
            internal for internal, public in PUBLIC_STATUS.items() if public == value
        ]
        return queryset.filter(status__in=statuses)


class ReminderViewSet(viewsets.ReadOnlyModelViewSet):
    """Planned and sent reminders (read-only). A patient sees only their own."""

    access_resource = "reminders"
    serializer_class = ReminderSerializer
    filterset_class = ReminderFilter

    def get_queryset(self) -> QuerySet[Reminder]:
        return reminder_list(user=self.request.user)


_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body style="font-family: Arial, sans-serif; max-width: 480px;"><h2>{title}</h2>{body}'
    "</body></html>"
)


def _page(title: str, body: str, *, status_code: int = 200) -> HttpResponse:
    return HttpResponse(_PAGE.format(title=escape(title), body=body), status=status_code)


class UnsubscribeView(APIView):
    """GET shows a confirmation button; POST (also RFC 8058 one-click from mail clients)
    turns email reminders off. GET alone changes nothing: link scanners must not unsubscribe."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [FormParser]
    throttle_classes: list = []

    @extend_schema(exclude=True)
    def get(self, request: Request, token: str) -> HttpResponse:
        clinic = escape(settings.CLINIC_NAME)
        form = (
            f"<p>Stop receiving reminder emails from {clinic}?</p>"
            '<form method="post"><button type="submit">Unsubscribe</button></form>'
        )
        return _page("Unsubscribe", form)

    @extend_schema(exclude=True)
    def post(self, request: Request, token: str) -> HttpResponse:
        try:
            services.patient_unsubscribe(token=token)
        except DomainError as exc:
            return _page("Link not valid", f"<p>{escape(exc.detail)}</p>", status_code=400)
        return _page("Unsubscribed", "<p>You will no longer receive reminder emails.</p>")


def twilio_signature(url: str, params: dict[str, str], auth_token: str) -> str:
    """Twilio's request signature: HMAC-SHA1 over the URL plus sorted key+value pairs, base64."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _twilio_request_valid(request: HttpRequest) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    given = request.headers.get("X-Twilio-Signature", "")
    if not token or not given:
        return False
    # Twilio signs the public URL it called; behind a proxy that is PUBLIC_BASE_URL + path.
    url = settings.PUBLIC_BASE_URL.rstrip("/") + request.get_full_path()
    params = {key: request.POST.get(key, "") for key in request.POST}
    return hmac.compare_digest(twilio_signature(url, params, token), given)


class TwilioWebhookView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [FormParser]
    throttle_classes: list = []

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        if not _twilio_request_valid(request._request):
            self.permission_denied(request, message="Bad Twilio signature.")


class TwilioStatusCallbackView(TwilioWebhookView):
    """Delivery status of a sent SMS (queued, sent, delivered, undelivered, failed)."""

    @extend_schema(exclude=True)
    def post(self, request: Request) -> Response:
        services.reminder_delivery_record(
            provider_message_id=str(request.POST.get("MessageSid", ""))[:64],
            status=str(request.POST.get("MessageStatus", ""))[:20],
            error_code=str(request.POST.get("ErrorCode", ""))[:10],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TwilioInboundView(TwilioWebhookView):
    """An SMS from a patient; "STOP" (and Twilio's other opt-out words) ends SMS consent."""

    @extend_schema(exclude=True)
    def post(self, request: Request) -> HttpResponse:
        body = str(request.POST.get("Body", "")).strip().upper()
        if body in STOP_WORDS:
            services.patients_sms_opt_out(phone=str(request.POST.get("From", ""))[:20])
        return HttpResponse("<Response/>", content_type="text/xml")
