"""`make test` pre-flight: are PostgreSQL and Redis reachable? If not, say how to start them."""

from __future__ import annotations

import os
import socket
import sys
from urllib.parse import urlparse

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/vertebra",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}
HOW_TO_START = {
    "DATABASE_URL": (
        "PostgreSQL is not reachable at {where}. Start it, e.g.\n"
        "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
        "or `docker compose up -d db`, or set DATABASE_URL to a running server."
    ),
    "REDIS_URL": (
        "Redis is not reachable at {where}. Start it, e.g.\n"
        "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no\n"
        "or `docker compose up -d redis`, or set REDIS_URL to a running server."
    ),
}


def reachable(url: str, default_port: int) -> tuple[bool, str]:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    try:
        with socket.create_connection((host, port), timeout=3):
            return True, f"{host}:{port}"
    except OSError:
        return False, f"{host}:{port}"


def main() -> int:
    failed = False
    for name, port in (("DATABASE_URL", 5432), ("REDIS_URL", 6379)):
        ok, where = reachable(os.environ.get(name, DEFAULTS[name]), port)
        if not ok:
            print(HOW_TO_START[name].format(where=where), file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
