"""API permission: the role table of clinic.access applied to every view.

A view names its resource (`access_resource = "clinical"`); `RoleAccess` checks the user's best
role against the table: READ for safe methods, WRITE otherwise. Patients are further limited to
their own records by `clinic.api.scoping`, so another patient's record is a 404, never a 403.
Object rules that depend on the row (a therapist amends only their own sessions, reception only
sees imaging orders without results) live in the services and selectors of the owning app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import permissions

from clinic.access import READ, WRITE, Access, access_level

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views is half-loaded
    from rest_framework.request import Request
    from rest_framework.views import APIView


def required_access(request: Request) -> Access:
    return READ if request.method in permissions.SAFE_METHODS else WRITE


class RoleAccess(permissions.BasePermission):
    """Default permission of every API view: authenticated, and allowed by ACCESS."""

    message = "Your role may not do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        resource = getattr(view, "access_resource", None)
        if resource is None:
            # Views that declare no resource (me/, logout/) only need a logged-in user.
            return True
        needed = getattr(view, "access_required", {}).get(
            getattr(view, "action", None), required_access(request)
        )
        return access_level(request.user, resource) >= needed
