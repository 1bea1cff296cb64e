from __future__ import annotations

import pytest

from tests.factories.treatments import (
    BracePrescriptionFactory,
    DiagnosisFactory,
    ImagingOrderFactory,
    MedicationFactory,
    OutcomeMeasureFactory,
    PTSessionFactory,
    RestPeriodFactory,
)

pytestmark = pytest.mark.django_db


def test_factories_build_every_record() -> None:
    dx = DiagnosisFactory()
    assert dx.icd10_code == "M43.06"
    assert ImagingOrderFactory(patient=dx.patient).status == "ordered"
    assert BracePrescriptionFactory(patient=dx.patient).end_date
    assert RestPeriodFactory(diagnosis=dx).pk
    assert MedicationFactory(patient=dx.patient).next_dose_due
    assert PTSessionFactory(patient=dx.patient).pk
    assert OutcomeMeasureFactory(patient=dx.patient).band == "moderate"
