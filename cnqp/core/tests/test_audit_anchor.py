"""The anchored head of the audit chain: entries deleted at the end of the log, or all of them,
a forged anchor, an anchor file put back from an older copy and a database restored from an
older backup are all reported; the writer only moves the anchor forward, after commits, one
writer at a time; auditors see the anchored head above the log."""

from __future__ import annotations

import io
import json
import multiprocessing
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cnqp.core.audit import anchor
from cnqp.core.audit.chain import verify_chain
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.factories import AuditEntryFactory
from cnqp.core.models import AuditEntry, User
from cnqp.core.tests.test_audit import TABLE, append_only_guard_lifted, raw

# --- helpers ------------------------------------------------------------------------------


@pytest.fixture
def anchor_file(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "neo" / "audit-anchor.json"
    settings.AUDIT_ANCHOR_PATH = str(path)
    settings.AUDIT_ANCHOR_INTERVAL = 0
    return path


@pytest.fixture
def anchor_log(settings: Any, anchor_file: Path) -> Path:
    path = anchor_file.parent / "anchors.log"
    settings.AUDIT_ANCHOR_LOG = str(path)
    return path


@pytest.fixture
def entries(db: Any, anchor_file: Path) -> list[AuditEntry]:
    made = [AuditEntryFactory(action=AuditAction.VIEW, object_id=str(n)) for n in range(5)]
    return sorted(made, key=lambda entry: entry.pk)


def delete_entries(*ids: int) -> None:
    with append_only_guard_lifted():
        raw(f"DELETE FROM {TABLE} WHERE id IN ({', '.join(str(i) for i in ids)})")


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def verify_fails(*args: str) -> str:
    """The command's exit 1 and what it wrote to stderr: a sentence per problem."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="does not match its anchored head") as failure:
        call_command("verify_audit", *args, stdout=io.StringIO(), stderr=err)
    assert "audit chain broken" not in str(failure.value)  # what is left still verifies
    return err.getvalue()


# --- what is anchored ---------------------------------------------------------------------


def test_the_head_is_anchored_signed_and_moves_forward(entries: list[AuditEntry],
                                                       anchor_file: Path) -> None:
    first = anchor.advance()

    assert first is not None
    assert (first.entry_id, first.entry_hash, first.count) == (
        entries[-1].pk, entries[-1].entry_hash, 5)
    assert first.verifies()
    assert anchor.read_anchor(anchor_file) == first
    later = AuditEntryFactory()
    second = anchor.advance()
    assert second is not None
    assert (second.entry_id, second.count) == (later.pk, 6)
    assert anchor.advance() == second  # nothing new: nothing rewritten
    assert f"anchored head matches: entry {later.pk} (6 entries up to it)" in verify()


def test_entries_after_the_anchor_are_only_counted(entries: list[AuditEntry]) -> None:
    anchor.advance()
    AuditEntryFactory()
    AuditEntryFactory()
    assert "2 later entries not yet anchored" in verify()


def test_the_anchor_is_written_after_the_commit_once_per_transaction(
        db: Any, anchor_file: Path, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        AuditEntryFactory()
        AuditEntryFactory()
        last = AuditEntryFactory()
        assert not anchor_file.exists()  # nothing before the commit

    assert [c for c in callbacks if c is anchor._anchor_now] == [anchor._anchor_now]
    written = anchor.read_anchor(anchor_file)
    assert written is not None
    assert (written.entry_id, written.count) == (last.pk, 3)


def test_a_process_anchors_at_most_once_per_interval(
        db: Any, anchor_file: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anchor, "_last_try", float("-inf"))
    settings.AUDIT_ANCHOR_INTERVAL = 3600
    first = AuditEntryFactory()
    anchor._anchor_now()  # what runs after a commit
    AuditEntryFactory()
    anchor._anchor_now()  # within the hour: left to the next anchoring

    written = anchor.read_anchor(anchor_file)
    assert written is not None and written.entry_id == first.pk
    call_command("anchor_audit", stdout=io.StringIO())  # what cron runs every minute
    written = anchor.read_anchor(anchor_file)
    assert written is not None and written.count == 2


def test_anchoring_off_and_not_yet(db: Any, settings: Any, anchor_file: Path) -> None:
    AuditEntryFactory()
    assert "no anchored head yet" in verify()
    with pytest.raises(CommandError, match="no anchored head"):
        call_command("verify_audit", "--require-anchor", stdout=io.StringIO(),
                     stderr=io.StringIO())
    settings.AUDIT_ANCHOR_PATH = ""
    assert anchor.advance() is None
    assert "anchoring is off" in verify()
    with pytest.raises(CommandError, match="anchoring is off"):
        call_command("anchor_audit", stdout=io.StringIO())


# --- what the anchor detects -----------------------------------------------------------------


def test_deleting_the_last_entries_is_detected(entries: list[AuditEntry]) -> None:
    anchor.advance()
    delete_entries(entries[3].pk, entries[4].pk)
    assert verify_chain() == (3, [])  # the chain alone cannot see it

    err = verify_fails()

    assert (f"The audit log ends at entry #{entries[2].pk}, before the anchored head, entry "
            f"#{entries[4].pk}: entries at the end of the chain were deleted") in err


def test_emptying_the_log_is_detected(entries: list[AuditEntry]) -> None:
    anchor.advance()
    delete_entries(*(entry.pk for entry in entries))
    assert verify_chain() == (0, [])

    assert (f"The audit log is empty, but the anchored head is entry #{entries[4].pk}, with 5 "
            "entries up to it: every entry was deleted.") in verify_fails()


def test_cutting_the_tail_and_writing_on_is_detected(entries: list[AuditEntry]) -> None:
    """New entries after the cut link to what is left, so the chain verifies; the anchored
    entry is gone, and the writer refuses to move the anchor past the cut."""
    anchor.advance()
    delete_entries(entries[4].pk)
    AuditEntryFactory()
    assert verify_chain()[1] == []

    with pytest.raises(anchor.AnchorRefused, match=f"entry {entries[4].pk}"):
        anchor.advance()
    with pytest.raises(CommandError, match="was not anchored"):
        call_command("anchor_audit", stdout=io.StringIO())
    assert (f"The anchored head, entry #{entries[4].pk}, is missing from the audit log."
            in verify_fails())


def test_deleting_before_the_head_and_relinking_is_counted(entries: list[AuditEntry],
                                                           anchor_file: Path) -> None:
    """The chain names the relinked entry; the anchor's count says entries went missing."""
    anchor.advance()
    delete_entries(entries[1].pk)
    with append_only_guard_lifted():
        raw(f"UPDATE {TABLE} SET prev_hash = %s WHERE id = %s",
            [entries[0].entry_hash, entries[2].pk])
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"audit chain broken.*anchored head"):
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert f"entry {entries[2].pk}: content altered or entry forged" in err.getvalue()
    assert (f"The audit log holds 4 entries up to the anchored head, entry #{entries[4].pk}, "
            "which was anchored with 5: entries before it were deleted or inserted."
            in err.getvalue())


