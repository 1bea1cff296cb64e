"""Account services: issuing and revoking API tokens, throttling failed logins."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils import timezone
from rest_framework.exceptions import Throttled

from clinic.models import ApiToken


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def token_hash(raw: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is safe: there is nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, user: AbstractBaseUser) -> IssuedToken:
    """Create a token for `user`; the raw value is returned once and never stored."""
    raw = secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    ApiToken.objects.create(user=user, key_hash=token_hash(raw), expires_at=expires_at)
    return IssuedToken(token=raw, expires_at=expires_at)


def token_revoke(*, token: ApiToken) -> None:
    """Revoke one token (logout). Revoking twice is harmless."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def _failure_key(username: str, ip: str) -> str:
    return f"login-failures:{hashlib.sha256(f'{username.lower()}|{ip}'.encode()).hexdigest()}"


def credentials_check(*, username: str, password: str, ip: str) -> AbstractBaseUser | None:
    """Authenticate, counting failures per username and address; too many → Throttled (429)."""
    key = _failure_key(username, ip)
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if (cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT:
        raise Throttled(wait=window, detail="Too many failed logins. Try again later.")
    user = authenticate(username=username, password=password)
    if user is None:
        cache.add(key, 0, timeout=window)
        cache.incr(key)
        return None
    cache.delete(key)
    return user
