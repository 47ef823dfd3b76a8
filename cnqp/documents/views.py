"""Document pages beyond plain CRUD: the revision lifecycle actions and revocation."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cnqp.core.views.actions import ObjectActionView
from cnqp.documents import services
from cnqp.documents.forms import IssueForm, NoteForm
from cnqp.documents.resources import revisions, usage_rights

action_urls = [
    path("revisions/<int:pk>/submit/", ObjectActionView.as_view(
        resource=revisions, permission="documents.change_revision",
        call=lambda user, obj, data: services.submit_revision(user, obj),
        done_message=_("Submitted for approval.")), name="revisions-submit"),
    path("revisions/<int:pk>/return/", ObjectActionView.as_view(
        resource=revisions, permission="documents.change_revision", form_class=NoteForm,
        call=lambda user, obj, data: services.return_revision(user, obj, note=data["note"]),
        done_message=_("Returned to draft.")), name="revisions-return"),
    path("revisions/<int:pk>/approve/", ObjectActionView.as_view(
        resource=revisions, permission="documents.approve_revision",
        call=lambda user, obj, data: services.approve_revision(user, obj),
        done_message=_("Approved.")), name="revisions-approve"),
    path("revisions/<int:pk>/issue/", ObjectActionView.as_view(
        resource=revisions, permission="documents.approve_revision", form_class=IssueForm,
        call=lambda user, obj, data: services.issue_revision(user, obj, **data),
        done_message=_("Issued; the previous revision is superseded.")),
        name="revisions-issue"),
    path("usage-rights/<int:pk>/revoke/", ObjectActionView.as_view(
        resource=usage_rights, permission="documents.change_usageright", form_class=NoteForm,
        call=lambda user, obj, data: services.revoke_usage_right(user, obj,
                                                                 reason=data["note"]),
        done_message=_("Right revoked.")), name="usage-rights-revoke"),
]
