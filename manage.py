#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load settings now, so a bad variable is named
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc} (see .env.example; DEBUG=1 for development)")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
