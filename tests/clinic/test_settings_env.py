"""Configuration comes from the environment; bad values stop start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda: env.env_bool("X_FLAG"), "perhaps"),
        (lambda: env.env_int("X_FLAG", 1), "ten"),
        (lambda: env.env_int("X_FLAG", 1, minimum=1), "0"),
        (lambda: env.env_timezone("X_FLAG", "UTC"), "Mars/Base"),
        (lambda: env.env_choice("X_FLAG", "a", {"a", "b"}), "c"),
        (lambda: env.env_url("X_FLAG", "redis://x", schemes={"redis"}), "http://x"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch, reader, value: str) -> None:  # noqa: ANN001
    monkeypatch.setenv("X_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        reader()


def test_good_values_are_parsed(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("X_FLAG", "yes")
    assert env.env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", " 42 ")
    assert env.env_int("X_FLAG", 1) == 42
    monkeypatch.setenv("X_FLAG", "a, b,,c")
    assert env.env_list("X_FLAG", []) == ["a", "b", "c"]


def _start(extra: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 50, **extra}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://nope"),
        ("CLINIC_TIMEZONE", "Mars/Base"),
        ("DEBUG", "sometimes"),
        ("EMAIL_PORT", "twenty-five"),
        ("SMS_BACKEND", "carrier-pigeon"),
        ("CELERY_BROKER_URL", "kafka://x"),
    ],
)
def test_startup_fails_naming_the_variable(variable: str, value: str) -> None:
    result = _start({variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_startup_without_secret_key_fails_when_not_debug() -> None:
    result = _start({"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_every_management_command_names_the_bad_variable() -> None:
    environment = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Configuration error: SECRET_KEY must be set" in result.stderr
