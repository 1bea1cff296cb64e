"""Drugs that create reminders: default dosing intervals and the denosumab gap (DOMAIN.md §5)."""

from __future__ import annotations

import datetime as dt

from treatments.domain import setting
from treatments.domain.choices import DrugClass

# drug -> (class, default interval in days). Other intervals a clinician may choose: risedronate
# 30, ibandronate 90 (IV), zoledronic acid 730 (prevention).
KNOWN_DRUGS: dict[str, tuple[str, int]] = {
    "alendronate": (DrugClass.BISPHOSPHONATE, 7),
    "risedronate": (DrugClass.BISPHOSPHONATE, 7),
    "ibandronate": (DrugClass.BISPHOSPHONATE, 30),
    "zoledronic_acid": (DrugClass.BISPHOSPHONATE, 365),
    "denosumab": (DrugClass.RANKL_INHIBITOR, 182),
    "teriparatide": (DrugClass.PTH_ANALOG, 1),
    "abaloparatide": (DrugClass.PTH_ANALOG, 1),
    "romosozumab": (DrugClass.SCLEROSTIN_INHIBITOR, 30),
    "calcitonin": (DrugClass.CALCITONIN, 1),
}
DENOSUMAB = "denosumab"
MAX_INTERVAL_DAYS = 730


def normalize_drug(name: str) -> str:
    """Lower case with underscores, so "Zoledronic acid" matches the table."""
    return "_".join(name.strip().lower().split())


def default_class(drug: str) -> str | None:
    known = KNOWN_DRUGS.get(normalize_drug(drug))
    return known[0] if known else None


def default_interval(drug: str) -> int | None:
    known = KNOWN_DRUGS.get(normalize_drug(drug))
    return known[1] if known else None


def next_dose_due(
    *,
    started_on: dt.date,
    interval_days: int | None,
    last_dose_on: dt.date | None,
    ended_on: dt.date | None,
) -> dt.date | None:
    """The next dose: one interval after the last (a missed denosumab dose given late restarts
    the 6-month clock from that date [C]); the start date before any dose; none once ended."""
    if not interval_days:
        return None
    due = last_dose_on + dt.timedelta(days=interval_days) if last_dose_on else started_on
    if ended_on is not None and due > ended_on:
        return None
    return due


def denosumab_overdue_days() -> int:
    """Days past the due date before clinicians are alerted [U: default 28]."""
    return int(setting("DENOSUMAB_OVERDUE_DAYS", 28))


def is_denosumab_overdue(*, drug: str, next_due: dt.date | None, today: dt.date) -> bool:
    if normalize_drug(drug) != DENOSUMAB or next_due is None:
        return False
    return (today - next_due).days > denosumab_overdue_days()
