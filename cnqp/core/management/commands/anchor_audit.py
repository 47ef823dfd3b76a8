"""Anchor the audit chain's head now, or start the anchor again after a restore or a new key.

Every process anchors the head after its commits (at most once per `AUDIT_ANCHOR_INTERVAL`), so
entries written just before a quiet spell wait: run this command every minute (cron or a systemd
timer) to anchor them. `--reset` is for the two cases where the database rightly no longer
continues from the anchor: a restore from an older backup, and a new `AUDIT_ANCHOR_KEY`."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from cnqp.core import audit
from cnqp.core.audit import anchor
from cnqp.core.audit.chain import verify_chain
from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry

ANCHOR_OBJECT = "audit.anchor"  # the object type of the entry a reset writes


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class Command(AuditedCommand):
    help = ("Anchor the audit chain's head outside the database (AUDIT_ANCHOR_PATH); with "
            "--reset, start the anchor again from the database's head.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true",
                            help="anchor the database's head whatever was anchored before: after "
                                 "restoring an older backup, or with a new AUDIT_ANCHOR_KEY; "
                                 "refused when the chain itself is broken; audited")
        parser.add_argument("--reason", default="", help="why (required with --reset)")

    def handle(self, *args: Any, **options: Any) -> None:
        if anchor.anchor_path() is None:
            raise CommandError("anchoring is off: set AUDIT_ANCHOR_PATH")
        if options["reset"]:
            self.reset(options["reason"].strip())
            return
        try:
            head = anchor.advance()
        except (anchor.AnchorRefused, anchor.AnchorUnreadable) as exc:
            raise CommandError(f"the head was not anchored: {exc}") from exc
        if head is None:
            self.stdout.write("the audit log is empty: nothing to anchor")
        else:
            self.stdout.write(self.style.SUCCESS(self.described(head)))

    def reset(self, reason: str) -> None:
        if not reason:
            raise CommandError("--reset needs --reason: say why the anchor starts again")
        checked, problems = verify_chain()
        if problems:
            raise CommandError(f"the audit chain itself is broken ({len(problems)} problem(s) in "
                               f"{checked} entries, see `manage.py verify_audit`): a reset would "
                               "hide it")
        with translation.override("en"):
            before = anchor.check()
        if AuditEntry.objects.exists():
            anchor.reset(reason)  # the anchor continues from the database's head from now on,
            self.record_reset(before, reason)  # the reset is an entry of the log,
            after = anchor.advance()  # anchored too
        else:
            self.record_reset(before, reason)
            _replaced, after = anchor.reset(reason)
        if before.anchor is not None:
            self.stdout.write(f"replaced: {self.described(before.anchor)}")
        for problem in before.problems:
            self.stdout.write(f"  which did not match: {problem}")
        if after is not None:
            self.stdout.write(self.style.SUCCESS(f"anchored again: {self.described(after)}"))

    @staticmethod
    def record_reset(before: anchor.AnchorCheck, reason: str) -> None:
        old = before.anchor
        audit.record(
            AuditAction.UPDATE, actor=None, object_type=ANCHOR_OBJECT,
            object_repr="anchored head of the audit chain",
            classification=Classification.UNCLASSIFIED,
            changes={"reset": reason, "by": _os_user(),
                     "entry_id": [old.entry_id if old else None, None],
                     "entry_hash": [old.entry_hash if old else None, None],
                     "count": [old.count if old else None, None],
                     "problems": before.problems},
        )

    @staticmethod
    def described(head: anchor.Anchor) -> str:
        return (f"entry {head.entry_id} {head.entry_hash} ({head.count} entries up to it), "
                f"anchored at {head.anchored_at}")
