"""Accent- and case-insensitive search over `search_text`, and Vietnamese sorting through the
"vi" collation. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import random
import unicodedata
from typing import Any

import pytest
from django.db.models import QuerySet

from cnqp.conftest import MakeUser
from cnqp.core import services
from cnqp.core.choices import OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import AuditEntry, OrgUnit
from cnqp.core.records.ordering import ordering_expression
from cnqp.core.records.search import apply_search
from cnqp.core.text import vi_sort_key

pytestmark = pytest.mark.django_db



NAMES = ["Đường dây 500", "Phòng Nghiệm thu", "Quyết định QĐ-123", "Nhà máy Z111"]


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


@pytest.fixture
def units(db: Any) -> dict[str, OrgUnit]:
    return {name: OrgUnitFactory(name=name) for name in NAMES}


def found(query: str) -> set[str]:
    return set(apply_search(OrgUnit.objects.all(), query).values_list("name", flat=True))


# --- apply_search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("duong", {"Đường dây 500"}),
        ("DUONG", {"Đường dây 500"}),
        ("đường", {"Đường dây 500"}),
        ("ĐƯỜNG", {"Đường dây 500"}),
        ("Đường dây", {"Đường dây 500"}),
        ("500", {"Đường dây 500"}),
        ("nghiem thu", {"Phòng Nghiệm thu"}),
        ("Nghiệm Thu", {"Phòng Nghiệm thu"}),
        ("thu nghiem", {"Phòng Nghiệm thu"}),  # terms in any order
        ("qd", {"Quyết định QĐ-123"}),
        ("QĐ-123", {"Quyết định QĐ-123"}),
        ("quyet dinh", {"Quyết định QĐ-123"}),
        ("z111", {"Nhà máy Z111"}),
        ("nha may", {"Nhà máy Z111"}),
        ("  nha    may  ", {"Nhà máy Z111"}),
    ],
)
def test_search_is_accent_and_case_insensitive(units: dict[str, OrgUnit], query: str,
                                              expected: set[str]) -> None:
    assert found(query) == expected


def test_search_terms_are_anded(units: dict[str, OrgUnit]) -> None:
    assert found("nha z111") == {"Nhà máy Z111"}
    assert found("phong thu") == {"Phòng Nghiệm thu"}
    # Each term alone matches something; together nothing matches both.
    assert found("nha") and found("nghiem")
    assert found("nha nghiem") == set()
    assert found("duong qd") == set()


def test_empty_query_returns_everything(units: dict[str, OrgUnit]) -> None:
    everything = set(OrgUnit.objects.values_list("name", flat=True))
    assert set(NAMES) <= everything
    assert found("") == everything
    assert found("   ") == everything


def test_unmatched_query_returns_nothing(units: dict[str, OrgUnit]) -> None:
    assert found("khong co") == set()


def test_decomposed_query_matches(units: dict[str, OrgUnit]) -> None:
    query = nfd("Nghiệm thu")
    assert query != "Nghiệm thu"
    assert found(query) == {"Phòng Nghiệm thu"}
    assert found(nfd("đường dây")) == {"Đường dây 500"}
    assert found(nfd("Quyết")) == {"Quyết định QĐ-123"}


def test_decomposed_stored_name_is_found(units: dict[str, OrgUnit]) -> None:
    OrgUnitFactory(name=nfd("Phòng Kỹ thuật"))
    assert found("ky thuat") == {nfd("Phòng Kỹ thuật")}
    assert found("Kỹ thuật") == {nfd("Phòng Kỹ thuật")}


def test_search_text_follows_renames_through_the_service(units: dict[str, OrgUnit]) -> None:
    unit = units["Nhà máy Z111"]
    services.update_org_unit(None, unit, name=nfd("Nhà máy Cơ khí Hà Nội"))
    unit.refresh_from_db()
    assert unit.name == "Nhà máy Cơ khí Hà Nội"  # stored composed
    assert found("co khi ha noi") == {"Nhà máy Cơ khí Hà Nội"}
    assert found("nha may") == {"Nhà máy Cơ khí Hà Nội"}
    assert found("duong") == {"Đường dây 500"}


def test_search_covers_code_and_short_name(units: dict[str, OrgUnit]) -> None:
    OrgUnitFactory(code="X55", name="Viện Vũ khí", short_name="VVK")
    assert found("x55") == {"Viện Vũ khí"}
    assert found("vvk") == {"Viện Vũ khí"}


@pytest.mark.parametrize("query", ["%", "_", "d%g", "n_a"])
def test_like_wildcards_are_literal(units: dict[str, OrgUnit], query: str) -> None:
    assert found(query) == set()


def test_models_without_search_text_are_left_alone(units: dict[str, OrgUnit]) -> None:
    queryset: QuerySet[Any] = AuditEntry.objects.all()
    assert apply_search(queryset, "duong") is queryset


def test_search_composes_with_other_filters(units: dict[str, OrgUnit]) -> None:
    OrgUnitFactory(name="Nhà máy Z113", kind=OrgUnitKind.INSTITUTE)
    queryset = OrgUnit.objects.filter(kind=OrgUnitKind.INSTITUTE)
    assert list(apply_search(queryset, "nha may").values_list("name", flat=True)) == \
        ["Nhà máy Z113"]


# --- the generic list view -----------------------------------------------------------------------


def listed(response: Any) -> list[str]:
    return [obj.name for obj, _cells in response.context["rows"]]


def test_list_view_searches(units: dict[str, OrgUnit], make_user: MakeUser,
                            client_for: Any) -> None:
    user = make_user(["enterprise_staff"], units["Nhà máy Z111"])
    client = client_for(user)
    response = client.get("/org-units/", {"q": "duong"})
    assert response.status_code == 200
    assert listed(response) == ["Đường dây 500"]
    # The table alone (as htmx asks for it): the full page's filter form offers every unit.
    table = client.get("/org-units/", {"q": "duong"}, headers={"HX-Request": "true"})
    assert table.status_code == 200
    html = table.content.decode()
    assert "<option" not in html
    assert "Đường dây 500" in html
    assert "Phòng Nghiệm thu" not in html
    assert "Quyết định QĐ-123" not in html

    response = client.get("/org-units/", {"q": nfd("Nghiệm thu")})
    assert listed(response) == ["Phòng Nghiệm thu"]

    response = client.get("/org-units/")
    assert set(NAMES) <= set(listed(response))


def test_list_view_without_the_view_permission_shows_nothing(
    units: dict[str, OrgUnit], make_user: MakeUser, client_for: Any
) -> None:
    nobody = make_user([], units["Nhà máy Z111"])
    response = client_for(nobody).get("/org-units/", {"q": "duong"})
    assert response.status_code == 200
    assert listed(response) == []


def test_list_view_sorts_by_name_in_vietnamese_order(make_user: MakeUser,
                                                     client_for: Any) -> None:
    names = ["Đông", "Ân", "Dũng", "An", "Bình", "Ăn"]
    created = [OrgUnitFactory(name=name) for name in names]
    user = make_user(["enterprise_staff"], created[0])
    client = client_for(user)
    root_name = OrgUnit.objects.get(parent=None).name
    response = client.get("/org-units/", {"sort": "name", "per_page": 100})
    assert response.status_code == 200
    assert [n for n in listed(response) if n != root_name] == \
        ["An", "Ăn", "Ân", "Bình", "Dũng", "Đông"]
    response = client.get("/org-units/", {"sort": "-name", "per_page": 100})
    assert [n for n in listed(response) if n != root_name] == \
        ["Đông", "Dũng", "Bình", "Ân", "Ăn", "An"]


# --- Vietnamese order in the database ------------------------------------------------------------


def sorted_names(descending: bool = False, **filters: Any) -> list[str]:
    queryset = OrgUnit.objects.filter(**filters).order_by(
        ordering_expression(OrgUnit, "name", descending), "pk")
    return list(queryset.values_list("name", flat=True))


def test_ordering_expression_sorts_names_in_vietnamese_order(db: Any) -> None:
    names = ["Đông", "Ân", "Dũng", "An", "Bình", "Ăn"]
    for name in names:
        OrgUnitFactory(name=name, kind=OrgUnitKind.INSTITUTE)
    expected = ["An", "Ăn", "Ân", "Bình", "Dũng", "Đông"]
    assert sorted_names(kind=OrgUnitKind.INSTITUTE) == expected
    assert sorted_names(descending=True, kind=OrgUnitKind.INSTITUTE) == expected[::-1]


def test_database_order_agrees_with_the_python_key(db: Any) -> None:
    """SQLite's registered collation and PostgreSQL's ICU "vi" give the same order, and that
    order is `vi_sort_key`'s: tones, case, spaces, digits and punctuation included."""
    names = ["a", "à", "ả", "ã", "á", "ạ", "an", "An", "AN", "An Bình", "Anh", "Ăn", "Ân",
             "A1", "Ab", "Bình", "da", "Dũng", "dz", "Đ", "đa", "Đông", "Hà Nam", "Hải",
             "Nghiêm", "Nghiễm", "Nghiệm thu", "Ư", "Ứng", "Uy", "Z 2", "Z-1", "Z111", "Za",
             "Cục Kỹ thuật", "Cục Kế hoạch", "Cục Quản lý công nghệ"]
    shuffled = names[:]
    random.Random(1).shuffle(shuffled)
    for name in shuffled:
        OrgUnitFactory(name=name, kind=OrgUnitKind.INSTITUTE)
    expected = sorted(names, key=vi_sort_key)
    assert sorted_names(kind=OrgUnitKind.INSTITUTE) == expected
    assert sorted_names(descending=True, kind=OrgUnitKind.INSTITUTE) == expected[::-1]


