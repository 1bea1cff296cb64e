"""Demo clinical records: diagnoses, imaging, braces, rest periods, medications, PT sessions."""

from __future__ import annotations


def seed_treatments(*, practitioners: list, patients: list) -> None:
    # Filled in by the clinical-records work (issue 3).
    return None
