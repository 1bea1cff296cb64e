"""ICD-10-CM codes of spinal conditions: derivation from the clinical facts and validation of a
given code against the bundled list (DOMAIN.md §1).

The bundled list (data/icd10cm_spine.txt) holds every billable code of the supported
categories. It was built from the category structure in DOMAIN.md (about FY2021); replace the
file when CMS publishes a new fiscal year [U: not yet checked against the FY2026 release].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError

from treatments.domain.choices import CarePhase, Cause, Condition, FractureType
from treatments.domain.levels import region_digit

SEVENTH_CHARACTERS: dict[str, str] = {
    CarePhase.ACTIVE: "A",
    CarePhase.ROUTINE_HEALING: "D",
    CarePhase.DELAYED_HEALING: "G",
    CarePhase.NONUNION: "K",
    CarePhase.MALUNION: "P",
    CarePhase.SEQUELA: "S",
}
# "B" (open fracture, initial encounter) is active treatment too.
PHASE_OF_SEVENTH: dict[str, str] = {
    **{char: phase for phase, char in SEVENTH_CHARACTERS.items()},
    "B": CarePhase.ACTIVE,
}

FRACTURE_TYPE_DIGITS: dict[str, str] = {
    FractureType.WEDGE: "0",
    FractureType.STABLE_BURST: "1",
    FractureType.UNSTABLE_BURST: "2",
    FractureType.OTHER: "8",
    FractureType.UNSPECIFIED: "9",
}


@dataclass(frozen=True)
class Category:
    prefix: str
    seventh: str  # allowed 7th characters, "" when the category has none
    conditions: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category("M43.0", "", (Condition.SPONDYLOLYSIS, Condition.OTHER)),
    Category("M43.1", "", (Condition.SPONDYLOLISTHESIS, Condition.OTHER)),
    Category("Q76.2", "", (Condition.SPONDYLOLYSIS, Condition.SPONDYLOLISTHESIS, Condition.OTHER)),
    Category("M48.4", "ADGS", (Condition.STRESS_FRACTURE, Condition.OTHER)),
    Category("M48.5", "ADGS", (Condition.COMPRESSION_FRACTURE, Condition.OTHER)),
    Category("M80.0", "ADGKPS", (Condition.COMPRESSION_FRACTURE, Condition.OTHER)),
    Category("M80.8", "ADGKPS", (Condition.COMPRESSION_FRACTURE, Condition.OTHER)),
    Category("M84.5", "ADGKPS", (Condition.COMPRESSION_FRACTURE, Condition.OTHER)),
    Category("S22.0", "ABDGKS", (Condition.COMPRESSION_FRACTURE, Condition.OTHER)),
    Category("S32.0", "ABDGKS", (Condition.COMPRESSION_FRACTURE, Condition.OTHER)),
    # Related codes recorded alongside (healed fractures, screening, history, cauda equina).
    *(
        Category(prefix, "", (Condition.OTHER,))
        for prefix in ("M81.0", "Z87.3", "Z13.8", "Z79.8", "Z91.8", "G83.4", "C79.5")
    ),
)

# Excludes1: never stored together for one patient [C].
EXCLUDES1: tuple[tuple[str, str], ...] = (("M43.1", "Q76.2"), ("M48.4", "M80"))

_THORACIC_LEVEL_DIGITS = {
    "T1": "1", "T2": "2", "T3": "3", "T4": "4", "T5": "5", "T6": "5",
    "T7": "6", "T8": "6", "T9": "7", "T10": "7", "T11": "8", "T12": "8",
}  # fmt: skip


@cache
def bundled_codes() -> frozenset[str]:
    text = resources.files("treatments.domain").joinpath("data/icd10cm_spine.txt").read_text()
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def normalize_code(code: str) -> str:
    """Upper case with the dot after the category: "m4306" -> "M43.06"."""
    compact = code.strip().upper().replace(".", "")
    return compact if len(compact) <= 3 else f"{compact[:3]}.{compact[3:]}"


def category_of(code: str) -> Category | None:
    return next((cat for cat in CATEGORIES if code.startswith(cat.prefix)), None)


def validate_code(code: str, *, condition: str) -> str:
    """The normalised code, or ValidationError naming icd10_code."""
    code = normalize_code(code)
    category = category_of(code)
    if category is None:
        raise _error("icd10_code", f"{code[:12]} is not in a supported category.")
    if condition not in category.conditions:
        raise _error("icd10_code", f"{code} does not code the condition {condition!r}.")
    if category.seventh and (len(code) != 8 or code[-1] not in category.seventh):
        allowed = ", ".join(category.seventh)
        raise _error(
            "icd10_code", f"{code}: the 7th character for {category.prefix} is one of {allowed}."
        )
    if code not in bundled_codes():
        raise _error("icd10_code", f"{code} is not in the bundled ICD-10-CM code list.")
    return code


def care_phase_of(code: str) -> str | None:
    """The phase of care a code's 7th character states (None for codes without one)."""
    category = category_of(code)
    if category is None or not category.seventh:
        return None
    return PHASE_OF_SEVENTH.get(code[-1])


