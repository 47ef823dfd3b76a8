"""Search across modules (core/site/search.py, the page /search/ and GET /api/core/search):
accent-insensitive, scoped like every list (a record above the reader's clearance or of
another unit is neither shown nor counted), only in resources the reader may view, in the
menu's order, with a query count that does not grow with the matches. SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.core.site import search
from cnqp.documents.factories import DocumentSetFactory

pytestmark = pytest.mark.django_db


def found(user: Any, query: str) -> dict[str, tuple[int, list[str]]]:
    """{"app.slug": (count, titles shown)} of what `user` finds."""
    return {f"{g.resource.app_label}.{g.resource.slug}": (g.count, [h.title for h in g.hits])
            for module in search.search_everywhere(user, query) for g in module.groups}


@pytest.fixture
def z111_staff(org: Any, make_user: Any) -> Any:
    return make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)


def test_words_without_accents_find_vietnamese_text(org: Any, z111_staff: Any) -> None:
    DocumentSetFactory(code="TL-1", title="Thiết kế Nhà máy pháo", owner_unit=org.enterprise_a)
    results = found(z111_staff, "nha may")
    assert results["documents.sets"] == (1, ["TL-1 Thiết kế Nhà máy pháo"])
    assert "Nhà máy Z111" in " ".join(results["core.org-units"][1])  # another module too
    assert found(z111_staff, "NHÀ MÁY PHÁO") == {"documents.sets": results["documents.sets"]}


def test_hidden_records_are_neither_found_nor_counted(org: Any, z111_staff: Any) -> None:
    DocumentSetFactory(code="TL-OWN", title="Nhà máy: bản vẽ", owner_unit=org.enterprise_a)
    DocumentSetFactory(code="TL-SECRET", title="Nhà máy: bản vẽ mật", owner_unit=org.enterprise_a,
                       classification=Classification.SECRET)  # above the reader's clearance
    DocumentSetFactory(code="TL-Z113", title="Nhà máy: bản vẽ Z113",
                       owner_unit=org.enterprise_b)  # another unit's
    assert found(z111_staff, "ban ve")["documents.sets"] == (1, ["TL-OWN Nhà máy: bản vẽ"])
    assert "documents.sets" not in found(z111_staff, "mat")
    assert "documents.sets" not in found(z111_staff, "z113")


def test_a_resource_without_view_permission_is_not_searched(org: Any, make_user: Any) -> None:
    reader = make_user(["user_unit_staff"], org.user_unit, Classification.SECRET)
    DocumentSetFactory(title="Sư đoàn: tài liệu", owner_unit=org.user_unit)  # in their unit
    results = found(reader, "su doan")
    assert not any(key.startswith("documents.") for key in results)
    assert results["core.org-units"][0] == 1  # the positive control: org units they may view


def test_classified_matches_shown_are_audited_as_a_listing(org: Any, make_user: Any) -> None:
    reader = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    secret = DocumentSetFactory(title="Pháo mật", owner_unit=org.enterprise_a,
                                classification=Classification.SECRET)
    assert found(reader, "phao mat")["documents.sets"][0] == 1
    entry = AuditEntry.objects.get(action=AuditAction.LIST, actor=reader)
    assert entry.changes == {"ids": [secret.pk]}


def test_groups_follow_the_menu_and_counts_stop_at_the_cap(org: Any, admin_user: Any,
                                                          monkeypatch: Any) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 7)
    DocumentSetFactory.create_batch(9, title="Z111 bản vẽ", owner_unit=org.enterprise_a)
    modules = search.search_everywhere(admin_user, "z111")
    labels = [m.app_label for m in modules]
    # core stands where most of its menu does, its System group, after the modules'
    assert labels == sorted(labels, key=lambda label: label == "core") and "documents" in labels
    sets = next(g for m in modules for g in m.groups if g.resource.slug == "sets")
    assert (sets.count, sets.capped, len(sets.hits)) == (8, True, search.SHOWN)
    assert sets.list_url == "/documents/sets/?q=z111"
    assert sets.hits[0].url.startswith("/documents/sets/")


def test_every_searchable_resource_is_searched_without_code_of_its_own() -> None:
    searched = search.searched_resources()
    assert {(r.app_label, r.slug) for r in searched} >= {
        ("core", "org-units"), ("documents", "sets"), ("safety", "incidents")}
    assert all(hasattr(r.model, "search_text") and r.searchable for r in searched)
    # the menu's order: modules by their groups, resources by their list pages
    keys = [f"{r.app_label}.{r.slug}" for r in searched]
    assert keys.index("documents.sets") < keys.index("safety.incidents") \
        < keys.index("safety.assets") < keys.index("core.org-units") < keys.index("core.users")


def _page_queries(client: Client, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_queries_do_not_grow_with_the_matches(org: Any, admin_user: Any, client_for: Any) -> None:
    client = client_for(admin_user)
    DocumentSetFactory.create_batch(2, title="Ống phóng", owner_unit=org.enterprise_a,
                                    classification=Classification.CONFIDENTIAL)
    _page_queries(client, "ong phong")  # warm per-session caches
    two = _page_queries(client, "ong phong")
    DocumentSetFactory.create_batch(18, title="Ống phóng", owner_unit=org.enterprise_a,
                                    classification=Classification.CONFIDENTIAL)
    assert _page_queries(client, "ong phong") == two


def test_page_shows_groups_with_counts_and_see_all(org: Any, z111_staff: Any,
                                                  client_for: Any) -> None:
    DocumentSetFactory(code="TL-9", title="Nhà máy cơ khí", owner_unit=org.enterprise_a)
    with translation.override("en"):
        response = client_for(z111_staff).get("/search/", {"q": "nha may co khi"})
    html = response.content.decode()
    assert 'data-resource="documents.sets"' in html
    assert "/documents/sets/?q=nha+may+co+khi" in html
    assert "TL-9 Nhà máy cơ khí" in html
    assert [m.app_label for m in response.context["modules"]] == ["documents"]


@pytest.mark.parametrize("query", ["", "a", " đ ", "-"])
def test_short_query_shows_the_hint_and_searches_nothing(org: Any, z111_staff: Any,
                                                         client_for: Any, query: str,
                                                         monkeypatch: Any) -> None:
    def searched(*args: Any) -> None:
        raise AssertionError("a short query was searched")

    monkeypatch.setattr(search, "find_in", searched)
    response = client_for(z111_staff).get("/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["refused"] == "short" and response.context["modules"] == []
    assert b"data-search-hint" in response.content


def test_anonymous_is_sent_to_log_in(db: Any) -> None:
    response = Client().get("/search/", {"q": "z111"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_header_offers_the_search_box(org: Any, z111_staff: Any, client_for: Any) -> None:
    html = client_for(z111_staff).get("/").content.decode()
    assert 'action="/search/"' in html and 'role="search"' in html


def test_api_answers_groups_scoped_like_the_page(org: Any, z111_staff: Any,
                                                client_for: Any) -> None:
    own = DocumentSetFactory(code="TL-A", title="Nhà máy A", owner_unit=org.enterprise_a)
    DocumentSetFactory(code="TL-B", title="Nhà máy B", owner_unit=org.enterprise_b)
    client = client_for(z111_staff)
    body = client.get("/api/core/search", {"q": "nha may"}).json()
    sets = next(g for g in body["groups"] if g["module"] == "documents")
    assert (sets["resource"], sets["count"], sets["capped"]) == ("sets", 1, False)
    assert sets["results"] == [{"id": own.pk, "title": "TL-A Nhà máy A",
                                "url": f"/documents/sets/{own.pk}/", "classification": 0}]
    refused = client.get("/api/core/search", {"q": "a"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "q"
