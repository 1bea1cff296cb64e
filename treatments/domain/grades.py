"""Grades derived from measurements (DOMAIN.md §2): Meyerding, Genant, DEXA categories."""

from __future__ import annotations

from decimal import Decimal

from treatments.domain import setting
from treatments.domain.choices import BoneDensityCategory

Number = Decimal | float | int

# Meyerding by % slip [C]: I 0-25, II 26-50, III 51-75, IV 76-100, V > 100. Sources disagree at
# exactly 25 and 50; our one rule: each band's upper bound is inclusive, so 25 % is grade I,
# 25.5 % grade II, 50 % grade II, 50.5 % grade III.
MEYERDING_UPPER_BOUNDS: tuple[tuple[int, int], ...] = ((25, 1), (50, 2), (75, 3), (100, 4))
# Genant by % vertebral height loss [C]: 0 < 20, 1 20-25, 2 25-40, 3 > 40; same boundary rule
# (20 % is grade 1, 25 % is grade 1, 40 % is grade 2).


def meyerding_grade(slip_percent: Number) -> int:
    for upper, grade in MEYERDING_UPPER_BOUNDS:
        if slip_percent <= upper:
            return grade
    return 5


def meyerding_is_high_grade(grade: int) -> bool:
    return grade >= 3


def genant_grade(height_loss_percent: Number) -> int:
    """Genant grade: 0 below 20 %, 1 up to 25 %, 2 up to 40 %, 3 above."""
    if height_loss_percent < 20:
        return 0
    if height_loss_percent <= 25:
        return 1
    if height_loss_percent <= 40:
        return 2
    return 3


def uses_who_t_score(*, sex: str, age: int, postmenopausal: bool) -> bool:
    """WHO T-score rule for postmenopausal women and men >= 50; the Z-score rule otherwise [C].

    A woman's menopause is taken from the `postmenopausal` risk factor; when it is not recorded,
    women from TREATMENTS_ASSUMED_MENOPAUSE_AGE (default 50) are treated as postmenopausal [U].
    Patients of other or unknown sex follow the men's age rule [U].
    """
    if sex == "female":
        return postmenopausal or age >= setting("ASSUMED_MENOPAUSE_AGE", 50)
    return age >= setting("WHO_RULE_MIN_AGE", 50)


def bone_density_category(
    *,
    t_score: Number | None,
    z_score: Number | None,
    sex: str,
    age: int,
    postmenopausal: bool,
    fragility_fracture: bool,
) -> str | None:
    """The category of a DEXA result, or None when the score the rule needs is missing."""
    if uses_who_t_score(sex=sex, age=age, postmenopausal=postmenopausal):
        return who_category(t_score, fragility_fracture=fragility_fracture)
    return z_score_category(z_score)


def who_category(t_score: Number | None, *, fragility_fracture: bool) -> str | None:
    if t_score is None:
        return None
    if t_score <= Decimal("-2.5"):
        if fragility_fracture:
            return BoneDensityCategory.SEVERE_OSTEOPOROSIS
        return BoneDensityCategory.OSTEOPOROSIS
    if t_score < Decimal("-1.0"):
        return BoneDensityCategory.LOW_BONE_MASS
    return BoneDensityCategory.NORMAL


def z_score_category(z_score: Number | None) -> str | None:
    """Below the expected range at Z <= -2.0; osteoporosis is not diagnosed from density alone."""
    if z_score is None:
        return None
    if z_score <= Decimal("-2.0"):
        return BoneDensityCategory.BELOW_EXPECTED_RANGE
    return BoneDensityCategory.WITHIN_EXPECTED_RANGE
