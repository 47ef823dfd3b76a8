from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from cnqp.core.audit import anchor, checkpoint
from cnqp.core.audit.chain import walk_chain
from cnqp.core.models import AuditEntry


class Command(BaseCommand):
    help = ("Verify the audit log's hash chain and its anchored head: report every edited, "
            "inserted or deleted entry, including entries deleted at the end of the log.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", metavar="PATH",
                            help="check against this anchor file (a copy kept with a backup, "
                                 "say) instead of AUDIT_ANCHOR_PATH; the anchor log is then "
                                 "read only when --anchor-log names one")
        parser.add_argument("--anchor-log", metavar="PATH",
                            help="check against this log of anchors instead of AUDIT_ANCHOR_LOG")
        parser.add_argument("--require-anchor", action="store_true",
                            help="fail when there is no anchored head to check against")

    def handle(self, *args: Any, **options: Any) -> None:
        walked = walk_chain()
        checked, problems = walked.checked, walked.problems
        checkpoint.record_full(walked.last_id, walked.last_hash, problems)  # the pages show it
        head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        with translation.override("en"):
            anchored = anchor.check(
                path=Path(options["anchor"]) if options["anchor"] else None,
                log=Path(options["anchor_log"]) if options["anchor_log"] else None,
                with_log=bool(options["anchor_log"] or not options["anchor"]),
            )
        for problem in problems:
            self.stderr.write(f"entry {problem.entry_id}: {problem.problem}")
        for text in anchored.problems:
            self.stderr.write(f"anchored head: {text}")
        failures = []
        if problems:
            failures.append(f"audit chain broken: {len(problems)} problem(s) in {checked} "
                            "entries")
        if anchored.problems:
            failures.append(f"audit log does not match its anchored head: "
                            f"{len(anchored.problems)} problem(s)")
        if anchored.anchor is None and options["require_anchor"]:
            failures.append("no anchored head to check against")
        for note in anchored.notes:
            self.stdout.write(note)
        if failures:
            raise CommandError("; ".join(failures))
        head_text = f"head entry {head[0]} {head[1]}" if head else "empty log"
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} entries; {head_text}"))
        self.stdout.write(self.anchor_text(anchored))

    def anchor_text(self, anchored: anchor.AnchorCheck) -> str:
        if anchored.path is None:
            return self.style.WARNING(
                "no anchored head: anchoring is off (AUDIT_ANCHOR_PATH is empty), so entries "
                "deleted at the end of the log cannot be detected")
        if anchored.anchor is None:
            return self.style.WARNING(
                f"no anchored head yet in {anchored.path}: entries deleted at the end "
                "of the log cannot be detected until `manage.py anchor_audit` writes one")
        head = anchored.anchor
        later = (f"; {anchored.after} later entr{'y' if anchored.after == 1 else 'ies'} not "
                 "yet anchored") if anchored.after else ""
        return self.style.SUCCESS(f"anchored head matches: entry {head.entry_id} ({head.count} "
                                  f"entries up to it), anchored at {head.anchored_at}{later}")
