"""Shared set-up for benchmarks: Django on the benchmark database, migrated, and a timer."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/vertebra_bench"


def django_setup(*, suffix: str = "") -> None:
    """Point Django at the benchmark database (created and migrated if missing).

    Always a database of its own (BENCH_DATABASE_URL), never the one in DATABASE_URL: the
    benchmarks bulk-load hundreds of thousands of rows.
    """
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", BENCH_DATABASE_URL) + suffix
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn: Callable[[], object], *, repeat: int = 20, warmup: int = 2) -> dict[str, float]:
    """Run `fn` and return median / p95 / max wall time in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, int(len(samples) * 0.95))],
        "max_ms": samples[-1],
    }


def report(label: str, figures: dict[str, float]) -> None:
    parts = ", ".join(f"{key}={value:.2f}" for key, value in figures.items())
    print(f"{label}: {parts}", flush=True)
