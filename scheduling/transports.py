"""How reminders leave the building: email through Django's mail backend, SMS through a backend.

Every transport raises `TransportError(permanent=...)`: transient failures (timeouts, 5xx, 429,
a refused connection) are retried with backoff by the send service; permanent ones (a rejected
address, a number that cannot receive SMS, bad credentials) end the reminder `failed`.
"""

from __future__ import annotations

import smtplib
import sys
from dataclasses import dataclass, field
from typing import Protocol

import requests
from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid

_TWILIO_PERMANENT_HTTP = {400, 401, 403, 404}
# GSM-7 basic character set (plus the extension table, which costs 2 characters each).
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = set("^{}\\[~]|€")
SMS_MAX_SEGMENTS = 2


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class SmsMessage:
    to: str
    body: str


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> str:
        """Send one SMS; return the provider's message id."""
        ...


def sms_length(text: str) -> tuple[int, int]:
    """(characters counted, characters per segment limit for 2 segments) of an SMS body."""
    if all(char in _GSM7 or char in _GSM7_EXT for char in text):
        units = sum(2 if char in _GSM7_EXT else 1 for char in text)
        return units, 153 * SMS_MAX_SEGMENTS
    return len(text), 67 * SMS_MAX_SEGMENTS


def sms_fit(text: str) -> str:
    """Collapse whitespace and cut the text to at most two SMS segments."""
    text = " ".join(text.split())
    units, limit = sms_length(text)
    while units > limit:
        text = text[: len(text) - (units - limit) - 3].rstrip() + "..."  # "…" is not GSM-7
        units, limit = sms_length(text)
    return text


def email_send(message: EmailMessage) -> str:
    """Send a plain text + HTML email through the configured Django email backend."""
    message_id = make_msgid(domain="vertebra.reminders")
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message_id, **message.headers},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    mail.attach_alternative(message.html, "text/html")
    try:
        mail.send(fail_silently=False)
    except AnymailError as exc:  # an ESP through django-anymail (EMAIL_BACKEND=anymail...)
        permanent = _anymail_permanent(exc)
        raise TransportError(f"{type(exc).__name__}: {exc}", permanent=permanent) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        final = all(code >= 500 for code, _text in exc.recipients.values())
        raise TransportError(f"recipient refused: {exc.recipients}", permanent=final) from exc
    except smtplib.SMTPResponseException as exc:
        # 5xx replies are final, 4xx are "try again later" by SMTP's own definition.
        raise TransportError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=exc.smtp_code >= 500
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:  # OSError covers timeouts, refusals
        raise TransportError(f"{type(exc).__name__}: {exc}", permanent=False) from exc
    return message_id


def _anymail_permanent(exc: AnymailError) -> bool:
    """Refused recipients and 4xx answers are final; 429, 5xx and network errors are not."""
    if isinstance(exc, AnymailRecipientsRefused):
        return True
    status = getattr(exc, "status_code", None)
    if isinstance(exc, AnymailAPIError):
        return status is not None and 400 <= status < 500 and status != 429
    return True  # configuration errors: retrying will not help


class ConsoleSmsBackend:
    """Writes each SMS to standard output (the default: development and benchmarks)."""

    def send(self, message: SmsMessage) -> str:
        sys.stdout.write(f"SMS to {message.to}: {message.body}\n")
        return ""


class TwilioSmsBackend:
    """Twilio's Messages API over HTTPS, with a status callback to our webhook."""

    timeout = (5, 15)

    def send(self, message: SmsMessage) -> str:
        sid = settings.TWILIO_ACCOUNT_SID
        if not sid or not settings.TWILIO_AUTH_TOKEN or not settings.TWILIO_FROM_NUMBER:
            raise TransportError("Twilio is not configured", permanent=True)
        url = f"{settings.TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        data = {
            "To": message.to,
            "From": settings.TWILIO_FROM_NUMBER,
            "Body": message.body,
            "StatusCallback": f"{settings.PUBLIC_BASE_URL.rstrip('/')}"
            "/api/v1/webhooks/twilio/status/",
        }
        try:
            response = requests.post(
                url, data=data, auth=(sid, settings.TWILIO_AUTH_TOKEN), timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise TransportError(f"Twilio unreachable: {exc}", permanent=False) from exc
        return self._message_sid(response)

    def _message_sid(self, response: requests.Response) -> str:
        if response.status_code in (200, 201):
            return str(response.json().get("sid", ""))
        try:
            detail = response.json()
        except ValueError:
            detail = response.text[:200]
        error = f"Twilio HTTP {response.status_code}: {detail}"
        raise TransportError(error, permanent=response.status_code in _TWILIO_PERMANENT_HTTP)


_SMS_BACKENDS: dict[str, type] = {"console": ConsoleSmsBackend, "twilio": TwilioSmsBackend}


def sms_backend() -> SmsBackend:
    return _SMS_BACKENDS[settings.SMS_BACKEND]()


def sms_send(message: SmsMessage) -> str:
    return sms_backend().send(message)
