"""Maps every error to the shapes and status codes promised in API.md, in one place."""

from __future__ import annotations

import logging

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from clinic.exceptions import DomainError

logger = logging.getLogger(__name__)


def validation_error_body(exc: DjangoValidationError) -> dict[str, list[str]] | list[str]:
    """A Django ValidationError in DRF's shape: {"field": ["message"]}."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        body = {"detail": exc.detail, "code": exc.code}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": "The request body is too large."}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DataError):
        # A value the database cannot hold (out of range) that validation let through.
        logger.warning("DataError turned into 400: %s", exc)
        return Response(
            {"detail": "A value is out of the allowed range."}, status=status.HTTP_400_BAD_REQUEST
        )
    return drf_exception_handler(exc, context)
