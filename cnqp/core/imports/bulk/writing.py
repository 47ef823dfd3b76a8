"""Writing a checked file, all of it in one transaction: the importer's in-transaction checks
(what must still hold at the moment of writing, under the writers' lock where there is one),
its INSERT … SELECT from the resolved table, and one audit entry naming the file (SHA-256), the
rows, the counts and the job."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.db import transaction
from django.utils.functional import Promise

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.imports.bulk.session import timed
from cnqp.core.imports.results import BulkResult

if TYPE_CHECKING:
    from cnqp.core.models import User


class Writing:
    """The write step of a `BulkImporter`."""

    name: ClassVar[str]
    label: ClassVar[str | Promise]
    object_type: ClassVar[str]  # the audit entry's record type
    actor: User
    job_id: int | None
    timings: dict[str, float]

    # --- hooks -------------------------------------------------------------------------------

    def check_in_transaction(self) -> None:
        """Checks that must hold at the moment of writing; raise BulkRefused."""

    def write(self) -> dict[str, int]:
        """Insert from the resolved table; return counts by label. In the transaction."""
        raise NotImplementedError

    def classification(self) -> int:
        """The level of what was imported: the level of the audit entry and of the job."""
        return 0

    # --- the step ----------------------------------------------------------------------------

    def _write(self, result: BulkResult) -> None:
        with transaction.atomic():
            with timed(self.timings, "check at writing"):
                self.check_in_transaction()
            with timed(self.timings, "write"):
                result.created = self.write()
            result.classification = self.classification()
            audit.record(AuditAction.CREATE, actor=self.actor, object_type=self.object_type,
                         object_id=str(self.job_id or ""),
                         object_repr=f"{self.label}: {result.file_name}"[:255],
                         classification=result.classification,
                         changes={"import": [None, {
                             "importer": self.name, "file": result.file_name,
                             "sha256": result.sha256, "rows": result.rows,
                             "job": self.job_id, **result.created}]})
