"""Reminder test helpers: a real SMTP server (aiosmtpd), a fake Twilio HTTP endpoint, and
appointments booked through the booking service. Import the fixtures you use from here."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from aiosmtpd.controller import Controller
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from patients.models import Patient
from scheduling.models import Appointment, AppointmentType, Practitioner, Reminder
from scheduling.services.appointments import appointment_book


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def book(
    patient: Patient, practitioner: Practitioner, kind: AppointmentType, start: dt.datetime
) -> Appointment:
    return appointment_book(
        patient=patient, practitioner=practitioner, appointment_type=kind, start=start
    )


def reminders_of(subject: Model) -> list[Reminder]:
    content_type = ContentType.objects.get_for_model(subject)
    rows = Reminder.objects.filter(content_type=content_type, object_id=subject.pk)
    return list(rows.order_by("id"))


@dataclass
class SmtpInbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        raw = envelope.content  # type: ignore[attr-defined]
        self.messages.append(message_from_bytes(raw, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings) -> Iterator[SmtpInbox]:  # noqa: ANN001
    """A real SMTP server on a free local port; Django's SMTP backend points at it."""
    inbox = SmtpInbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield inbox
    controller.stop()


@dataclass
class FakeTwilio:
    base_url: str
    requests: list[dict] = field(default_factory=list)
    reply_status: int = 201
    reply_body: dict = field(default_factory=lambda: {"sid": "SM0123456789abcdef"})


@pytest.fixture
def fake_twilio(settings) -> Iterator[FakeTwilio]:  # noqa: ANN001
    """Twilio's Messages API on a local port (only the provider is fake; HTTP is real)."""
    port = free_port()
    fake = FakeTwilio(base_url=f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            fake.requests.append(
                {"path": self.path, "auth": self.headers.get("Authorization"), "form": form}
            )
            body = json.dumps(fake.reply_body).encode()
            self.send_response(fake.reply_status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_API_BASE = fake.base_url
    settings.TWILIO_ACCOUNT_SID = "AC0123456789"
    settings.TWILIO_AUTH_TOKEN = "twilio-test-token"
    settings.TWILIO_FROM_NUMBER = "+16045550000"
    yield fake
    server.shutdown()
    server.server_close()


DAYTIME_ZONES = ("America/Vancouver", "America/New_York", "Europe/London", "Asia/Tokyo")


def daytime_zone() -> str:
    """A zone where it is 09:00-19:00 right now (for code that runs on the real clock)."""
    now = dt.datetime.now(dt.UTC)
    for name in (*DAYTIME_ZONES, "Asia/Kolkata", "Pacific/Auckland"):
        if 9 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 19:
            return name
    return "Pacific/Honolulu"
