"""The detail pages of technical documents: a set's revision timeline and rights, a revision's
lifecycle actions and files, read through the same scoping as everything else."""

from __future__ import annotations

from typing import Any

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.documents.forms import DateForm, IssueForm, NoteForm, RevokeForm
from cnqp.documents.models import DocumentSet, Revision, UsageRight
from cnqp.documents.resources import document_sets, revisions, usage_rights
from cnqp.documents.services import TRANSITIONS


@document_sets.detail
def set_context(user: User, document_set: DocumentSet) -> dict[str, Any]:
    """The revision timeline and the rights, through the same scoping as everything else."""
    timeline = list(scope_queryset(document_set.revisions.all(), user).select_related(
        "author", "approver", "superseded_by").prefetch_related("files").order_by("number"))
    previous: set[str] = set()
    for revision in timeline:  # what each revision changed in the file set, oldest first
        names = {f.original_name for f in revision.files.all()}
        revision.files_added = sorted(names - previous)  # type: ignore[attr-defined]
        revision.files_removed = sorted(previous - names)  # type: ignore[attr-defined]
        previous = names
    rights = scope_queryset(document_set.usage_rights.all(), user).select_related("enterprise")
    return {"revisions": timeline[::-1], "rights": rights}


@revisions.detail
def revision_context(user: User, revision: Revision) -> dict[str, Any]:
    allowed = [action for action, (sources, _target) in TRANSITIONS.items()
               if revision.status in sources]
    files = scope_queryset(revision.files.all(), user)
    # submit and approve are never offered together: one date field on the page
    return {"actions": allowed, "files": files, "issue_form": IssueForm(),
            "note_form": NoteForm(), "date_form": DateForm(),
            "can_approve": user.has_perm("documents.approve_revision"),
            "can_submit": user.has_perm("documents.change_revision")}


@usage_rights.detail
def right_context(user: User, right: UsageRight) -> dict[str, Any]:
    return {"revoke_form": RevokeForm()}
