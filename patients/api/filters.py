from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from patients.domain import Sex
from patients.models import Patient
from patients.selectors import patient_search


class PatientFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", max_length=100)
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    born_after = django_filters.DateFilter(field_name="date_of_birth", lookup_expr="gte")
    born_before = django_filters.DateFilter(field_name="date_of_birth", lookup_expr="lte")

    class Meta:
        model = Patient
        fields = ["search", "sex", "born_after", "born_before"]

    def filter_search(self, queryset: QuerySet[Patient], name: str, value: str) -> QuerySet:
        return patient_search(queryset, value)
