"""Plan and send what is due, once, synchronously: the same services the beat tasks call."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scheduling.services import reminders as services


class Command(BaseCommand):
    help = "Plan DEXA screening reminders, then send every due reminder once, in this process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-plan", action="store_true", help="Skip the DEXA planning.")
        parser.add_argument("--limit", type=int, default=None, help="Claim at most N per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_plan"]:
            planned = services.reminders_plan_dexa()
            self.stdout.write(f"planned {planned} DEXA screening reminder(s)")
        requeued, failed = services.reminders_recover()
        if requeued or failed:
            self.stdout.write(f"recovered: {requeued} requeued, {failed} failed")
        outcomes: Counter[str] = Counter()
        while ids := services.reminders_claim_due(limit=options["limit"]):
            for reminder_id in ids:
                outcomes[services.reminder_send(reminder_id=reminder_id)] += 1
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"reminders: {summary or 'none due'}")
