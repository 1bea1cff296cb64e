"""Red flags for urgent review (DOMAIN.md §8) and the urgency they give a diagnosis."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from treatments.domain import setting
from treatments.domain.choices import Urgency

RED_FLAGS: tuple[str, ...] = (
    "saddle_anesthesia",
    "bladder_bowel_dysfunction",
    "progressive_neuro_deficit",
    "bilateral_leg_weakness",
    "cancer_history",
    "fever_weight_loss",
    "iv_drug_use",
    "immunosuppression",
    "night_pain",
    "major_trauma",
    "denosumab_gap",
)
# Suspected cauda equina syndrome: same-day emergency referral [C]. progressive_neuro_deficit is
# listed with the urgent flags in DOMAIN.md; whether it belongs here is [U], so it is a setting.
DEFAULT_EMERGENCY_FLAGS: tuple[str, ...] = (
    "saddle_anesthesia",
    "bladder_bowel_dysfunction",
    "bilateral_leg_weakness",
)
URGENCY_RANK: dict[str, int] = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}


def emergency_flags() -> frozenset[str]:
    return frozenset(setting("EMERGENCY_RED_FLAGS", DEFAULT_EMERGENCY_FLAGS))


def urgency_of(flags: Iterable[str]) -> str:
    """Emergency for any cauda equina flag, urgent for any other flag, else routine."""
    flags = set(flags)
    if flags & emergency_flags():
        return Urgency.EMERGENCY
    return Urgency.URGENT if flags else Urgency.ROUTINE


def validate_red_flags(value: object) -> None:
    validate_code_list(value, RED_FLAGS, "red flag")


def validate_code_list(value: object, allowed: Iterable[str], noun: str) -> None:
    """A list of distinct codes from `allowed` (red flags, rest restrictions)."""
    if not isinstance(value, list):
        raise ValidationError(f"Expected a list of {noun} codes.")
    unknown = [str(code)[:40] for code in value if code not in allowed]
    if unknown:
        raise ValidationError(f"Unknown {noun} code(s): {', '.join(unknown)}.")
    if len(set(value)) != len(value):
        raise ValidationError(f"{noun.capitalize()} codes must not repeat.")