def test_a_forged_anchor_is_reported(entries: list[AuditEntry], anchor_file: Path) -> None:
    """Moving the anchor back to fit a shorter log needs the anchor key."""
    anchor.advance()
    delete_entries(entries[4].pk)
    forged = json.loads(anchor_file.read_text())
    forged.update(entry_id=entries[3].pk, entry_hash=entries[3].entry_hash, count=4)
    anchor_file.write_text(json.dumps(forged))

    err = verify_fails()

    assert "does not verify: forged, or signed with another key." in err
    with pytest.raises(anchor.AnchorRefused, match="does not verify"):
        anchor.advance()  # the writer does not paper over it either
    with override_settings(AUDIT_ANCHOR_KEY="the attacker's guess"):
        guessed = anchor.Anchor(**{**forged, "signature": ""}).signed()
    anchor_file.write_text(guessed.to_json())
    assert "does not verify" in verify_fails()


def test_an_unreadable_anchor_file_is_reported(entries: list[AuditEntry],
                                               anchor_file: Path) -> None:
    anchor.advance()
    anchor_file.write_text("{}")
    assert "holds no anchor" in verify_fails()


def test_an_older_copy_of_the_anchor_file_is_caught_by_the_log(
        entries: list[AuditEntry], anchor_file: Path, anchor_log: Path) -> None:
    older = anchor_file.with_name("older.json")
    anchor.advance()
    older.write_text(anchor_file.read_text())
    later = AuditEntryFactory()
    anchor.advance()
    assert len(anchor_log.read_text().splitlines()) == 2
    older.replace(anchor_file)  # a validly signed, older head put back...
    delete_entries(later.pk)  # ...to cut the tail

    err = verify_fails()

    assert (f"The anchor file names entry #{entries[4].pk}, the anchor log entry "
            f"#{later.pk}: the file was replaced by an older copy.") in err
    assert f"The audit log ends at entry #{entries[4].pk}" in err


