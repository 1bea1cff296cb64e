from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from treatments.domain import outcomes
from treatments.domain.choices import Instrument
from treatments.models.base import ClinicalRecord


class OutcomeMeasure(ClinicalRecord):
    """An ODI or NPRS result; score and band are computed from the answers."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="outcome_measures"
    )
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    recorded_on = models.DateField()
    answers = models.JSONField(
        help_text="ODI: a list of 10 answers 0-5 or null. NPRS: one number 0-10."
    )
    score = models.DecimalField(max_digits=4, decimal_places=1, blank=True, editable=False)
    band = models.CharField(max_length=12, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [
            models.Index(fields=["patient", "instrument", "recorded_on"], name="outcome_series")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instrument__in=Instrument.values), name="outcome_instr_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="outcome_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.recorded_on}: {self.score}"

    def clean(self) -> None:
        if self.instrument not in Instrument.values:
            return  # the field's choices report it
        result = outcomes.score(self.instrument, self.answers)
        self.score, self.band = result.score, result.band
