"""Files of revisions: upload checks (size, type by extension and content), the SHA-256 kept
and verified at every download, the copy register and the stamp on classified PDFs, the
preview, scoping (404 out of scope, UI and API) and the auditors' access figures."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from cnqp.conftest import MakeUser, Org
from cnqp.core import services as core_services
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry, User
from cnqp.documents import files, selectors
from cnqp.documents.choices import CopyAction, RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory, UsageRightFactory
from cnqp.documents.models import DocumentCopy, DocumentSet, Revision, RevisionFile

pytestmark = pytest.mark.django_db

FILE_TYPE = "documents.revisionfile"


# --- helpers ----------------------------------------------------------------------------------


def make_pdf(pages: int = 2, text: str = "Ban ve chi tiet", rotate: int = 0) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{text} trang {number}")
        pdf.showPage()
    pdf.save()
    if not rotate:
        return buffer.getvalue()
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    for page in writer.pages:
        page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    return buffer.getvalue()


def make_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Số lượng"
    workbook.save(buffer)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 40
DWG = b"AC1032" + b"\x00" * 40


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def bearer(user: User) -> Client:
    _token, raw = core_services.create_api_token(user, user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(org: Org, make_user: MakeUser) -> User:
    return make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET,
                     username="nguyenvana", full_name="Nguyễn Văn Ánh")


@pytest.fixture
def auditor(org: Org, make_user: MakeUser) -> User:
    return make_user(["auditor"], org.root, Classification.TOP_SECRET, username="kiemtoan")


def draft(org: Org, level: int = Classification.SECRET) -> Revision:
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a, classification=level)
    return RevisionFactory(document_set=document_set, status=RevisionStatus.DRAFT)


def stored(actor: User, revision: Revision, name: str = "ban-ve.pdf",
           content: bytes | None = None) -> RevisionFile:
    return files.upload_revision_file(actor, revision, upload(name, content or make_pdf()))


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


# --- upload -----------------------------------------------------------------------------------


def test_upload_keeps_sha256_size_type_and_a_random_stored_name(org: Org, staff: User,
                                                                  media: Path) -> None:
    revision = draft(org)
    content = make_pdf()
    first = stored(staff, revision, "Bản vẽ lắp.pdf", content)
    second = stored(staff, revision, "Bản vẽ lắp.pdf", content)
    first.refresh_from_db()
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.size == len(content)
    assert first.content_type == "application/pdf"
    assert first.original_name == "Bản vẽ lắp.pdf"
    assert first.uploaded_by == staff
    assert first.file.name.startswith("documents/") and first.file.name.endswith(".pdf")
    assert "Bản" not in first.file.name
    assert first.file.name != second.file.name  # two uploads never collide
    assert (media / first.file.name).read_bytes() == content
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type=FILE_TYPE,
                                     object_id=str(first.pk)).exists()


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("anh.png", PNG, "image/png"),
    ("anh.jpg", JPEG, "image/jpeg"),
    ("anh.JPEG", JPEG, "image/jpeg"),
    ("scan.tif", TIFF, "image/tiff"),
    ("thuyet-minh.docx", make_docx(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("bang-ke.xlsx", make_xlsx(),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ban-ve.dwg", DWG, "image/vnd.dwg"),
    ("ghi-chu.txt", "Ghi chú: đường kính 12,5 mm\n".encode(), "text/plain"),
    ("ho-so.zip", make_zip(), "application/zip"),
])
def test_allowed_types_are_accepted_with_the_type_found(org: Org, staff: User, name: str,
                                                        content: bytes,
                                                        content_type: str) -> None:
    file = stored(staff, draft(org), name, content)
    assert file.content_type == content_type


@pytest.mark.parametrize(("name", "content", "words"), [
    ("ban-ve.pdf", b"MZ\x90\x00 this is a program", ["ban-ve.pdf", "PDF"]),
    ("ban-ve.pdf", b"%PDF-1.4 truncated nonsense", ["ban-ve.pdf"]),
    ("anh.png", JPEG, ["anh.png", "PNG"]),
    ("thuyet-minh.docx", make_zip(), ["thuyet-minh.docx"]),
    ("bang-ke.xlsx", make_docx(), ["bang-ke.xlsx"]),
    ("ghi-chu.txt", b"\x00\x01\x02binary", ["ghi-chu.txt", "TXT"]),
    ("virus.exe", b"MZ\x90\x00", ["virus.exe"]),
    ("rong.pdf", b"", ["rong.pdf"]),
])
def test_wrong_or_unknown_content_is_refused_naming_the_file(org: Org, staff: User,
                                                             media: Path, name: str,
                                                             content: bytes,
                                                             words: list[str]) -> None:
    with pytest.raises(ValidationError) as error:
        stored(staff, draft(org), name, content) if content else files.upload_revision_file(
            staff, draft(org), upload(name, content))
    message = " ".join(error.value.messages)
    for word in words:
        assert word in message
    assert not RevisionFile.objects.exists()
    assert stored_files(media) == []


def test_too_large_is_refused_before_anything_is_stored(org: Org, staff: User, media: Path,
                                                        settings: Any) -> None:
    settings.CNQP_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        stored(staff, draft(org), "lon.pdf", make_pdf(pages=30, text="x" * 80))
    assert "lon.pdf" in error.value.messages[0]
    assert not RevisionFile.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("status", [RevisionStatus.SUBMITTED, RevisionStatus.ISSUED,
                                    RevisionStatus.SUPERSEDED])
def test_only_a_draft_takes_or_loses_files(org: Org, staff: User, media: Path,
                                           status: str) -> None:
    revision = draft(org)
    file = stored(staff, revision)
    Revision.objects.filter(pk=revision.pk).update(status=status)
    revision.refresh_from_db()
    with translation.override("en"):
        with pytest.raises(ValidationError, match="immutable"):
            stored(staff, revision)
        with pytest.raises(ValidationError, match="immutable"):
            files.delete_revision_file(staff, file)
    assert RevisionFile.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_deleting_a_draft_file_removes_record_and_bytes(org: Org, staff: User, media: Path,
                                                        django_capture_on_commit_callbacks:
                                                        Any) -> None:
    file = stored(staff, draft(org))
    with django_capture_on_commit_callbacks(execute=True):
        files.delete_revision_file(staff, file)
    assert not RevisionFile.objects.exists()
    assert stored_files(media) == []
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type=FILE_TYPE).exists()


# --- download: copies, audit, stamp -----------------------------------------------------------


def test_each_classified_download_is_a_numbered_audited_stamped_copy(org: Org,
                                                                     staff: User) -> None:
    file = stored(staff, draft(org, Classification.SECRET), content=make_pdf(pages=3))
    contents = [files.open_for_download(staff, file, address="10.0.0.7").content.read()
                for _ in range(3)]
    copies = list(DocumentCopy.objects.filter(file=file).order_by("number"))
    assert [c.number for c in copies] == [1, 2, 3]
    assert {c.action for c in copies} == {CopyAction.DOWNLOAD}
    assert {c.user_id for c in copies} == {staff.pk}
    assert copies[0].address == "10.0.0.7"
    entries = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD, object_type=FILE_TYPE,
                                        object_id=str(file.pk)).order_by("id")
    assert [e.changes["copy"] for e in entries] == [1, 2, 3]
    assert {e.classification for e in entries} == {Classification.SECRET}
    pages = pdf_text(contents[2])
    assert len(pages) == 3
    for text in pages:  # every page carries the stamp
        assert "TỐI MẬT" in text
        assert "nguyenvana" in text and "Nguyễn Văn Ánh" in text
        assert "Bản số 3" in text
        assert "Ban ve chi tiet" in text  # the original content is still there
    assert "Bản số 1" in pdf_text(contents[0])[0]


@pytest.mark.parametrize(("level", "marking"), [(Classification.CONFIDENTIAL, "MẬT"),
                                                (Classification.TOP_SECRET, "TUYỆT MẬT")])
def test_the_marking_follows_the_classification(org: Org, make_user: MakeUser, level: int,
                                                marking: str) -> None:
    user = make_user(["enterprise_staff"], org.enterprise_a, Classification.TOP_SECRET)
    file = stored(user, draft(org, level))
    text = pdf_text(files.open_for_download(user, file).content.read())[0]
    assert marking in text and "Bản số 1" in text


def test_stamp_has_local_time_and_survives_rotated_pages(org: Org, staff: User,
                                                         settings: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    file = stored(staff, draft(org), content=make_pdf(pages=2, rotate=90))
    data = files.open_for_download(staff, file).content.read()
    now = timezone.localtime()
    for text in pdf_text(data):
        assert "TỐI MẬT" in text
        assert now.strftime("%d/%m/%Y") in text or (
            now - dt.timedelta(minutes=1)).strftime("%d/%m/%Y") in text


def test_print_and_view_of_a_classified_file(org: Org, staff: User) -> None:
    file = stored(staff, draft(org))
    printed = files.open_for_download(staff, file, action="print")
    viewed = files.open_for_download(staff, file, action="view")
    assert [(c.number, c.action) for c in DocumentCopy.objects.filter(file=file)] == [
        (1, CopyAction.PRINT)]  # a view takes no copy number
    assert "Bản số 1" in pdf_text(printed.content.read())[0]
    view_text = pdf_text(viewed.content.read())[0]
    assert "TỐI MẬT" in view_text and "Bản số" not in view_text
    modes = list(AuditEntry.objects.filter(object_type=FILE_TYPE, object_id=str(file.pk))
                 .exclude(action=AuditAction.CREATE).order_by("id")
                 .values_list("action", "changes__mode"))
    assert modes == [(AuditAction.DOWNLOAD, "print"), (AuditAction.VIEW, "view")]


def test_unclassified_files_are_served_as_stored(org: Org, staff: User) -> None:
    content = make_pdf()
    file = stored(staff, draft(org, Classification.UNCLASSIFIED), content=content)
    before = AuditEntry.objects.count()
    viewed = files.open_for_download(staff, file, action="view")
    assert viewed.content.read() == content
    assert AuditEntry.objects.count() == before  # a plain view of an unclassified record
    download = files.open_for_download(staff, file)
    assert download.content.read() == content  # not stamped
    assert download.filename == file.original_name
    assert not DocumentCopy.objects.exists()
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.changes) == (AuditAction.DOWNLOAD, {"mode": "download"})


def test_a_file_altered_on_disk_is_refused_and_the_refusal_is_audited(
        org: Org, staff: User, media: Path, client_for: Any) -> None:
    file = stored(staff, draft(org))
    path = media / file.file.name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    path.write_bytes(bytes(data))
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(files.ChecksumMismatch):
        files.open_for_download(staff, file)
    response = client_for(staff).get(reverse("documents:files-download", args=[file.pk]))
    assert response.status_code == 409
    assert file.original_name in response.content.decode()
    api = bearer(staff).get(f"/api/documents/files/{file.pk}/download")
    assert api.status_code == 409
    assert api.json()["code"] == "checksum_mismatch"
    refusals = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD, object_type=FILE_TYPE,
                                         object_id=str(file.pk))
    assert refusals.count() == 3
    for entry in refusals:
        assert entry.changes["refused"] == "checksum mismatch"
        assert entry.changes["expected"] == file.sha256
        assert entry.changes["actual"] == actual
    assert not DocumentCopy.objects.exists()  # nothing delivered, no copy number taken


def test_a_missing_file_is_refused(org: Org, staff: User, media: Path) -> None:
    file = stored(staff, draft(org, Classification.UNCLASSIFIED))
    (media / file.file.name).unlink()
    with pytest.raises(files.ChecksumMismatch):
        files.open_for_download(staff, file)
    assert AuditEntry.objects.latest("id").changes["refused"] == "file missing"


def test_copy_numbers_are_taken_under_a_lock_on_the_file_row(org: Org, staff: User) -> None:
    """Two concurrent downloads cannot share a number: the file row is locked (SELECT ... FOR
    UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), and the database
    refuses a duplicate (file, number) anyway. The test database lives in one transaction, so
    threads cannot be used here: the lock is checked in the SQL."""
    file = stored(staff, draft(org), content=make_pdf(pages=1))
    with CaptureQueriesContext(connection) as queries:
        files.open_for_download(staff, file)
    locks = [q["sql"] for q in queries.captured_queries
             if "FOR UPDATE" in q["sql"] and "documents_revisionfile" in q["sql"]]
    if connection.vendor == "postgresql":
        assert locks
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentCopy.objects.create(file=file, number=1, user=staff,
                                    action=CopyAction.DOWNLOAD)


# --- pages --------------------------------------------------------------------------------------


def test_file_page_previews_downloads_and_prints(org: Org, staff: User,
                                                 client_for: Any) -> None:
    file = stored(staff, draft(org))
    client = client_for(staff)
    page = client.get(reverse("documents:files-detail", args=[file.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'src="{reverse("documents:files-preview", args=[file.pk])}"' in html
    assert reverse("documents:files-download", args=[file.pk]) in html
    assert reverse("documents:files-print", args=[file.pk]) in html

    preview = client.get(reverse("documents:files-preview", args=[file.pk]))
    assert preview.status_code == 200
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert preview["Content-Disposition"].startswith("inline")
    assert preview["Content-Type"] == "application/pdf"
    assert "TỐI MẬT" in pdf_text(body(preview))[0]

    download = client.get(reverse("documents:files-download", args=[file.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    assert "private" in download["Cache-Control"]
    assert "Bản số 1" in pdf_text(body(download))[0]

    printed = client.get(reverse("documents:files-print", args=[file.pk]))
    assert printed["Content-Disposition"].startswith("inline")
    assert "Bản số 2" in pdf_text(body(printed))[0]
    assert list(DocumentCopy.objects.order_by("number").values_list("action", flat=True)) == [
        CopyAction.DOWNLOAD, CopyAction.PRINT]


def test_images_preview_and_other_types_do_not(org: Org, staff: User, client_for: Any) -> None:
    revision = draft(org, Classification.UNCLASSIFIED)
    image = stored(staff, revision, "anh.png", PNG)
    text = stored(staff, revision, "ghi-chu.txt", b"ghi chu")
    client = client_for(staff)
    page = client.get(reverse("documents:files-detail", args=[image.pk])).content.decode()
    assert f'<img class="img-fluid" src="{reverse("documents:files-preview", args=[image.pk])}"' \
        in page
    preview = client.get(reverse("documents:files-preview", args=[image.pk]))
    assert preview.status_code == 200 and body(preview) == PNG
    assert client.get(reverse("documents:files-preview", args=[text.pk])).status_code == 404
    download = client.get(reverse("documents:files-download", args=[text.pk]))
    assert body(download) == b"ghi chu"


def test_upload_through_the_revision_page(org: Org, staff: User, client_for: Any) -> None:
    revision = draft(org)
    client = client_for(staff)
    page = client.get(reverse("documents:revisions-detail", args=[revision.pk])).content.decode()
    url = reverse("documents:revisions-upload-files", args=[revision.pk])
    assert url in page and 'enctype="multipart/form-data"' in page
    response = client.post(url, {"file": [upload("a.pdf", make_pdf()), upload("b.png", PNG)]})
    assert response.status_code == 302
    assert sorted(revision.files.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]
    response = client.post(url, {"file": upload("c.pdf", b"not a pdf")}, follow=True)
    assert "c.pdf" in response.content.decode()
    assert revision.files.count() == 2


def test_no_upload_form_nor_upload_on_an_issued_revision(org: Org, staff: User,
                                                         client_for: Any) -> None:
    revision = draft(org)
    Revision.objects.filter(pk=revision.pk).update(status=RevisionStatus.ISSUED)
    client = client_for(staff)
    url = reverse("documents:revisions-upload-files", args=[revision.pk])
    page = client.get(reverse("documents:revisions-detail", args=[revision.pk])).content.decode()
    assert url not in page
    client.post(url, {"file": upload("a.pdf", make_pdf())})
    assert not revision.files.exists()


def test_upload_needs_the_change_permission(org: Org, make_user: MakeUser,
                                            client_for: Any) -> None:
    revision = draft(org)
    leader = make_user(["leadership"], org.root, Classification.SECRET)
    url = reverse("documents:revisions-upload-files", args=[revision.pk])
    response = client_for(leader).post(url, {"file": upload("a.pdf", make_pdf())})
    assert response.status_code == 403
    assert not revision.files.exists()


def test_remove_a_draft_file_through_its_page(org: Org, staff: User, client_for: Any) -> None:
    file = stored(staff, draft(org))
    response = client_for(staff).post(reverse("documents:files-remove", args=[file.pk]))
    assert response.status_code == 302
    assert not RevisionFile.objects.exists()


# --- scoping: out of scope is absent ------------------------------------------------------------


FILE_PAGES = ("files-detail", "files-download", "files-preview", "files-print")


def test_another_enterprise_without_a_right_gets_404(org: Org, staff: User,
                                                     make_user: MakeUser,
                                                     client_for: Any) -> None:
    file = stored(staff, draft(org))
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.TOP_SECRET)
    client = client_for(other)
    for name in FILE_PAGES:
        assert client.get(reverse(f"documents:{name}", args=[file.pk])).status_code == 404
    assert bearer(other).get(f"/api/documents/files/{file.pk}/download").status_code == 404
    assert not DocumentCopy.objects.exists()
    # positive control: a right in force on the set opens it
    UsageRightFactory(document_set=file.revision.document_set, enterprise=org.enterprise_b)
    for name in FILE_PAGES:
        assert client.get(reverse(f"documents:{name}", args=[file.pk])).status_code == 200
    assert bearer(other).get(f"/api/documents/files/{file.pk}/download").status_code == 200


def test_a_lower_clearance_gets_404(org: Org, staff: User, make_user: MakeUser,
                                    client_for: Any) -> None:
    file = stored(staff, draft(org, Classification.SECRET))
    low = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    client = client_for(low)
    for name in FILE_PAGES:
        assert client.get(reverse(f"documents:{name}", args=[file.pk])).status_code == 404
    assert bearer(low).get(f"/api/documents/files/{file.pk}/download").status_code == 404
    api_upload = bearer(low).post(f"/api/documents/revisions/{file.revision_id}/files",
                                  {"file": upload("a.pdf", make_pdf())})
    assert api_upload.status_code == 404
    assert not DocumentCopy.objects.exists()


# --- API ----------------------------------------------------------------------------------------


def test_api_upload_and_download(org: Org, staff: User) -> None:
    revision = draft(org)
    content = make_pdf()
    api = bearer(staff)
    response = api.post(f"/api/documents/revisions/{revision.pk}/files",
                        {"file": upload("ban-ve.pdf", content)})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["sha256"] == hashlib.sha256(content).hexdigest()
    assert data["original_name"] == "ban-ve.pdf" and data["size"] == len(content)
    download = api.get(f"/api/documents/files/{data['id']}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    text = pdf_text(body(download))[0]
    assert "TỐI MẬT" in text and "nguyenvana" in text and "Bản số 1" in text
    entry = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).latest("id")
    assert entry.source == "api" and entry.changes == {"mode": "download", "copy": 1}


def test_api_upload_refusals(org: Org, staff: User, make_user: MakeUser) -> None:
    revision = draft(org)
    url = f"/api/documents/revisions/{revision.pk}/files"
    wrong = bearer(staff).post(url, {"file": upload("ban-ve.pdf", b"GIF89a...")})
    assert wrong.status_code == 422
    assert "ban-ve.pdf" in wrong.json()["errors"][0]["message"]
    leader = make_user(["leadership"], org.root, Classification.SECRET)
    assert bearer(leader).post(url, {"file": upload("a.pdf", make_pdf())}).status_code == 403
    Revision.objects.filter(pk=revision.pk).update(status=RevisionStatus.ISSUED)
    assert bearer(staff).post(url, {"file": upload("a.pdf", make_pdf())}).status_code == 422
    assert not RevisionFile.objects.exists()


def test_openapi_documents_the_file_endpoints(staff: User, client_for: Any) -> None:
    schema = client_for(staff).get("/api/openapi.json").json()
    assert "/api/documents/files/{file_id}/download" in schema["paths"]
    upload_op = schema["paths"]["/api/documents/revisions/{revision_id}/files"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]


# --- auditors' figures --------------------------------------------------------------------------


def _activity(org: Org, staff: User, media: Path) -> tuple[DocumentSet, DocumentSet,
                                                             RevisionFile, RevisionFile]:
    secret_rev = draft(org, Classification.SECRET)
    plan = stored(staff, secret_rev, "a.pdf")
    spec = stored(staff, secret_rev, "b.png", PNG)
    plain = stored(staff, draft(org, Classification.UNCLASSIFIED), "c.pdf")
    for _ in range(3):
        files.open_for_download(staff, plan)
    files.open_for_download(staff, plan, action="print")
    files.open_for_download(staff, plan, action="view")
    files.open_for_download(staff, spec, action="view")
    files.open_for_download(staff, spec)
    files.open_for_download(staff, plain)
    files.open_for_download(staff, plain, action="print")
    files.open_for_download(staff, plain, action="view")  # not recorded: unclassified
    (media / spec.file.name).write_bytes(PNG + b"tampered")
    with pytest.raises(files.ChecksumMismatch):  # a refusal is not a download
        files.open_for_download(staff, spec)
    return secret_rev.document_set, plain.revision.document_set, plan, spec


def test_auditor_figures_per_set_and_per_file(org: Org, staff: User, auditor: User,
                                              media: Path,
                                              django_assert_num_queries: Any) -> None:
    secret_set, plain_set, plan, spec = _activity(org, staff, media)
    DocumentSetFactory(owner_unit=org.enterprise_a)  # no files: not listed
    figures = selectors.file_access_counts(auditor)
    with django_assert_num_queries(1):  # counted by the database, in one query
        rows = {s.pk: (s.view_count, s.download_count, s.print_count, s.copy_count)
                for s in figures}
    assert rows == {secret_set.pk: (2, 4, 1, 5), plain_set.pk: (0, 1, 1, 0)}
    per_file = {f.pk: (f.view_count, f.download_count, f.print_count, f.copy_count)
                for f in selectors.file_access_counts_per_file(auditor, secret_set)}
    assert per_file == {plan.pk: (1, 3, 1, 4), spec.pk: (1, 1, 0, 1)}


def test_auditor_figures_respect_clearance_and_permission(org: Org, staff: User,
                                                          make_user: MakeUser,
                                                          media: Path) -> None:
    secret_set, plain_set, _plan, _spec = _activity(org, staff, media)
    low_auditor = make_user(["auditor"], org.root, Classification.CONFIDENTIAL)
    assert [s.pk for s in selectors.file_access_counts(low_auditor)] == [plain_set.pk]
    assert not selectors.file_access_counts_per_file(low_auditor, secret_set).exists()
    assert not selectors.file_access_counts(staff).exists()  # no copy-register permission


def test_auditor_page(org: Org, staff: User, auditor: User, media: Path,
                      client_for: Any) -> None:
    secret_set, _plain_set, plan, _spec = _activity(org, staff, media)
    client = client_for(auditor)
    url = reverse("documents:file-statistics")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert secret_set.code in html
    assert url in client.get(reverse("core:home")).content.decode()  # in the menu
    detail = client.get(url, {"set": secret_set.pk}).content.decode()
    assert plan.original_name in detail
    assert client_for(staff).get(url).status_code == 403
    listing = AuditEntry.objects.filter(actor=auditor, action=AuditAction.LIST).latest("id")
    assert secret_set.pk in listing.changes["ids"]