def test_a_deleted_anchor_file_is_caught_by_the_log(entries: list[AuditEntry],
                                                    anchor_file: Path, anchor_log: Path) -> None:
    anchor.advance()
    anchor_file.unlink()
    assert f"is missing, but the anchor log names entry #{entries[4].pk}" in verify_fails()
    assert anchor.advance() is not None  # the writer carries on from the log's last anchor
    assert anchor_file.exists()


def test_forged_or_backward_lines_of_the_log_are_reported(
        entries: list[AuditEntry], anchor_file: Path, anchor_log: Path) -> None:
    anchor.advance()
    lines = anchor_log.read_text().splitlines()
    earlier = anchor.Anchor.from_json(lines[0])
    with override_settings(AUDIT_ANCHOR_KEY="the attacker's guess"):
        forged = anchor.Anchor(**{**json.loads(lines[0]), "count": 99, "signature": ""}).signed()
    backward = anchor.Anchor(entry_id=entries[2].pk, entry_hash=entries[2].entry_hash, count=3,
                             entry_at=earlier.entry_at, anchored_at=earlier.anchored_at).signed()
    anchor_log.write_text("\n".join([*lines, forged.to_json(), "not json",
                                     backward.to_json(), ""]))

    err = verify_fails()

    assert "Line 2 of the anchor log" in err and "does not verify" in err
    assert "Line 3 of the anchor log" in err and "is not an anchor" in err
    assert (f"Line 4 of the anchor log goes back from entry #{entries[4].pk} to "
            f"#{entries[2].pk} without a reset.") in err


# --- backups and restores ---------------------------------------------------------------------


def test_a_restored_older_database_is_reported_until_reset(
        entries: list[AuditEntry], anchor_file: Path, anchor_log: Path) -> None:
    """The backup holds the first three entries; the anchor is newer. The operator sees the
    restore named, accepts the loss with a reason, and the reset itself is audited."""
    anchor.advance()
    delete_entries(entries[3].pk, entries[4].pk)  # what restoring the older backup leaves

    err = verify_fails()
    assert "or the database was restored from an older backup" in err
    with pytest.raises(CommandError, match="needs --reason"):
        call_command("anchor_audit", "--reset", stdout=io.StringIO())

    out = io.StringIO()
    call_command("anchor_audit", "--reset", "--reason", "restored from the backup of 22/11",
                 stdout=out)

    assert f"replaced: entry {entries[4].pk}" in out.getvalue()
    reset_entry = AuditEntry.objects.order_by("-id").first()
    assert reset_entry is not None
    assert reset_entry.object_type == "audit.anchor"
    assert reset_entry.changes["reset"] == "restored from the backup of 22/11"
    assert reset_entry.changes["entry_id"] == [entries[4].pk, None]
    assert "restored from an older backup" in reset_entry.changes["problems"][0]
    after = verify()
    assert f"anchored head matches: entry {reset_entry.pk} (4 entries up to it)" in after
    assert "The anchor was started again at entry" in after  # the log keeps the reset


