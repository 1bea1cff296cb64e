"""Per-practitioner iCal feed links: a secret token in the URL, revocable."""

from __future__ import annotations

from django.db import models

from scheduling.models.locations import Practitioner


class CalendarFeed(models.Model):
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    # SHA-256 of the token; the token itself is shown once, when the link is issued.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"iCal feed of {self.practitioner.name} ({state})"
