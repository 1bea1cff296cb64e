"""The exercise list of a PT session: [{"name", "sets", "reps", "hold_seconds"}]."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_EXERCISES = 40
# key -> (minimum, maximum) for the whole-number fields
LIMITS: dict[str, tuple[int, int]] = {"sets": (1, 20), "reps": (1, 200), "hold_seconds": (0, 600)}
NAME_MAX_LENGTH = 100


def validate_exercises(value: object) -> None:
    if not isinstance(value, list) or len(value) > MAX_EXERCISES:
        raise ValidationError(f"Exercises must be a list of at most {MAX_EXERCISES} items.")
    for index, item in enumerate(value, start=1):
        _validate_item(index, item)


def _validate_item(index: int, item: object) -> None:
    if not isinstance(item, dict) or set(item) - {"name", *LIMITS}:
        raise ValidationError(f"Exercise {index}: only name, sets, reps, hold_seconds.")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX_LENGTH:
        raise ValidationError(f"Exercise {index}: a name of 1-{NAME_MAX_LENGTH} characters.")
    for key, (low, high) in LIMITS.items():
        value = item.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(f"Exercise {index}: {key} is a whole number {low}-{high}.")
