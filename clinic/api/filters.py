"""Query-string filters every app shares: a value the filter cannot read is a 400, not ignored."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

TRUE_WORDS = {"1", "true"}
FALSE_WORDS = {"0", "false"}


class StrictBooleanWidget(forms.TextInput):
    """Hands the raw text to the field; django-filter's own widget turns `maybe` into None."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class StrictBooleanField(forms.Field):
    widget = StrictBooleanWidget
    default_error_messages = {"invalid": "Give true or false."}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text not in TRUE_WORDS | FALSE_WORDS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return text in TRUE_WORDS


class StrictBooleanFilter(django_filters.BooleanFilter):
    """`?flag=true|false|1|0`; anything else is a 400 naming the parameter."""

    field_class = StrictBooleanField


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number of at least 1 (`1.5` no longer matches row 1)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)
