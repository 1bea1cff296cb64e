"""Domain errors raised by services and mapped to HTTP once, in clinic.api.exception_handler."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every business-rule failure a service can raise."""

    status_code = 400
    code = "invalid"
    default_detail = "The request breaks a business rule."

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        self.detail = detail or self.default_detail
        if code:
            self.code = code
        super().__init__(self.detail)


class Conflict(DomainError):
    """The request conflicts with the current state (HTTP 409)."""

    status_code = 409
    code = "conflict"
    default_detail = "The request conflicts with the current state."


class SlotTaken(Conflict):
    code = "slot_taken"
    default_detail = "That time overlaps another active appointment."


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_detail = "That status change is not allowed."


class TooLate(Conflict):
    code = "too_late"
    default_detail = "It is too late to do that."


class NotAllowed(DomainError):
    """The user's role may not do this to this object (HTTP 403)."""

    status_code = 403
    code = "permission_denied"
    default_detail = "You do not have permission to perform this action."
