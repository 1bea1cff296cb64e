"""Transports sort failures into permanent and transient ones; SMS bodies fit two segments."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused

from scheduling import transports
from scheduling.transports import EmailMessage, TransportError, sms_fit, sms_length
from tests.scheduling.conftest_reminders import free_port

MESSAGE = EmailMessage(to="pat@example.com", subject="Hi", text="Hello", html="<p>Hello</p>")


class RefusingHandler:
    def __init__(self, code: str) -> None:
        self.code = code

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: ANN001, N802
        return self.code


@pytest.fixture
def smtp_answering(settings):  # noqa: ANN001, ANN201
    controllers = []

    def start(code: str) -> None:
        port = free_port()
        controller = Controller(RefusingHandler(code), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False

    yield start
    for controller in controllers:
        controller.stop()


def test_a_refused_recipient_is_permanent(smtp_answering) -> None:
    smtp_answering("550 5.1.1 no such user")
    with pytest.raises(TransportError) as caught:
        transports.email_send(MESSAGE)
    assert caught.value.permanent is True


def test_a_greylisted_recipient_is_transient(smtp_answering) -> None:
    smtp_answering("451 4.7.1 try again later")
    with pytest.raises(TransportError) as caught:
        transports.email_send(MESSAGE)
    assert caught.value.permanent is False


def test_an_unreachable_mail_server_is_transient(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(TransportError) as caught:
        transports.email_send(MESSAGE)
    assert caught.value.permanent is False


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (AnymailRecipientsRefused("refused"), True),
        (AnymailAPIError("bad request", status_code=400), True),
        (AnymailAPIError("slow down", status_code=429), False),
        (AnymailAPIError("server", status_code=502), False),
        (AnymailAPIError("network"), False),
    ],
)
def test_anymail_errors_are_classified(error, permanent) -> None:  # noqa: ANN001
    assert transports._anymail_permanent(error) is permanent


def test_sms_fit_cuts_to_two_gsm_segments() -> None:
    text = sms_fit("word " * 200)
    units, limit = sms_length(text)
    assert limit == 306
    assert units <= 306
    assert text.endswith("...")


def test_sms_fit_counts_unicode_as_ucs2() -> None:
    text = sms_fit("Zoë Ωmega 🙂 " * 40)
    units, limit = sms_length(text)
    assert limit == 134
    assert units <= 134


def test_a_short_sms_is_left_alone() -> None:
    assert sms_fit("Vertebra:  see you   Tue 09:00.\n") == "Vertebra: see you Tue 09:00."
