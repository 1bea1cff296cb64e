"""Outcome measures (DOMAIN.md §6): ODI and NPRS scoring, bands and meaningful change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from treatments.domain import setting
from treatments.domain.choices import Instrument

ODI_SECTIONS = 10
ODI_MAX_ANSWER = 5
NPRS_MAX = 10
# (upper bound inclusive, band) [C]
ODI_BANDS: tuple[tuple[int, str], ...] = (
    (20, "minimal"),
    (40, "moderate"),
    (60, "severe"),
    (80, "crippled"),
    (100, "bed_bound"),
)
# NPRS bands are a common convention, not in DOMAIN.md [U].
NPRS_BANDS: tuple[tuple[int, str], ...] = (
    (0, "none"),
    (3, "mild"),
    (6, "moderate"),
    (10, "severe"),
)


@dataclass(frozen=True)
class Score:
    score: Decimal
    band: str


def odi_max_missing() -> int:
    """More than this many unanswered sections makes an ODI invalid [U: default 1]."""
    return int(setting("ODI_MAX_MISSING", 1))


def validate_answers(instrument: str, answers: object) -> None:
    """Shape of `answers`: ODI a list of 10 integers 0-5 or null, NPRS one integer 0-10."""
    if instrument == Instrument.ODI:
        _validate_odi(answers)
    elif instrument == Instrument.NPRS and not (_is_int(answers) and 0 <= answers <= NPRS_MAX):
        raise ValidationError({"answers": ["NPRS is one whole number from 0 to 10."]})


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_odi(answers: object) -> None:
    if not isinstance(answers, list) or len(answers) != ODI_SECTIONS:
        raise ValidationError({"answers": ["ODI needs a list of 10 answers (0-5 or null)."]})
    if any(a is not None and not (_is_int(a) and 0 <= a <= ODI_MAX_ANSWER) for a in answers):
        raise ValidationError({"answers": ["Each ODI answer is 0-5, or null if unanswered."]})
    missing = sum(1 for a in answers if a is None)
    if missing > odi_max_missing():
        raise ValidationError(
            {"answers": [f"{missing} ODI sections unanswered; at most {odi_max_missing()}."]}
        )


def score(instrument: str, answers: object) -> Score:
    validate_answers(instrument, answers)
    if instrument == Instrument.ODI:
        return odi_score(answers)  # type: ignore[arg-type]
    value = Decimal(answers)  # type: ignore[arg-type]
    return Score(value, _band(value, NPRS_BANDS))


def odi_score(answers: list[int | None]) -> Score:
    """score % = sum / (5 x sections answered) x 100, one decimal; the band from that figure."""
    answered = [a for a in answers if a is not None]
    raw = Decimal(sum(answered) * 100) / Decimal(ODI_MAX_ANSWER * len(answered))
    value = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Score(value, _band(value, ODI_BANDS))


def _band(value: Decimal, bands: tuple[tuple[int, str], ...]) -> str:
    return next((band for upper, band in bands if value <= upper), bands[-1][1])


def is_meaningful_change(instrument: str, *, baseline: Decimal, current: Decimal) -> bool:
    """ODI: 10 points [C]. NPRS: 2 points or 30 % of the baseline [C]."""
    change = abs(current - baseline)
    if instrument == Instrument.ODI:
        return change >= Decimal(setting("ODI_MEANINGFUL_CHANGE", 10))
    if change >= Decimal(setting("NPRS_MEANINGFUL_CHANGE", 2)):
        return True
    percent = Decimal(setting("NPRS_MEANINGFUL_CHANGE_PERCENT", 30))
    return baseline > 0 and change * 100 >= baseline * percent
