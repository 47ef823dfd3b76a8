"""Codes that a record the writer may not see has taken.

A register's code is unique across the directorate (a document set's, a research project's,
a lot number within its product type), so a create refused because the code is taken tells
the writer that such a record exists, even when it is hidden from them: the refusal cannot be
told apart from any other ("already exists" for a record they see too), but whoever tries
code after code learns which are taken, without writing anything. That cannot be undone
without giving up the unique registers; it can be made visible and slow:

- every refusal caused by a hidden record is a `probe` entry in the audit log, as classified
  as the hidden record (its auditors see who tried which code, when, from where);
- after CNQP_PROBE_LIMIT such refusals within CNQP_PROBE_WINDOW_SECONDS, the user's creates
  and edits are refused before they are checked, with a message that says so, until the
  window passes.

The pages, the API (`Resource.perform`) and the register imports call this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import classification_of, scope_queryset
from cnqp.core.choices import AuditAction
from cnqp.core.models import AuditEntry

if TYPE_CHECKING:
    from cnqp.core.models import User

UNIQUE_CODES = ("unique", "unique_together")


def check_not_probing(user: User) -> None:
    """Refuse a write once the user's recent probes reach the limit."""
    since = timezone.now() - dt.timedelta(seconds=settings.CNQP_PROBE_WINDOW_SECONDS)
    recent = AuditEntry.objects.filter(actor=user, action=AuditAction.PROBE,
                                       at__gte=since).count()
    if recent >= settings.CNQP_PROBE_LIMIT:
        raise ValidationError(_(
            "Too many of your recent entries used codes that are already taken: new records "
            "are refused for a while. Ask the unit that keeps the register for a free code."))


def note_taken(user: User, model: type[Model], values: dict[str, Any]) -> bool:
    """If a record the user may not see holds `values` (a code, or a code with its product
    type), audit the attempt as a probe; whether it was one."""
    lookup = {k: v for k, v in values.items() if v not in (None, "")}
    if not lookup:
        return False
    taken = list(model._default_manager.filter(**lookup)[:2])
    if not taken:
        return False
    seen = set(scope_queryset(model._default_manager.filter(pk__in=[r.pk for r in taken]),
                              user).values_list("pk", flat=True))
    hidden = [record for record in taken if record.pk not in seen]
    if not hidden:
        return False
    audit.record(AuditAction.PROBE, actor=user, object_type=model._meta.label_lower,
                 object_id=str(hidden[0].pk), object_repr=str(hidden[0])[:255],
                 classification=classification_of(hidden[0]),
                 changes={"refused": {k: str(v) for k, v in lookup.items()}})
    return True


def unique_values(model: type[Model], error: ValidationError,
                  data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """For each uniqueness error of a validation, the values that collided."""
    if not hasattr(error, "error_dict"):
        return
    for name, errors in error.error_dict.items():
        for item in errors:
            if getattr(item, "code", None) not in UNIQUE_CODES:
                continue
            params = getattr(item, "params", None) or {}
            fields = params.get("unique_check") or ((name,) if name in data else ())
            values = {f: data.get(f) for f in fields}
            if values and all(v not in (None, "") for v in values.values()):
                yield values
