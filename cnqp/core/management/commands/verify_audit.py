from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cnqp.core.audit.chain import verify_chain
from cnqp.core.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain: report every edited, inserted or deleted entry."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problems = verify_chain()
        head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        for problem in problems:
            self.stderr.write(f"entry {problem.entry_id}: {problem.problem}")
        if problems:
            raise CommandError(f"audit chain broken: {len(problems)} problem(s) in {checked} "
                               "entries")
        # Keep the head outside the database (a log, a printed register): removing entries at
        # the very end of the chain can only be seen against it.
        head_text = f"head entry {head[0]} {head[1]}" if head else "empty log"
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} entries; {head_text}"))
