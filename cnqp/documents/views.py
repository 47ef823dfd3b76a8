"""Document pages beyond plain CRUD: the revision lifecycle actions and revocation, the files
(upload, removal, download, preview, print) and the auditors' access figures."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from cnqp.core import audit
from cnqp.core.audit.context import client_address
from cnqp.core.models import User
from cnqp.documents import files, selectors
from cnqp.documents.models import DocumentSet, RevisionFile
from cnqp.documents.resources import copy_register, revision_files, revisions

# --- files: upload, removal, download, preview, print -------------------------------------------


def _visible_file(request: HttpRequest, pk: int) -> RevisionFile:
    """Out of scope (another enterprise without a right, a lower clearance) answers 404."""
    return revision_files.get_for(request.user, pk)  # type: ignore[no-any-return]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # behind login_required


def _serve(request: HttpRequest, file: RevisionFile, action: files.Action, *,
           inline: bool) -> HttpResponseBase:
    if action == "view" and file.content_type not in files.PREVIEWABLE:
        raise Http404
    try:
        download = files.open_for_download(_user(request), file, action=action,
                                           address=client_address(request))
    except files.FileRefused as exc:
        return TemplateResponse(request, "documents/revisionfile_refused.html",
                                {"object": file, "message": exc.message}, status=409)
    response = FileResponse(download.content, as_attachment=not inline,
                            filename=download.filename, content_type=download.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _serve(request, _visible_file(request, pk), "download", inline=False)


@login_required
@require_GET
@xframe_options_sameorigin  # the file page shows it in an <iframe>; the default is DENY
def preview_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _serve(request, _visible_file(request, pk), "view", inline=True)


@login_required
@require_GET
def print_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A download for printing: registered and stamped like one, opened in the browser (which
    prints it) when it can show the type."""
    file = _visible_file(request, pk)
    return _serve(request, file, "print", inline=file.content_type in files.PREVIEWABLE)


@login_required
@require_POST
def upload_files(request: HttpRequest, pk: int) -> HttpResponse:
    revision = revisions.get_for(request.user, pk, "update")
    uploads = request.FILES.getlist("file")
    if not uploads:
        messages.error(request, _("Choose a file to upload."))
    for uploaded in uploads:
        try:
            stored = files.upload_revision_file(_user(request), revision, uploaded)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(name)s” uploaded (%(size)s).") % {
                "name": stored.original_name, "size": files.format_size(stored.size)})
    return redirect("documents:revisions-detail", pk=revision.pk)


@login_required
@require_POST
def remove_file(request: HttpRequest, pk: int) -> HttpResponse:
    file = revision_files.get_for(request.user, pk, "documents.change_revision")
    try:
        files.delete_revision_file(_user(request), file)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("documents:files-detail", pk=file.pk)
    messages.success(request, _("“%(name)s” removed.") % {"name": file.original_name})
    return redirect("documents:revisions-detail", pk=file.revision_id)


# --- auditors: views, downloads and prints per document -----------------------------------------

STATISTICS_SORTS = ("view_count", "download_count", "print_count", "copy_count", "code")


@login_required
@require_GET
def file_statistics(request: HttpRequest) -> HttpResponse:
    """Per document set (and, for one set, per file): views, downloads, prints and copies."""
    user = copy_register.require(request.user)  # the auditors' register of copies
    sort = request.GET.get("sort", "-download_count")
    if sort.lstrip("-") not in STATISTICS_SORTS:
        sort = "-download_count"
    sets = selectors.file_access_counts(user).select_related("product_type").order_by(
        sort, "code")
    page = Paginator(sets, 25).get_page(request.GET.get("page"))
    chosen, per_file = None, None
    if request.GET.get("set"):
        # The figures' own rule (the copy register's): any set up to the auditor's clearance.
        chosen = selectors.file_access_counts(user).filter(
            pk=int(request.GET["set"]) if request.GET["set"].isdigit() else 0).first()
        if chosen is None:
            raise Http404
        per_file = list(selectors.file_access_counts_per_file(user, chosen))
    shown = list(page.object_list) + ([chosen] if chosen is not None else [])
    audit.record_listing(user, DocumentSet, shown)  # classified sets read: in the log
    return TemplateResponse(request, "documents/file_statistics.html", {
        "page": page, "sort": sort, "chosen": chosen, "per_file": per_file,
    })
