"""Vertebral levels (C1-C7, T1-T12, L1-L5, S1) and the ICD-10-CM region digit they imply."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

LEVELS: tuple[str, ...] = (
    *(f"C{n}" for n in range(1, 8)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    "S1",
)
_ORDER = {level: index for index, level in enumerate(LEVELS)}

# ICD-10-CM 5th character of M43.0/M43.1/M48.4/M48.5 [C]. WHO ICD-10 swaps 0 and 9, so this
# table is ICD-10-CM only. Keyed by the set of spinal regions the levels touch.
_REGION_DIGITS: dict[frozenset[str], str] = {
    frozenset(): "0",  # site unspecified
    frozenset({"C"}): "2",  # cervical (C1-C2 alone: occipito-atlanto-axial, 1)
    frozenset({"C", "T"}): "3",  # cervicothoracic
    frozenset({"T"}): "4",  # thoracic
    frozenset({"T", "L"}): "5",  # thoracolumbar
    frozenset({"L"}): "6",  # lumbar
    frozenset({"L", "S"}): "7",  # lumbosacral
    frozenset({"S"}): "8",  # sacral and sacrococcygeal
}
MULTIPLE_SITES = "9"  # M43.0 / M43.1 only


def validate_levels(value: object) -> None:
    """A list of distinct known levels, e.g. ["L4", "L5"]."""
    if not isinstance(value, list):
        raise ValidationError('Vertebral levels must be a list such as ["L5"].')
    unknown = [str(level)[:10] for level in value if level not in _ORDER]
    if unknown:
        raise ValidationError(
            f"Unknown vertebral level(s): {', '.join(unknown)}. Use C1-C7, T1-T12, L1-L5, S1."
        )
    if len(set(value)) != len(value):
        raise ValidationError("Vertebral levels must not repeat.")


def sort_levels(levels: Iterable[str]) -> list[str]:
    """Levels from head to tail, the order clinicians write them."""
    return sorted(set(levels), key=_ORDER.__getitem__)


def region_digit(levels: Iterable[str], *, allow_multiple_sites: bool) -> str | None:
    """The region digit for `levels`, or None when they span non-adjacent regions and the
    category has no "multiple sites" digit."""
    levels = list(levels)
    regions = frozenset(level[0] for level in levels)
    if regions == frozenset({"C"}) and set(levels) <= {"C1", "C2"}:
        return "1"
    digit = _REGION_DIGITS.get(regions)
    if digit is not None:
        return digit
    return MULTIPLE_SITES if allow_multiple_sites else None
