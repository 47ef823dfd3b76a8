"""The documents' work queue (`core.work`): the revisions submitted for approval, for those who
approve them (not their author, who may not)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.work import Waiting, filtered_list, work_queue
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.models import Revision

if TYPE_CHECKING:
    from cnqp.core.models import User


@work_queue("documents.revisions_to_approve", _("Revisions awaiting my approval"),
            permission="documents.approve_revision")
def revisions_to_approve(user: User) -> Waiting | None:
    revisions = scope_queryset(Revision.objects.filter(status=RevisionStatus.SUBMITTED),
                               user).exclude(author_id=user.pk)
    return Waiting(revisions.select_related("document_set").order_by("submitted_at", "pk"),
                   filtered_list("documents:revisions-list", status=RevisionStatus.SUBMITTED))
