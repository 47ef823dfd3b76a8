"""The cards of legal work's record pages (cnqp/core/records/panels.py): a draft's steps and
consultation rounds and the document it was issued as; a register document's draft. Each card
lists only what the user may see, as the lists do."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cnqp.core.models import User
from cnqp.core.records.panels import RecordPanel, related_panel
from cnqp.legal import resources as r
from cnqp.legal.models import LegalDraft, LegalInstrument


def panels(user: User, obj: Any) -> list[RecordPanel]:
    if isinstance(obj, LegalDraft):
        cards = [
            related_panel(user, r.steps, {"draft": obj}, _("Drafting steps"),
                          without=("draft.title", "draft.lead_unit.code")),
            related_panel(user, r.rounds, {"draft": obj}, _("Consultation rounds"),
                          add_query=f"draft={obj.pk}", without=("draft.title",)),
        ]
        if obj.issued_on is not None:
            cards.append(related_panel(user, r.instruments, {"draft": obj},
                                       _("In the register")))
        return cards
    if isinstance(obj, LegalInstrument) and obj.draft_id is not None:
        return [related_panel(user, r.drafts, {"pk": obj.draft_id}, _("Drafted as"))]
    return []