def test_ordering_expression_leaves_choice_and_non_text_fields_plain(db: Any) -> None:
    for kind in (OrgUnitKind.USER_UNIT, OrgUnitKind.DEPARTMENT, OrgUnitKind.INSTITUTE):
        OrgUnitFactory(kind=kind)
    kinds = list(OrgUnit.objects.exclude(kind=OrgUnitKind.DIRECTORATE)
                 .order_by(ordering_expression(OrgUnit, "kind", False))
                 .values_list("kind", flat=True))
    assert kinds == sorted(kinds)
    ids = list(OrgUnit.objects.order_by(ordering_expression(OrgUnit, "id", True))
               .values_list("id", flat=True))
    assert ids == sorted(ids, reverse=True)


def test_ordering_by_a_related_name(db: Any) -> None:
    parents = {name: OrgUnitFactory(name=name, kind=OrgUnitKind.ENTERPRISE)
               for name in ["Đông", "Dũng", "Ăn"]}
    for parent_name, parent in parents.items():
        OrgUnitFactory(name=f"Phân xưởng {parent_name}", parent=parent,
                       kind=OrgUnitKind.INSTITUTE)
    children = list(OrgUnit.objects.filter(kind=OrgUnitKind.INSTITUTE)
                    .order_by(ordering_expression(OrgUnit, "parent__name", False))
                    .values_list("parent__name", flat=True))
    assert children == ["Ăn", "Dũng", "Đông"]