def excludes1_conflict(code: str, others: Iterable[str]) -> str | None:
    """The first of `others` that may not be stored together with `code`, if any."""
    for first, second in EXCLUDES1:
        for a, b in ((first, second), (second, first)):
            if code.startswith(a):
                clash = next((other for other in others if other.startswith(b)), None)
                if clash:
                    return clash
    return None


# Region digit -> the spinal regions it names; a given code must name a region of the levels
# ("M43.07" lumbosacral fits "L5"). 0 (unspecified) and 9 (multiple sites) fit anything.
_DIGIT_REGIONS: dict[str, frozenset[str]] = {
    "1": frozenset("C"),
    "2": frozenset("C"),
    "3": frozenset("CT"),
    "4": frozenset("T"),
    "5": frozenset("TL"),
    "6": frozenset("L"),
    "7": frozenset("LS"),
    "8": frozenset("S"),
}


def site_conflict(code: str, levels: list[str]) -> bool:
    """True when the code's region digit (M43/M48) or vertebra digit (S22.0/S32.0) cannot be
    the recorded levels."""
    regions = {level[0] for level in levels}
    if code[:5] in ("M43.0", "M43.1", "M48.4", "M48.5") and len(code) > 5:
        named = _DIGIT_REGIONS.get(code[5])
        return named is not None and not (named & regions)
    if code.startswith("S32.0") and code[5] != "0":
        return {f"L{code[5]}"} != set(levels)
    if code.startswith("S22.0") and code[5] != "0":
        return {_THORACIC_LEVEL_DIGITS.get(level) for level in levels} != {code[5]}
    return False


def derive_code(
    *,
    condition: str,
    levels: list[str],
    cause: str,
    care_phase: str,
    fracture_type: str = FractureType.UNSPECIFIED,
    known_osteoporosis: bool = False,
) -> str:
    """The ICD-10-CM code for the facts, or ValidationError naming the field that is missing."""
    if condition == Condition.OTHER:
        raise _error("icd10_code", "Give the code for a condition of type 'other'.")
    if cause == Cause.CONGENITAL and condition in (
        Condition.SPONDYLOLYSIS,
        Condition.SPONDYLOLISTHESIS,
    ):
        return "Q76.2"
    if condition == Condition.SPONDYLOLYSIS:
        return "M43.0" + region_digit(levels, allow_multiple_sites=True)
    if condition == Condition.SPONDYLOLISTHESIS:
        return "M43.1" + region_digit(levels, allow_multiple_sites=True)
    seventh = _seventh(care_phase)
    if condition == Condition.STRESS_FRACTURE:
        return f"M48.4{_single_region(levels)}X{_seventh_for('M48.4', seventh)}"
    return _compression_code(levels, cause, seventh, fracture_type, known_osteoporosis)


def _compression_code(
    levels: list[str], cause: str, seventh: str, fracture_type: str, known_osteoporosis: bool
) -> str:
    # Known osteoporosis + minor trauma is an osteoporotic fracture (M80), not an S code [C].
    if cause == Cause.MINOR_TRAUMA and known_osteoporosis:
        cause = Cause.AGE_RELATED_OSTEOPOROSIS
    fixed = {
        Cause.AGE_RELATED_OSTEOPOROSIS: "M80.08X",
        Cause.OTHER_OSTEOPOROSIS: "M80.88X",
        Cause.NEOPLASTIC: "M84.58X",
    }.get(cause)
    if fixed:
        return fixed + seventh
    if cause in (Cause.MINOR_TRAUMA, Cause.MAJOR_TRAUMA):
        return _traumatic_code(levels, seventh, FRACTURE_TYPE_DIGITS[fracture_type])
    return f"M48.5{_single_region(levels)}X{_seventh_for('M48.5', seventh)}"


def _traumatic_code(levels: list[str], seventh: str, type_digit: str) -> str:
    regions = {level[0] for level in levels}
    if not levels or len(regions) != 1 or regions - {"T", "L"}:
        raise _error(
            "vertebral_levels",
            "A traumatic fracture needs thoracic (T1-T12) or lumbar (L1-L5) levels, not both.",
        )
    if regions == {"L"}:
        if len(levels) != 1:
            raise _error("vertebral_levels", "Record one traumatic lumbar fracture per level.")
        prefix = f"S32.0{levels[0][1]}"
    else:
        digits = {_THORACIC_LEVEL_DIGITS[level] for level in levels}
        if len(digits) != 1:
            raise _error(
                "vertebral_levels", "Record one traumatic thoracic fracture per level (pair)."
            )
        prefix = f"S22.0{digits.pop()}"
    return prefix + type_digit + _seventh_for(prefix[:5], seventh)


def _single_region(levels: list[str]) -> str:
    digit = region_digit(levels, allow_multiple_sites=False)
    if digit is None:
        raise _error("vertebral_levels", "The levels span separate regions: one per diagnosis.")
    return digit


def _seventh(care_phase: str) -> str:
    if not care_phase:
        raise _error("care_phase", "The phase of care is needed to code a fracture.")
    return SEVENTH_CHARACTERS[care_phase]


def _seventh_for(prefix: str, seventh: str) -> str:
    category = category_of(prefix)
    if category is not None and seventh not in category.seventh:
        raise _error("care_phase", f"{prefix} has no 7th character for this phase of care.")
    return seventh


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})
