"""Run every benchmark module in this folder, one after the other, each as `python -m`."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SKIP = {"__main__", "setup", "reminders_common"}


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name not in SKIP)
    only = set(sys.argv[1:])
    failures = 0
    for name in names:
        if only and name not in only:
            continue
        print(f"\n=== bench.{name}", flush=True)
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False)  # noqa: S603
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
