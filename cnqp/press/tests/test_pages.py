"""The pages render for the enterprise's staff, the Political Department's staff and the
leadership, each seeing what they may; filters narrow the list as the figures' links say; the
export, the API, the file and the upload page go through the same gate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cnqp.core.testing.clients import signed_in_client
from cnqp.press.models import PressItem
from cnqp.press.tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def items(world: World) -> list[PressItem]:
    return [world.add(world.org.enterprise_a, title="Bài Z111"),
            world.add(world.org.enterprise_b, title="Tin Z113", kind="news",
                      on=dt.date(2022, 3, 1), outlet="VTV1")]


def _listed(client, query: str = "") -> set[int]:
    response = client.get(f"/press/items/{query}")
    assert response.status_code == 200
    return {obj.pk for obj in response.context["page"].object_list}


def test_each_reader_lists_what_they_may_see(world: World, items: list[PressItem]) -> None:
    a, b = items
    assert _listed(signed_in_client(world.enterprise)) == {a.pk}
    assert _listed(signed_in_client(world.staff)) == {a.pk, b.pk}
    assert _listed(signed_in_client(world.leader)) == {a.pk, b.pk}
    staff = signed_in_client(world.staff)
    assert _listed(staff, "?kind=news") == {b.pk}
    assert _listed(staff, "?year=2023") == {a.pk}
    assert _listed(staff, "?published_from=2022-01-01&published_to=2022-12-31") == {b.pk}
    assert _listed(staff, f"?subject_unit={world.org.enterprise_a.pk}") == {a.pk}
    assert _listed(staff, "?outlet=vtv") == {b.pk}
    assert signed_in_client(world.enterprise).get(f"/press/items/{b.pk}/").status_code == 404
    for user in (world.enterprise, world.staff, world.leader):
        client = signed_in_client(user)
        assert client.get(f"/press/items/{a.pk}/").status_code == 200
        assert client.get("/press/items/?export=xlsx").status_code == 200
        assert client.get("/").status_code == 200
    assert signed_in_client(world.staff).get("/press/import/items/").status_code == 200


def test_the_api(world: World, items: list[PressItem]) -> None:
    a, _b = items
    response = signed_in_client(world.enterprise).get("/api/press/items")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [a.pk]


def test_the_file_is_attached_and_downloaded(world: World, items: list[PressItem], settings,
                                             tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    a, b = items
    client = signed_in_client(world.enterprise)
    assert client.get(f"/press/items/{a.pk}/file/").status_code == 404  # none yet
    response = client.post(f"/press/items/{a.pk}/file/attach/",
                           {"file": SimpleUploadedFile("bai.pdf", PDF)})
    assert response.status_code == 302
    download = client.get(f"/press/items/{a.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client.post(f"/press/items/{b.pk}/file/attach/",
                       {"file": SimpleUploadedFile("b.pdf", PDF)}).status_code == 404
    leader = signed_in_client(world.leader)
    assert leader.get(f"/press/items/{a.pk}/file/").status_code == 200
    assert leader.post(f"/press/items/{a.pk}/file/attach/",
                       {"file": SimpleUploadedFile("c.pdf", PDF)}).status_code == 403
