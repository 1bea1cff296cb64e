"""The clinical rules of DOMAIN.md, checked against its tables (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from treatments.domain import codes, grades, medications, outcomes, red_flags
from treatments.domain.levels import region_digit, validate_levels


# --- ICD-10-CM code derivation, one case per category ------------------------------------
@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"condition": "spondylolysis", "levels": ["L5"]}, "M43.06"),
        ({"condition": "spondylolysis", "levels": ["L5", "S1"]}, "M43.07"),
        ({"condition": "spondylolysis", "levels": []}, "M43.00"),
        ({"condition": "spondylolysis", "levels": ["C5", "L4"]}, "M43.09"),
        ({"condition": "spondylolisthesis", "levels": ["L4"]}, "M43.16"),
        ({"condition": "spondylolisthesis", "levels": ["L5", "S1"]}, "M43.17"),
        ({"condition": "spondylolisthesis", "levels": ["L5"], "cause": "congenital"}, "Q76.2"),
        ({"condition": "stress_fracture", "levels": ["L4"]}, "M48.46XA"),
        (
            {"condition": "stress_fracture", "levels": ["T12", "L1"], "care_phase": "sequela"},
            "M48.45XS",
        ),
        ({"condition": "compression_fracture", "levels": ["L1"]}, "M48.56XA"),
        ({"condition": "compression_fracture", "levels": ["T8"]}, "M48.54XA"),
        (
            {
                "condition": "compression_fracture",
                "levels": ["L2"],
                "cause": "age_related_osteoporosis",
                "care_phase": "routine_healing",
            },
            "M80.08XD",
        ),
        (
            {"condition": "compression_fracture", "levels": ["L2"], "cause": "other_osteoporosis"},
            "M80.88XA",
        ),
        (
            {
                "condition": "compression_fracture",
                "levels": ["T10"],
                "cause": "neoplastic",
                "care_phase": "nonunion",
            },
            "M84.58XK",
        ),
        (
            {
                "condition": "compression_fracture",
                "levels": ["L4"],
                "cause": "major_trauma",
                "fracture_type": "wedge",
            },
            "S32.040A",
        ),
        (
            {
                "condition": "compression_fracture",
                "levels": ["T11", "T12"],
                "cause": "major_trauma",
                "fracture_type": "wedge",
            },
            "S22.080A",
        ),
        (
            {
                "condition": "compression_fracture",
                "levels": ["L1"],
                "cause": "major_trauma",
                "fracture_type": "unstable_burst",
                "care_phase": "delayed_healing",
            },
            "S32.012G",
        ),
        # Known osteoporosis + minor trauma -> M80, not an S code [C].
        (
            {
                "condition": "compression_fracture",
                "levels": ["L1"],
                "cause": "minor_trauma",
                "known_osteoporosis": True,
            },
            "M80.08XA",
        ),
        (
            {"condition": "compression_fracture", "levels": ["L1"], "cause": "minor_trauma"},
            "S32.019A",
        ),
    ],
)
def test_code_derivation(facts: dict, expected: str) -> None:
    args = {"cause": "unspecified", "care_phase": "active", **facts}
    levels = args.pop("levels")
    code = codes.derive_code(levels=levels, **args)
    assert code == expected
    assert code in codes.bundled_codes()


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"condition": "other", "levels": []}, "icd10_code"),
        ({"condition": "stress_fracture", "levels": ["C3", "L4"]}, "vertebral_levels"),
        (
            {"condition": "compression_fracture", "levels": ["L1", "L2"], "cause": "major_trauma"},
            "vertebral_levels",
        ),
        (
            {"condition": "stress_fracture", "levels": ["L4"], "care_phase": "malunion"},
            "care_phase",
        ),
        ({"condition": "stress_fracture", "levels": ["L4"], "care_phase": ""}, "care_phase"),
    ],
)
def test_code_derivation_refuses_what_cannot_be_coded(facts: dict, field: str) -> None:
    args = {"cause": "unspecified", "care_phase": "active", **facts}
    levels = args.pop("levels")
    with pytest.raises(ValidationError) as info:
        codes.derive_code(levels=levels, **args)
    assert field in info.value.message_dict


@pytest.mark.parametrize(
    ("code", "condition", "normalized"),
    [
        ("m4306", "spondylolysis", "M43.06"),
        ("M48.46XA", "stress_fracture", "M48.46XA"),
        ("M80.08XP", "compression_fracture", "M80.08XP"),
        ("S32.040B", "compression_fracture", "S32.040B"),
        ("Z87.310", "other", "Z87.310"),
    ],
)
def test_given_codes_in_the_bundled_list_are_accepted(
    code: str, condition: str, normalized: str
) -> None:
    assert codes.validate_code(code, condition=condition) == normalized


@pytest.mark.parametrize(
    ("code", "condition"),
    [
        ("M54.5", "other"),  # unsupported category
        ("M48.46XK", "stress_fracture"),  # K is not a 7th character of M48.4
        ("S32.040P", "compression_fracture"),  # P is not a 7th character of S32.0
        ("M48.46X", "stress_fracture"),  # 7th character missing
        ("M43.06", "compression_fracture"),  # codes another condition
        ("S32.060A", "compression_fracture"),  # there is no sixth lumbar vertebra
    ],
)
def test_given_codes_outside_the_rules_are_refused(code: str, condition: str) -> None:
    with pytest.raises(ValidationError) as info:
        codes.validate_code(code, condition=condition)
    assert "icd10_code" in info.value.message_dict


def test_excludes1_pairs() -> None:
    assert codes.excludes1_conflict("M43.16", ["Q76.2"]) == "Q76.2"
    assert codes.excludes1_conflict("Q76.2", ["M43.17"]) == "M43.17"
    assert codes.excludes1_conflict("M48.46XA", ["M80.08XA"]) == "M80.08XA"
    assert codes.excludes1_conflict("M80.88XD", ["M48.44XA"]) == "M48.44XA"
    assert codes.excludes1_conflict("M43.06", ["Q76.2", "M80.08XA"]) is None


def test_site_conflicts_between_code_and_levels() -> None:
    assert not codes.site_conflict("M43.07", ["L5"])  # lumbosacral fits L5
    assert codes.site_conflict("M43.06", ["T8"])
    assert not codes.site_conflict("M43.00", ["T8"])
    assert not codes.site_conflict("S32.040A", ["L4"])
    assert codes.site_conflict("S32.040A", ["L3"])
    assert not codes.site_conflict("S22.080A", ["T11", "T12"])
    assert codes.site_conflict("S22.080A", ["T10"])
    assert not codes.site_conflict("M80.08XA", ["C3"])


def test_care_phase_follows_the_seventh_character() -> None:
    assert codes.care_phase_of("M80.08XK") == "nonunion"
    assert codes.care_phase_of("S32.040B") == "active"
    assert codes.care_phase_of("M43.06") is None


def test_levels_validation_and_region_digits() -> None:
    validate_levels(["C1", "T12", "L5", "S1"])
    for bad in (["L9"], ["L6"], ["T13"], "L5", ["L5", "L5"]):
        with pytest.raises(ValidationError):
            validate_levels(bad)
    assert region_digit(["C1", "C2"], allow_multiple_sites=False) == "1"
    assert region_digit(["C5"], allow_multiple_sites=False) == "2"
    assert region_digit(["C7", "T1"], allow_multiple_sites=False) == "3"
    assert region_digit(["T12", "L1"], allow_multiple_sites=False) == "5"
    assert region_digit(["S1"], allow_multiple_sites=False) == "8"
    assert region_digit(["T4", "L4"], allow_multiple_sites=False) == "5"
    assert region_digit(["C4", "L4"], allow_multiple_sites=False) is None


# --- Grades -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("slip", "grade"),
    [(0, 1), (25, 1), (Decimal("25.5"), 2), (26, 2), (50, 2), (51, 3), (75, 3), (76, 4)]
    + [(100, 4), (101, 5)],
)
def test_meyerding_boundaries(slip: Decimal, grade: int) -> None:
    assert grades.meyerding_grade(slip) == grade


def test_meyerding_low_and_high_grade() -> None:
    assert [grades.meyerding_is_high_grade(g) for g in range(1, 6)] == [
        False,
        False,
        True,
        True,
        True,
    ]


@pytest.mark.parametrize(
    ("loss", "grade"),
    [(0, 0), (Decimal("19.9"), 0), (20, 1), (25, 1), (Decimal("25.1"), 2), (40, 2), (41, 3)],
)
def test_genant_bands(loss: Decimal, grade: int) -> None:
    assert grades.genant_grade(loss) == grade


@pytest.mark.parametrize(
    ("t_score", "fracture", "category"),
    [
        ("0.5", False, "normal"),
        ("-1.0", False, "normal"),
        ("-1.1", False, "low_bone_mass"),
        ("-2.4", False, "low_bone_mass"),
        ("-2.5", False, "osteoporosis"),
        ("-3.1", False, "osteoporosis"),
        ("-2.5", True, "severe_osteoporosis"),
        ("-1.5", True, "low_bone_mass"),
    ],
)
def test_who_categories(t_score: str, fracture: bool, category: str) -> None:
    assert (
        grades.bone_density_category(
            t_score=Decimal(t_score),
            z_score=None,
            sex="female",
            age=67,
            postmenopausal=True,
            fragility_fracture=fracture,
        )
        == category
    )


@pytest.mark.parametrize(
    ("sex", "age", "postmenopausal", "who"),
    [
        ("male", 50, False, True),
        ("male", 49, False, False),
        ("female", 45, True, True),  # early menopause recorded
        ("female", 45, False, False),
        ("female", 55, False, True),  # assumed postmenopausal from 50 [U]
    ],
)
def test_who_or_z_rule_by_age_and_sex(sex: str, age: int, postmenopausal: bool, who: bool) -> None:
    assert grades.uses_who_t_score(sex=sex, age=age, postmenopausal=postmenopausal) is who


@pytest.mark.parametrize(
    ("z_score", "category"),
    [
        ("-1.9", "within_expected_range"),
        ("-2.0", "below_expected_range"),
        ("1.0", "within_expected_range"),
    ],
)
def test_z_score_categories_for_younger_patients(z_score: str, category: str) -> None:
    result = grades.bone_density_category(
        t_score=Decimal("-3.0"),  # ignored: osteoporosis is not diagnosed from density here
        z_score=Decimal(z_score),
        sex="male",
        age=30,
        postmenopausal=False,
        fragility_fracture=True,
    )
    assert result == category


# --- Outcome measures -------------------------------------------------------------------
def test_odi_all_answered() -> None:
    result = outcomes.score("odi", [2] * 10)
    assert result.score == Decimal("40.0")
    assert result.band == "moderate"


def test_odi_with_one_missing_answer_scores_over_answered_sections() -> None:
    result = outcomes.score("odi", [3, 3, 3, 3, 3, 3, 3, 3, 3, None])
    assert result.score == Decimal("60.0")  # 27 / 45 x 100
    assert result.band == "severe"


def test_odi_with_two_missing_answers_is_invalid() -> None:
    with pytest.raises(ValidationError) as info:
        outcomes.score("odi", [3, 3, 3, 3, 3, 3, 3, 3, None, None])
    assert "answers" in info.value.message_dict


@pytest.mark.parametrize(
    ("answers", "band"),
    [([1] * 10, "minimal"), ([0] * 9 + [5], "minimal"), ([3] * 10, "severe")]
    + [
        ([4] * 10, "crippled"),
        ([5] * 10, "bed_bound"),
        ([2, 2, 2, 2, 2, 2, 2, 2, 2, 3], "severe"),  # 42 %,
    ],
)
def test_odi_bands(answers: list, band: str) -> None:
    assert outcomes.score("odi", answers).band == band


@pytest.mark.parametrize(
    "answers", [[1] * 9, [6] + [1] * 9, ["a"] * 10, [True] * 10, 5, None, [1.5] * 10]
)
def test_odi_bad_answers(answers: object) -> None:
    with pytest.raises(ValidationError):
        outcomes.score("odi", answers)


def test_nprs_score_and_meaningful_change() -> None:
    assert outcomes.score("nprs", 7).band == "severe"
    with pytest.raises(ValidationError):
        outcomes.score("nprs", 11)
    nprs = outcomes.is_meaningful_change
    assert nprs("nprs", baseline=Decimal(8), current=Decimal(6))  # 2 points
    assert nprs("nprs", baseline=Decimal(3), current=Decimal(2)) is True  # 33 %
    assert nprs("nprs", baseline=Decimal(8), current=Decimal(7)) is False  # 1 point, 12.5 %
    assert nprs("odi", baseline=Decimal(50), current=Decimal(40))
    assert nprs("odi", baseline=Decimal(50), current=Decimal("40.1")) is False


# --- Medications ------------------------------------------------------------------------
def test_default_intervals_per_drug() -> None:
    assert medications.default_interval("Denosumab") == 182
    assert medications.default_interval("alendronate") == 7
    assert medications.default_interval("Zoledronic acid") == 365
    assert medications.default_interval("ibuprofen") is None


def test_next_dose_for_denosumab() -> None:
    due = medications.next_dose_due(
        started_on=dt.date(2026, 1, 5),
        interval_days=182,
        last_dose_on=dt.date(2026, 1, 5),
        ended_on=None,
    )
    assert due == dt.date(2026, 7, 6)
    # A late dose restarts the 6-month clock from the day it was given [C].
    late = medications.next_dose_due(
        started_on=dt.date(2026, 1, 5),
        interval_days=182,
        last_dose_on=dt.date(2026, 8, 20),
        ended_on=None,
    )
    assert late == dt.date(2027, 2, 18)


def test_denosumab_overdue_after_the_threshold() -> None:
    due = dt.date(2026, 7, 6)
    overdue = medications.is_denosumab_overdue
    assert not overdue(drug="denosumab", next_due=due, today=due + dt.timedelta(days=28))
    assert overdue(drug="denosumab", next_due=due, today=due + dt.timedelta(days=29))
    assert not overdue(drug="alendronate", next_due=due, today=due + dt.timedelta(days=99))


def test_overdue_threshold_is_a_setting(settings) -> None:  # noqa: ANN001
    settings.TREATMENTS_DENOSUMAB_OVERDUE_DAYS = 7
    due = dt.date(2026, 7, 6)
    assert medications.is_denosumab_overdue(
        drug="denosumab", next_due=due, today=due + dt.timedelta(days=8)
    )


# --- Red flags --------------------------------------------------------------------------
def test_urgency_from_red_flags() -> None:
    assert red_flags.urgency_of([]) == "routine"
    assert red_flags.urgency_of(["night_pain"]) == "urgent"
    assert red_flags.urgency_of(["night_pain", "saddle_anesthesia"]) == "emergency"
    assert red_flags.urgency_of(["bladder_bowel_dysfunction"]) == "emergency"
    assert red_flags.urgency_of(["denosumab_gap"]) == "urgent"