def test_a_reset_does_not_hide_a_broken_chain(entries: list[AuditEntry]) -> None:
    anchor.advance()
    with append_only_guard_lifted():
        raw(f"UPDATE {TABLE} SET object_repr = 'x' WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match="chain itself is broken"):
        call_command("anchor_audit", "--reset", "--reason", "x", stdout=io.StringIO())


def test_a_copy_kept_with_a_backup_verifies_the_restored_database(
        entries: list[AuditEntry], anchor_file: Path, tmp_path: Path) -> None:
    """The procedure of SECURITY.md: copy the anchor, then dump; entries written during the
    dump are after the copied head, so the restored database verifies against the copy."""
    anchor.advance()
    kept = tmp_path / "backup-anchor.json"
    kept.write_text(anchor_file.read_text())
    AuditEntryFactory()  # written while the dump ran
    anchor.advance()

    out = verify("--anchor", str(kept))

    assert f"anchored head matches: entry {entries[4].pk}" in out
    assert "1 later entry not yet anchored" in out


# --- one writer at a time ---------------------------------------------------------------------


def _count_under_the_lock(path: str, times: int) -> None:
    for _ in range(times):
        with anchor._turn(Path(path)):
            counter = Path(path).with_suffix(".count")
            value = int(counter.read_text()) if counter.exists() else 0
            anchor._replace_file(counter, str(value + 1))


def test_writers_in_several_processes_take_turns(tmp_path: Path) -> None:
    """Read, then replace, in four processes at once: no update is lost, and no reader ever
    sees a part of a file."""
    path = str(tmp_path / "audit-anchor.json")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count_under_the_lock, args=(path, 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert Path(path).with_suffix(".count").read_text() == "100"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


# --- what auditors see ------------------------------------------------------------------------


@pytest.fixture
def auditor(org: Any, make_user: Any) -> User:
    return make_user(["auditor"], org.root, Classification.SECRET, username="kiemtra")


def panel(response: Any) -> str:
    match = re.search(r'<section class="alert[^"]*" id="audit-anchor".*?</section>',
                      response.content.decode(), re.S)
    assert match, "no anchored head on the page"
    return " ".join(match.group(0).split())


def test_auditors_see_the_anchored_head_above_the_log(entries: list[AuditEntry], auditor: User,
                                                      client_for: Any) -> None:
    client = client_for(auditor)
    assert "Chưa có đầu chuỗi được neo" in panel(client.get("/audit/"))

    head = anchor.advance()
    assert head is not None
    shown = panel(client.get("/audit/"))
    assert f"Đầu chuỗi đã neo:</strong> <a href=\"/audit/{head.entry_id}/\">mục #{head.entry_id}" \
        in shown
    assert "lúc " + timezone.localtime(head.anchored_time).strftime("%d/%m/%Y %H:%M") in shown
    assert "<strong>khớp</strong>" in shown
    assert "alert-success" in shown

    delete_entries(entries[4].pk)
    shown = panel(client.get("/audit/"))
    assert "<strong>không khớp</strong>" in shown
    assert "alert-danger" in shown
    assert f"Nhật ký kiểm tra kết thúc ở mục #{entries[3].pk}" in shown
    assert client.get("/audit/", HTTP_HX_REQUEST="true").status_code == 200


def test_the_head_is_not_linked_for_an_auditor_below_its_level(
        db: Any, anchor_file: Path, org: Any, make_user: Any, client_for: Any) -> None:
    low = make_user(["auditor"], org.root, Classification.UNCLASSIFIED, username="kiemtra0")
    secret = AuditEntryFactory(classification=Classification.SECRET)
    anchor.advance()
    shown = panel(client_for(low).get("/audit/"))
    assert f"mục #{secret.pk}" in shown
    assert f"/audit/{secret.pk}/" not in shown


def test_the_head_is_not_shown_to_those_who_do_not_read_the_log(
        entries: list[AuditEntry], org: Any, make_user: Any, client_for: Any) -> None:
    anchor.advance()
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.TOP_SECRET)
    response = client_for(staff).get("/audit/")
    assert 'id="audit-anchor"' not in response.content.decode()
