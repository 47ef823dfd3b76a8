"""Pages render for the enterprise's staff, the political department's staff and leadership;
the import of a register: all rows or nothing, through the page and the command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cnqp.awards.models import Award
from cnqp.awards.tests.conftest import World

HEADER = ("Danh hiệu hoặc hình thức khen thưởng,Đơn vị,Họ và tên,Chức vụ,Cấp quyết định,"
          "Số quyết định,Ngày quyết định,Thành tích,Độ mật\n")
GOOD = (HEADER
        + "Cờ thi đua của Tổng cục Công nghiệp quốc phòng,Z111,,,Chủ nhiệm Tổng cục,"
          "12/QĐ-TCCNQP,20/12/2022,Dẫn đầu phong trào,Thường\n"
        + "Chiến sĩ thi đua cơ sở,Z111-PX1,Nguyễn Văn An,Quản đốc,Giám đốc Nhà máy Z111,"
          "40/QĐ-Z111,22/12/2022,,Thường\n")


@pytest.mark.parametrize("who", ["enterprise", "staff", "leader"])
def test_pages_render(world: World, client_for: Any, who: str) -> None:
    award = world.award()
    client = client_for(getattr(world, who))
    for name in ("awards:awards-list", "awards:movements-list", "awards:titles-list"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("awards:awards-detail", args=[award.pk]))
    assert page.status_code == 200
    assert client.get(reverse("awards:awards-list") + "?recipient=collective&level=directorate"
                      "&format=csv").status_code == 200
    api = client.get("/api/awards/awards")
    assert api.status_code == 200


def test_another_enterprise_does_not_see_the_award(world: World, client_for: Any) -> None:
    award = world.award()
    client = client_for(world.other)
    assert client.get(reverse("awards:awards-detail", args=[award.pk])).status_code == 404


def test_the_list_filters(world: World, client_for: Any) -> None:
    world.award()
    world.award("cstd-co-so", person="Trần Văn Bình")
    client = client_for(world.leader)
    page = client.get(reverse("awards:awards-list") + "?recipient=individual")
    assert "Trần Văn Bình" in page.content.decode()
    assert "Cờ thi đua" not in page.content.decode().split("<tbody")[1]


def test_the_import_command(world: World, tmp_path: Path) -> None:
    good = tmp_path / "so-khen-thuong.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_awards", str(good), "--user", world.enterprise.username)
    assert Award.objects.count() == 2
    assert Award.objects.get(person_name="Nguyễn Văn An").unit == world.org.workshop_a1


@pytest.mark.parametrize("bad", [
    ",Z111,Nguyễn Văn An,,Giám đốc,41/QĐ,22/12/2022,,Thường",  # no title
    "Chiến sĩ thi đua cơ sở,Z111,,,Giám đốc,41/QĐ,22/12/2022,,Thường",  # no person
    "Cờ thi đua của Tổng cục Công nghiệp quốc phòng,Z113,,,Chủ nhiệm,41/QĐ,22/12/2022,,Thường",
    "Giấy khen,Z111,,,Giám đốc,41/QĐ,22/12/2099,,Thường",  # in the future
    "Cờ thi đua của Tổng cục Công nghiệp quốc phòng,Z111,,,Chủ nhiệm Tổng cục,12/QĐ-TCCNQP,"
    "20/12/2022,,Thường",  # the first row again
])
def test_a_bad_import_writes_nothing(world: World, tmp_path: Path, bad: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + bad + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_awards", str(path), "--user", world.enterprise.username)
    assert not Award.objects.exists()
