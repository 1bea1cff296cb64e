"""Pure clinical rules of DOMAIN.md as plain functions and data (no ORM, no HTTP).

Thresholds marked [U] in DOMAIN.md are read from Django settings with the defaults below, so a
clinic's clinicians can review and change them without a code change (see `setting`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def setting(name: str, default: Any) -> Any:
    """A treatments threshold: `settings.TREATMENTS_<NAME>` if set, else the documented default."""
    return getattr(settings, f"TREATMENTS_{name}", default)
