from __future__ import annotations

from scheduling.models.locations import Discipline, Location, Practitioner

__all__ = ["Discipline", "Location", "Practitioner"]
