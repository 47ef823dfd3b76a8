"""Writing press items: who may, what is refused (naming the field), all or nothing in bulk,
the attached file checked and kept with its checksum, every write audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cnqp.core.audit.chain import verify_chain
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.press import services
from cnqp.press.models import PressItem
from cnqp.press.tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def test_an_item_is_recorded_and_audited(world: World) -> None:
    item = world.add(title="Z111 bàn giao sản phẩm", by=world.enterprise,
                     link="https://www.qdnd.vn/a")
    assert item.pk and item.search_text == "z111 ban giao san pham bao quan doi nhan dan"
    entry = AuditEntry.objects.get(object_type="press.pressitem", object_id=str(item.pk))
    assert entry.action == AuditAction.CREATE and entry.actor == world.enterprise


@pytest.mark.parametrize("field, data", [
    ("published_on", {"on": dt.date.today() + dt.timedelta(days=400)}),
    ("link", {"link": "ftp://example.org/a.pdf"}),
    ("link", {"link": "javascript:alert(1)"}),
    ("kind", {"kind": "tweet"}),
    ("outlet", {"outlet": ""}),
])
def test_bad_input_is_refused_naming_the_field(world: World, field: str,
                                               data: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.add(**data)
    assert field in _fields(excinfo)
    assert not PressItem.objects.exists()


def test_today_is_not_the_future(world: World) -> None:
    assert world.add(on=timezone.localdate()).pk


def test_an_enterprise_writes_only_its_own_units_items(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.add(world.org.enterprise_b, by=world.enterprise)
    assert _fields(excinfo) == {"subject_unit"}
    item = world.add(world.org.workshop_a1, by=world.enterprise)  # a unit below its own
    with pytest.raises(ValidationError):
        services.update_item(world.other, item, title="Sửa")
    with pytest.raises(ValidationError):
        services.update_item(world.enterprise, item, subject_unit=world.org.enterprise_b)
    services.update_item(world.enterprise, item, title="Sửa", link="http://vtv.vn/x")
    item.refresh_from_db()
    assert (item.title, item.link) == ("Sửa", "http://vtv.vn/x")
    with pytest.raises(ValidationError):
        services.update_item(world.enterprise, item, link="file:///etc/passwd")


def test_an_item_is_not_filed_above_its_writers_clearance(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.add(by=world.enterprise, classification=Classification.SECRET)
    assert _fields(excinfo) == {"classification"}


def _many(world: World, n: int) -> list[dict[str, object]]:
    return [{"kind": "news", "title": f"Tin {i}", "outlet": "VTV1",
             "published_on": dt.date(2023, 3, 1), "subject_unit": world.org.enterprise_a}
            for i in range(n)]


def test_create_items_writes_all_with_one_entry_each_and_a_sound_chain(world: World) -> None:
    world.add()
    before = AuditEntry.objects.count()
    created = services.create_items(world.staff, _many(world, 5))
    assert len(created) == 5 and all(item.pk for item in created)
    assert PressItem.objects.filter(search_text__contains="tin 3 vtv1").count() == 1
    assert AuditEntry.objects.count() == before + 5
    assert set(AuditEntry.objects.filter(object_type="press.pressitem")
               .values_list("object_id", flat=True)) >= {str(i.pk) for i in created}
    world.add()  # an ordinary entry after the batch still chains
    assert verify_chain()[1] == []


def test_create_items_writes_nothing_when_one_is_refused(world: World) -> None:
    items = _many(world, 4)
    items[1]["link"] = "ftp://x"
    items[3]["subject_unit"] = world.org.enterprise_b
    before = AuditEntry.objects.count()
    with pytest.raises(services.ItemsRefused) as excinfo:
        services.create_items(world.enterprise, items)
    assert {i: set(e.message_dict) for i, e in excinfo.value.errors.items()} == {
        1: {"link"}, 3: {"subject_unit"}}
    assert not PressItem.objects.exists() and AuditEntry.objects.count() == before


def test_a_file_is_checked_stored_and_replaced(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    item = world.add()
    with pytest.raises(ValidationError) as excinfo:
        services.attach_file(world.staff, item, file=SimpleUploadedFile("bai.pdf", b"MZ\x90"))
    assert _fields(excinfo) == {"file"}
    with pytest.raises(ValidationError):
        services.attach_file(world.staff, item, file=SimpleUploadedFile("bai.exe", PDF))
    item.refresh_from_db()
    assert not item.file
    services.attach_file(world.staff, item, file=SimpleUploadedFile("bài báo.pdf", PDF))
    item.refresh_from_db()
    assert item.original_name == "bài báo.pdf" and item.size == len(PDF)
    assert item.content_type == "application/pdf" and len(item.sha256) == 64
    assert item.file.name.startswith("press/") and "bài" not in item.file.name
    first = item.file.name
    with pytest.raises(ValidationError):
        services.attach_file(world.other, item, file=SimpleUploadedFile("b.pdf", PDF))
    assert (tmp_path / first).exists()


def test_delete(world: World) -> None:
    item = world.add()
    with pytest.raises(ValidationError):
        services.delete_item(world.other, item)
    services.delete_item(world.enterprise, item)
    assert not PressItem.objects.exists()
    assert AuditEntry.objects.filter(object_type="press.pressitem",
                                     action=AuditAction.DELETE).count() == 1
