"""The awards' rules: a title's recipient kind, dates, who acts for the unit; the titles'
identity once used; audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.awards import services
from cnqp.awards.choices import MovementKind
from cnqp.awards.models import Award, AwardTitle
from cnqp.awards.tests.conftest import World, title
from cnqp.core.models import AuditEntry


def _fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def test_an_award_is_recorded_and_audited(world: World) -> None:
    award = world.award("cstd-co-so", person="Nguyễn Văn An", by=world.enterprise,
                        person_position="Quản đốc")
    assert award.recipient == "individual" and award.unit == world.org.enterprise_a
    entry = AuditEntry.objects.filter(object_type="awards.award",
                                      object_id=str(award.pk)).get()
    assert entry.actor == world.enterprise


@pytest.mark.parametrize(("code", "person", "field"), [
    ("cstd-co-so", "", "person_name"),  # an individual's title names a person
    ("co-tong-cuc", "Nguyễn Văn An", "person_name"),  # a unit's names none
])
def test_the_titles_recipient_kind_is_respected(world: World, code: str, person: str,
                                                field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.award(code, person=person)
    assert field in _fields(excinfo)
    assert not Award.objects.exists()


def test_a_position_needs_a_person(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.award("giay-khen", person_position="Quản đốc")
    assert _fields(excinfo) == {"person_position"}


def test_a_decision_is_not_in_the_future_nor_before_the_title(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.award(on=timezone.localdate() + dt.timedelta(days=1))
    assert "decision_date" in _fields(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        world.award(on=dt.date(2001, 1, 1))
    assert "title" in _fields(excinfo)


def test_an_award_not_before_its_movement(world: World) -> None:
    movement = services.create_movement(
        world.staff, name="Đợt thi đua", kind=MovementKind.CAMPAIGN,
        launching_unit=world.org.root, start=dt.date(2023, 6, 1), end=dt.date(2023, 9, 30))
    with pytest.raises(ValidationError) as excinfo:
        world.award(on=dt.date(2023, 5, 1), movement=movement)
    assert "movement" in _fields(excinfo)
    world.award(on=dt.date(2023, 10, 5), movement=movement)
    with pytest.raises(ValidationError) as excinfo:
        services.update_movement(world.staff, movement, start=dt.date(2023, 10, 20),
                                  end=dt.date(2023, 12, 31))
    assert "start" in _fields(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.update_movement(world.staff, movement, end=dt.date(2023, 1, 1))
    assert "end" in _fields(excinfo)


def test_an_enterprise_records_only_its_own_awards(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.award(unit=world.org.enterprise_b, by=world.enterprise)
    assert "unit" in _fields(excinfo)
    award = world.award(by=world.other, unit=world.org.enterprise_b)
    with pytest.raises(ValidationError):
        services.delete_award(world.enterprise, award)
    services.update_award(world.staff, award, reason="Dẫn đầu phong trào")
    award.refresh_from_db()
    assert award.reason == "Dẫn đầu phong trào"
    with pytest.raises(ValidationError):
        services.update_award(world.staff, award, unit=world.org.enterprise_a)


def test_the_same_award_twice_is_refused(world: World) -> None:
    world.award(number="5/QĐ")
    with pytest.raises(ValidationError):
        world.award(number="5/QĐ")


def test_a_used_title_keeps_its_code_and_recipients(world: World) -> None:
    used = title("co-tong-cuc")
    world.award("co-tong-cuc")
    for change in ({"code": "co-moi"}, {"recipient_kind": "both"}):
        with pytest.raises(ValidationError) as excinfo:
            services.update_title(world.staff, used, **change)
        assert set(change) == _fields(excinfo)
    with pytest.raises(ValidationError):
        services.delete_title(world.staff, used)
    services.update_title(world.staff, used, description="Tặng đơn vị dẫn đầu")
    with pytest.raises(ValidationError) as excinfo:
        services.update_title(world.staff, used, valid_to=dt.date(2000, 1, 1))
    assert "valid_to" in _fields(excinfo)


def test_the_shipped_titles(db: None) -> None:
    names = set(AwardTitle.objects.values_list("name", flat=True))
    assert {"Cờ thi đua của Chính phủ", "Bằng khen của Thủ tướng Chính phủ",
            "Chiến sĩ thi đua toàn quân", "Chiến sĩ thi đua cơ sở", "Chiến sĩ tiên tiến",
            "Đơn vị quyết thắng", "Đơn vị tiên tiến", "Giấy khen"} <= names
    assert AwardTitle.objects.get(code="cstd-co-so").recipient_kind == "individual"
