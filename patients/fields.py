from __future__ import annotations

from django.db import models

from patients.validators import normalize_phone


class PhoneNumberField(models.CharField):
    """A phone number stored in E.164; `full_clean()` normalises what was typed.

    Written here rather than taking django-phonenumber-field: we only need parse-and-normalise,
    and a plain CharField keeps the admin, the serializers and the schema simple.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        return normalize_phone(text) if text else ""
