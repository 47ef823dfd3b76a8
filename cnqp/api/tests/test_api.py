"""The JSON API: authentication (bearer tokens, the session), the error format, the OpenAPI
schema, and the generated org-unit and user endpoints (list, detail, create, update, delete)."""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import string
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from ninja import Schema
from pydantic import create_model

from cnqp.api.api import CnqpAPI, api
from cnqp.conftest import MakeUser, Org
from cnqp.core import services
from cnqp.core.accounts.second_factor import SECOND_FACTOR_DONE
from cnqp.core.choices import AuditAction, AuditSource, Classification, OrgUnitKind
from cnqp.core.models import ApiToken, AuditEntry, OrgUnit, User
from cnqp.core.text import vi_sort_key

pytestmark = pytest.mark.django_db

ORG_UNITS = "/api/core/org-units"
USERS = "/api/core/users"
ME = "/api/core/me"



BearerClient = Callable[[User], Client]


def bearer_client(user: User, **client_kwargs: Any) -> Client:
    _token, raw = services.create_api_token(user, user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"}, **client_kwargs)


@pytest.fixture
def api_for() -> BearerClient:
    return bearer_client


@pytest.fixture
def admin_api(admin_user: User) -> Client:
    return bearer_client(admin_user)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], list)
    return body


def error_fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body["errors"]}


def post_json(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(data), content_type="application/json")


def patch_json(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(path, data=json.dumps(data), content_type="application/json")


def audit_count() -> int:
    return AuditEntry.objects.count()


def state_of_units() -> list[tuple[Any, ...]]:
    return list(OrgUnit.objects.order_by("pk").values_list(
        "pk", "code", "name", "short_name", "kind", "parent_id", "path", "domains", "address",
        "is_active"))


# --- bearer tokens -------------------------------------------------------------------------------


def test_bearer_token_authenticates(admin_user: User) -> None:
    token, raw = services.create_api_token(admin_user, user=admin_user, name="script")
    assert raw.startswith("cnqp_")
    assert token.prefix == raw[:12]
    assert token.digest == ApiToken.digest_of(raw)
    assert raw not in token.digest
    assert token.last_used_at is None

    response = Client().get(ME, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json() == {
        "id": admin_user.pk, "username": "admin", "full_name": admin_user.full_name,
        "org_unit": "TCCNQP", "clearance": Classification.SECRET, "roles": ["admin"],
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_missing_authentication_is_401() -> None:
    body = assert_error(Client().get(ME), 401, "unauthenticated")
    assert body["errors"] == []


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer cnqp_" + "x" * 43, "Bearer ", "Basic YWRtaW46YWRtaW4=",
     "cnqp_not-a-bearer"],
)
def test_garbage_credentials_are_401(admin_user: User, header: str) -> None:
    body = assert_error(Client().get(ME, headers={"Authorization": header}), 401,
                        "unauthenticated")
    assert body["errors"] == []


def test_revoked_token_is_401(admin_user: User) -> None:
    token, raw = services.create_api_token(admin_user, user=admin_user, name="old")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(ME).status_code == 200
    services.revoke_api_token(admin_user, token)
    body = assert_error(client.get(ME), 401, "unauthenticated")
    assert body["errors"] == []
    assert_error(client.get(ORG_UNITS), 401, "unauthenticated")


def test_expired_token_is_401(admin_user: User) -> None:
    token, raw = services.create_api_token(
        admin_user, user=admin_user, name="expired",
        expires_at=timezone.now() + dt.timedelta(minutes=1))
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))  # its time has come
    response = Client().get(ME, headers={"Authorization": f"Bearer {raw}"})
    assert_error(response, 401, "unauthenticated")


def test_token_not_yet_expired_works(admin_user: User) -> None:
    _token, raw = services.create_api_token(
        admin_user, user=admin_user, name="soon",
        expires_at=timezone.now() + dt.timedelta(hours=1))
    assert Client().get(ME, headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_token_of_an_inactive_or_locked_user_is_401(org: Org, make_user: MakeUser) -> None:
    user = make_user(["enterprise_staff"], org.enterprise_a)
    _token, raw = services.create_api_token(user, user=user, name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(ME).status_code == 200
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + dt.timedelta(hours=1))
    assert_error(client.get(ME), 401, "unauthenticated")
    User.objects.filter(pk=user.pk).update(locked_until=None, is_active=False)
    assert_error(client.get(ME), 401, "unauthenticated")


def test_create_token_command_prints_a_usable_token(admin_user: User) -> None:
    out = io.StringIO()
    call_command("create_token", "admin", "--name", "ci", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("cnqp_")
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    assert token.user == admin_user
    assert token.name == "ci"
    entry = AuditEntry.objects.filter(object_type="core.apitoken").latest("id")
    assert entry.action == AuditAction.CREATE
    assert entry.source == AuditSource.COMMAND
    assert raw not in json.dumps(entry.changes)  # neither the token nor its digest is logged
    assert token.digest not in json.dumps(entry.changes)

    response = Client().get(ME, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["username"] == "admin"


def test_create_token_command_refuses_an_unknown_user(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("create_token", "nobody", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


# --- session authentication ----------------------------------------------------------------------


def test_session_client_reads_me(org: Org, make_user: MakeUser, client_for: Any) -> None:
    user = make_user(["enterprise_staff"], org.workshop_a1, Classification.CONFIDENTIAL)
    response = client_for(user).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk, "username": user.username, "full_name": user.full_name,
        "org_unit": "Z111-PX1", "clearance": 1, "roles": ["enterprise_staff"],
    }


def test_session_without_the_second_factor_is_401(org: Org, make_user: MakeUser) -> None:
    user = make_user(["leadership"], org.root, Classification.TOP_SECRET)
    client = Client()
    client.force_login(user)
    assert_error(client.get(ME), 401, "unauthenticated")
    session = client.session
    session[SECOND_FACTOR_DONE] = True
    session.save()
    # Top secret clearance without an enrolled second factor: still refused.
    assert_error(client.get(ME), 401, "unauthenticated")
    user.totp_secret, user.totp_enabled = "JBSWY3DPEHPK3PXP", True
    user.save(update_fields=["totp_secret", "totp_enabled"])
    assert client.get(ME).status_code == 200


def csrf_enforcing_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    session = client.session
    session[SECOND_FACTOR_DONE] = True
    session.save()
    return client


NEW_UNIT = {"code": "Z115", "name": "Nhà máy Z115", "kind": OrgUnitKind.ENTERPRISE}


def test_session_post_without_csrf_token_is_refused(org: Org, admin_user: User) -> None:
    client = csrf_enforcing_client(admin_user)
    assert client.get(ME).status_code == 200  # reads need no token
    before, entries = state_of_units(), audit_count()
    response = post_json(client, ORG_UNITS, {**NEW_UNIT, "parent": org.root.pk})
    assert_error(response, 403, "forbidden")
    assert state_of_units() == before
    assert audit_count() == entries


def test_session_post_with_csrf_token_is_accepted(org: Org, admin_user: User) -> None:
    client = csrf_enforcing_client(admin_user)
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    response = client.post(ORG_UNITS, data=json.dumps({**NEW_UNIT, "parent": org.root.pk}),
                           content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.content
    assert OrgUnit.objects.filter(code="Z115").exists()


def test_bearer_post_needs_no_csrf_token(org: Org, admin_user: User) -> None:
    client = bearer_client(admin_user, enforce_csrf_checks=True)
    response = post_json(client, ORG_UNITS, {**NEW_UNIT, "parent": org.root.pk})
    assert response.status_code == 201, response.content


def test_bad_bearer_post_without_session_is_401(org: Org) -> None:
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer nonsense"})
    response = post_json(client, ORG_UNITS, {**NEW_UNIT, "parent": org.root.pk})
    assert_error(response, 401, "unauthenticated")


# --- health, schema and docs ---------------------------------------------------------------------


def test_healthz_answers_without_login(db: Any) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_openapi_schema_lists_the_core_endpoints(admin_user: User, client_for: Any) -> None:
    response = client_for(admin_user).get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "CNQP API"
    paths = schema["paths"]
    assert set(paths[ORG_UNITS]) == {"get", "post"}
    assert set(paths[f"{ORG_UNITS}/{{item_id}}"]) == {"get", "patch", "delete"}
    assert set(paths[USERS]) == {"get", "post"}
    assert set(paths[f"{USERS}/{{item_id}}"]) == {"get", "patch"}  # users are not deleted
    assert "get" in paths[ME]
    assert "post" not in paths.get("/api/core/audit", {})  # the audit log is read only
    operation_ids = {op["operationId"] for item in paths.values() for op in item.values()}
    assert {"core_org_units_list", "core_org_units_create", "core_users_list",
            "core_me"} <= operation_ids
    # Integer choices (clearance) are integers in the input schemas, as in the output ones.
    components = schema["components"]["schemas"]
    assert components["UserIn"]["properties"]["clearance"]["type"] == "integer"
    # Output keys are always sent: required, and nullable only where the model allows it.
    user_out = components["UserOut"]
    assert user_out["properties"]["clearance"]["type"] == "integer"
    assert set(user_out["required"]) == set(user_out["properties"])
    assert {"type": "null"} in components["OrgUnitOut"]["properties"]["parent_id"]["anyOf"]
    assert components["OrgUnitIn"]["properties"]["kind"]["type"] == "string"
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_api_docs_answer_for_a_signed_in_user(admin_user: User, client_for: Any) -> None:
    response = client_for(admin_user).get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_each_endpoint_is_documented_with_its_own_schema() -> None:
    """Two schemas of one name (quality's and research's FiguresOut, production's and the
    trace's InspectionOut) were one in the OpenAPI document: the last one won, and the other
    endpoint was documented with its schema."""
    schema = api.get_openapi_schema(path_prefix="/api")
    paths, components = schema["paths"], schema["components"]["schemas"]

    def answer(path: str) -> dict[str, Any]:
        ref = paths[path]["get"]["responses"][200]["content"]["application/json"]["schema"]
        return components[ref["$ref"].rsplit("/", 1)[1]]  # type: ignore[no-any-return]

    assert "by_product_type" in answer("/api/quality/figures")["properties"]
    assert "in_execution" in answer("/api/research/figures")["properties"]
    assert "signed_off_by_id" in answer("/api/production/inspections/{item_id}")["properties"]
    node = components["NodeOut"]["properties"]["inspections"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "signed_off" in components[node]["properties"]


def test_two_schemas_of_one_name_are_refused(db: Any) -> None:
    def twin(field: str) -> type[Schema]:
        return create_model("Twin", __base__=Schema, **{field: (int, ...)})

    twins = CnqpAPI(urls_namespace="twins")
    twins.get("/a", response=twin("a"))(lambda request: {"a": 1})
    twins.get("/b", response=twin("b"))(lambda request: {"b": 1})
    with pytest.raises(ImproperlyConfigured, match="Twin"):
        twins.get_openapi_schema(path_prefix="")


# --- /api/core/org-units: list -------------------------------------------------------------------

ORG_NAMES = ["Tổng cục Công nghiệp quốc phòng", "Cục Quản lý công nghệ", "Nhà máy Z111",
             "Phân xưởng cơ khí", "Nhà máy Z113", "Sư đoàn 304"]


def test_list_org_units(org: Org, admin_api: Client) -> None:
    response = admin_api.get(ORG_UNITS)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_estimated", "limit", "offset", "items"}
    assert body["count_estimated"] is False  # exact below counting.EXACT_UP_TO
    assert body["count"] == 6
    assert body["limit"] == 50
    assert body["offset"] == 0
    # Default order: the tree path.
    assert [i["code"] for i in body["items"]] == ["TCCNQP", "QLCN", "SD304", "Z111", "Z111-PX1",
                                                  "Z113"]
    workshop = next(i for i in body["items"] if i["code"] == "Z111-PX1")
    assert workshop == {
        "id": org.workshop_a1.pk, "code": "Z111-PX1", "name": "Phân xưởng cơ khí",
        "short_name": "", "kind": OrgUnitKind.ENTERPRISE, "parent_id": org.enterprise_a.pk,
        "path": "TCCNQP/Z111/Z111-PX1/", "domains": "", "is_active": True,
    }


def test_list_pagination(org: Org, admin_api: Client) -> None:
    everything = [i["id"] for i in admin_api.get(ORG_UNITS).json()["items"]]
    body = admin_api.get(ORG_UNITS, {"limit": 2, "offset": 1}).json()
    assert body["count"] == 6
    assert (body["limit"], body["offset"]) == (2, 1)
    assert [i["id"] for i in body["items"]] == everything[1:3]

    body = admin_api.get(ORG_UNITS, {"limit": 2, "offset": 5}).json()
    assert [i["id"] for i in body["items"]] == everything[5:]
    body = admin_api.get(ORG_UNITS, {"offset": 100}).json()
    assert body["count"] == 6
    assert body["items"] == []


@pytest.mark.parametrize(
    ("params", "limit", "offset"),
    [({"limit": 100_000}, 500, 0), ({"limit": 501}, 500, 0), ({"limit": 500}, 500, 0),
     ({"limit": 1}, 1, 0), ({"limit": 2**63 - 1}, 500, 0)],
)
def test_list_limit_is_capped(org: Org, admin_api: Client, params: dict[str, int], limit: int,
                              offset: int) -> None:
    body = admin_api.get(ORG_UNITS, params).json()
    assert (body["limit"], body["offset"]) == (limit, offset)
    assert len(body["items"]) == min(limit, 6)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": -3}, "limit"), ({"offset": -10}, "offset"),
     ({"limit": 2**63}, "limit"), ({"offset": 2**63}, "offset"),
     ({"offset": 10**30}, "offset")],
)
def test_list_refuses_a_limit_or_offset_out_of_range(org: Org, admin_api: Client,
                                                      params: dict[str, int],
                                                      field: str) -> None:
    """A negative limit or offset is a mistake to say, not to guess at (issue 15: accepted);
    an offset beyond 64 bits was a 500 on both databases."""
    body = assert_error(admin_api.get(ORG_UNITS, params), 422, "invalid")
    assert error_fields(body) == {field}


def test_list_pages_to_the_last_offset_there_is(org: Org, admin_api: Client) -> None:
    body = admin_api.get(ORG_UNITS, {"offset": 2**63 - 1}).json()
    assert (body["count"], body["items"]) == (6, [])


def test_list_rejects_a_non_numeric_limit(org: Org, admin_api: Client) -> None:
    body = assert_error(admin_api.get(ORG_UNITS, {"limit": "many"}), 422, "invalid")
    assert "limit" in error_fields(body)


@pytest.mark.parametrize(
    ("q", "codes"),
    [("nha may", {"Z111", "Z113"}), ("NHÀ MÁY z113", {"Z113"}), ("phan xuong", {"Z111-PX1"}),
     ("z111", {"Z111", "Z111-PX1"}), ("su doan", {"SD304"}), ("khong co gi", set()),
     ("", {"TCCNQP", "QLCN", "Z111", "Z111-PX1", "Z113", "SD304"})],
)
def test_list_search(org: Org, admin_api: Client, q: str, codes: set[str]) -> None:
    body = admin_api.get(ORG_UNITS, {"q": q}).json()
    assert {i["code"] for i in body["items"]} == codes
    assert body["count"] == len(codes)


def test_list_sort(org: Org, admin_api: Client) -> None:
    expected = ["Cục Quản lý công nghệ", "Nhà máy Z111", "Nhà máy Z113", "Phân xưởng cơ khí",
                "Sư đoàn 304", "Tổng cục Công nghiệp quốc phòng"]
    assert sorted(ORG_NAMES, key=vi_sort_key) == expected
    names = [i["name"] for i in admin_api.get(ORG_UNITS, {"sort": "name"}).json()["items"]]
    assert names == expected
    names = [i["name"] for i in admin_api.get(ORG_UNITS, {"sort": "-name"}).json()["items"]]
    assert names == expected[::-1]
    codes = [i["code"] for i in admin_api.get(ORG_UNITS, {"sort": "-code"}).json()["items"]]
    assert codes == ["Z113", "Z111-PX1", "Z111", "TCCNQP", "SD304", "QLCN"]
    ids = [i["id"] for i in admin_api.get(ORG_UNITS, {"sort": "-id"}).json()["items"]]
    assert ids == sorted(ids, reverse=True)
    # Unknown sort keys fall back to the default order instead of failing.
    default = [i["id"] for i in admin_api.get(ORG_UNITS).json()["items"]]
    for bogus in ("password", "search_text", "nonsense", "-"):
        assert [i["id"] for i in admin_api.get(ORG_UNITS, {"sort": bogus}).json()["items"]] \
            == default


def test_list_search_sort_and_page_combine(org: Org, admin_api: Client) -> None:
    body = admin_api.get(ORG_UNITS, {"q": "nha may", "sort": "-name", "limit": 1,
                                     "offset": 1}).json()
    assert body["count"] == 2
    assert [i["name"] for i in body["items"]] == ["Nhà máy Z111"]


def test_list_filters(org: Org, admin_api: Client) -> None:
    body = admin_api.get(ORG_UNITS, {"parent": org.enterprise_a.pk}).json()
    assert [i["code"] for i in body["items"]] == ["Z111-PX1"]
    body = admin_api.get(ORG_UNITS, {"kind": OrgUnitKind.USER_UNIT}).json()
    assert [i["code"] for i in body["items"]] == ["SD304"]


# --- detail --------------------------------------------------------------------------------------


def test_get_org_unit(org: Org, admin_api: Client) -> None:
    response = admin_api.get(f"{ORG_UNITS}/{org.department.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "QLCN"
    assert body["parent_id"] == org.root.pk
    assert body["domains"] == "documents,quality,research"


def test_missing_org_unit_is_404(org: Org, admin_api: Client) -> None:
    missing = OrgUnit.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    body = assert_error(admin_api.get(f"{ORG_UNITS}/{missing}"), 404, "not_found")
    assert body["errors"] == []
    assert_error(patch_json(admin_api, f"{ORG_UNITS}/{missing}", {"name": "x"}), 404,
                 "not_found")
    assert_error(admin_api.delete(f"{ORG_UNITS}/{missing}"), 404, "not_found")


# --- create --------------------------------------------------------------------------------------


def test_admin_creates_an_org_unit(org: Org, admin_user: User, admin_api: Client) -> None:
    entries = audit_count()
    response = post_json(admin_api, ORG_UNITS, {
        "code": " z115 ", "name": " Nhà máy Z115 ", "kind": OrgUnitKind.ENTERPRISE,
        "parent": org.root.pk, "short_name": "Z115", "address": "Thái Nguyên",
    })
    assert response.status_code == 201, response.content
    body = response.json()
    unit = OrgUnit.objects.get(pk=body["id"])
    assert unit.code == body["code"] == "Z115"
    assert unit.name == body["name"] == "Nhà máy Z115"  # trimmed
    assert unit.parent == org.root
    assert unit.path == body["path"] == "TCCNQP/Z115/"
    assert unit.is_active is True  # omitted: the model's default, not an unticked box
    assert body["is_active"] is True
    assert body["parent_id"] == org.root.pk
    assert audit_count() == entries + 1
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.object_type, entry.object_id) == \
        (AuditAction.CREATE, "core.orgunit", str(unit.pk))
    assert entry.actor == admin_user
    assert entry.source == AuditSource.API
    assert entry.changes["code"] == [None, "Z115"]
    # Found by the accent-insensitive search right away.
    found = admin_api.get(ORG_UNITS, {"q": "z115"}).json()
    assert [i["id"] for i in found["items"]] == [unit.pk]


def test_create_respects_an_explicit_false(org: Org, admin_api: Client) -> None:
    response = post_json(admin_api, ORG_UNITS, {**NEW_UNIT, "parent": org.root.pk,
                                                "is_active": False})
    assert response.status_code == 201, response.content
    assert OrgUnit.objects.get(code="Z115").is_active is False


def test_admin_creates_a_user_who_can_use_the_api(org: Org, admin_api: Client) -> None:
    password = "Mat-khau-that-dai-2026"
    response = post_json(admin_api, USERS, {
        "username": "nguyenvana", "full_name": "Nguyễn Văn A", "org_unit": org.enterprise_a.pk,
        "password": password, "roles": ["enterprise_staff"], "clearance": 0})
    assert response.status_code == 201, response.content
    body = response.json()
    assert "password" not in body
    user = User.objects.get(username="nguyenvana")
    assert user.is_active is True
    assert body["is_active"] is True
    assert user.clearance == Classification.UNCLASSIFIED
    assert user.role_codes == frozenset({"enterprise_staff"})
    assert user.check_password(password)
    me = bearer_client(user).get(ME)
    assert me.status_code == 200
    assert me.json()["roles"] == ["enterprise_staff"]


def test_patching_a_user_keeps_their_password(org: Org, admin_api: Client,
                                             make_user: MakeUser) -> None:
    """A partial update starts from the form's own current values: the stored hash is not one
    of them (it once went into the password field and replaced the password with itself)."""
    user = make_user(["enterprise_staff"], org.enterprise_a)
    user.set_password("Mat-khau-cu-2026")
    user.save(update_fields=["password"])
    stored_hash = user.password

    response = patch_json(admin_api, f"{USERS}/{user.pk}", {"full_name": "Trần Văn B"})

    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.full_name == "Trần Văn B"
    assert user.password == stored_hash
    assert user.check_password("Mat-khau-cu-2026")
    assert not user.check_password(stored_hash)
    assert user.role_codes == frozenset({"enterprise_staff"})  # roles kept too
    changes = AuditEntry.objects.filter(object_id=str(user.pk)).latest("id").changes
    assert "password" not in changes


def test_patching_a_user_password_sets_it(org: Org, admin_api: Client,
                                          make_user: MakeUser) -> None:
    user = make_user(["enterprise_staff"], org.enterprise_a)
    response = patch_json(admin_api, f"{USERS}/{user.pk}", {"password": "Mat-khau-moi-2026!"})
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")


def test_create_stores_decomposed_input_composed(org: Org, admin_api: Client) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "Viện Nghiên cứu Ứng dụng")
    response = post_json(admin_api, ORG_UNITS, {"code": "VNC", "name": name,
                                                "kind": OrgUnitKind.INSTITUTE,
                                                "parent": org.root.pk})
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Viện Nghiên cứu Ứng dụng"
    assert OrgUnit.objects.get(code="VNC").name == "Viện Nghiên cứu Ứng dụng"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "Z115", "kind": OrgUnitKind.ENTERPRISE}, "name"),  # missing name
        ({"name": "Nhà máy", "kind": OrgUnitKind.ENTERPRISE}, "code"),  # missing code
        ({"code": "Z111", "name": "Trùng mã", "kind": OrgUnitKind.ENTERPRISE}, "code"),
        ({"code": "z111", "name": "Trùng mã", "kind": OrgUnitKind.ENTERPRISE}, "code"),
        ({"code": "Z115", "name": "Nhà máy", "kind": "factory"}, "kind"),
        ({"code": "Z115", "name": "Nhà máy", "kind": OrgUnitKind.ENTERPRISE, "parent": None},
         "parent"),
        ({"code": "Z115", "name": "Nhà máy", "kind": OrgUnitKind.ENTERPRISE,
          "parent": 10**9}, "parent"),
        ({"code": "Z115", "name": "   ", "kind": OrgUnitKind.ENTERPRISE}, "name"),
        ({"code": "X" * 33, "name": "Mã dài", "kind": OrgUnitKind.ENTERPRISE}, "code"),
    ],
)
def test_invalid_create_is_422_and_writes_nothing(org: Org, admin_api: Client,
                                                  payload: dict[str, Any], field: str) -> None:
    payload = {"parent": org.root.pk, **payload}
    before, entries = state_of_units(), audit_count()
    body = assert_error(post_json(admin_api, ORG_UNITS, payload), 422, "invalid")
    assert field in error_fields(body), body
    assert all(e["message"] for e in body["errors"])
    assert state_of_units() == before
    assert audit_count() == entries


def test_a_second_directorate_is_refused(org: Org, admin_api: Client) -> None:
    before = state_of_units()
    body = assert_error(post_json(admin_api, ORG_UNITS, {
        "code": "ROOT2", "name": "Tổng cục khác", "kind": OrgUnitKind.DIRECTORATE,
        "parent": org.root.pk}), 422, "invalid")
    assert "parent" in error_fields(body)
    assert state_of_units() == before


def test_malformed_json_is_refused(org: Org, admin_api: Client) -> None:
    before = state_of_units()
    response = admin_api.post(ORG_UNITS, data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert state_of_units() == before


# --- update --------------------------------------------------------------------------------------


def test_admin_renames_an_org_unit(org: Org, admin_user: User, admin_api: Client) -> None:
    unit = org.department
    before = OrgUnit.objects.filter(pk=unit.pk).values().get()
    entries = audit_count()
    response = patch_json(admin_api, f"{ORG_UNITS}/{unit.pk}", {"name": "Cục Kỹ thuật"})
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Cục Kỹ thuật"
    after = OrgUnit.objects.filter(pk=unit.pk).values().get()
    changed = {k for k in before if before[k] != after[k]}
    assert changed <= {"name", "search_text", "updated_at"}
    assert after["name"] == "Cục Kỹ thuật"
    assert after["search_text"] == "qlcn cuc ky thuat"
    assert audit_count() == entries + 1
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.object_id, entry.actor) == \
        (AuditAction.UPDATE, str(unit.pk), admin_user)
    assert entry.changes["name"] == ["Cục Quản lý công nghệ", "Cục Kỹ thuật"]
    assert not {"code", "kind", "parent", "path", "domains", "is_active"} & set(entry.changes)


def test_patch_with_no_change_changes_nothing(org: Org, admin_api: Client) -> None:
    before = state_of_units()
    entries = audit_count()
    response = patch_json(admin_api, f"{ORG_UNITS}/{org.department.pk}",
                          {"name": "Cục Quản lý công nghệ"})
    assert response.status_code == 200
    assert state_of_units() == before
    new_entries = AuditEntry.objects.filter(action=AuditAction.UPDATE)[: audit_count() - entries]
    for entry in new_entries:
        assert set(entry.changes) <= {"updated_at"}


def test_patch_can_clear_a_text_field_and_set_a_boolean(org: Org, admin_api: Client) -> None:
    response = patch_json(admin_api, f"{ORG_UNITS}/{org.department.pk}",
                          {"domains": "", "is_active": False})
    assert response.status_code == 200, response.content
    unit = OrgUnit.objects.get(pk=org.department.pk)
    assert (unit.domains, unit.is_active, unit.name) == ("", False, "Cục Quản lý công nghệ")


def test_moving_a_unit_moves_its_subtree(org: Org, admin_api: Client) -> None:
    response = patch_json(admin_api, f"{ORG_UNITS}/{org.enterprise_a.pk}",
                          {"parent": org.enterprise_b.pk})
    assert response.status_code == 200, response.content
    assert response.json()["path"] == "TCCNQP/Z113/Z111/"
    assert OrgUnit.objects.get(pk=org.workshop_a1.pk).path == "TCCNQP/Z113/Z111/Z111-PX1/"

    response = patch_json(admin_api, f"{ORG_UNITS}/{org.enterprise_a.pk}", {"code": "z119"})
    assert response.status_code == 200, response.content
    assert OrgUnit.objects.get(pk=org.enterprise_a.pk).path == "TCCNQP/Z113/Z119/"
    assert OrgUnit.objects.get(pk=org.workshop_a1.pk).path == "TCCNQP/Z113/Z119/Z111-PX1/"
    assert OrgUnit.objects.get(pk=org.enterprise_b.pk).path == "TCCNQP/Z113/"


@pytest.mark.parametrize(
    ("unit", "payload", "field"),
    [
        ("root", lambda o: {"parent": o.workshop_a1.pk}, "parent"),  # root under a grandchild
        ("root", lambda o: {"parent": o.enterprise_a.pk}, "parent"),
        ("enterprise_a", lambda o: {"parent": o.workshop_a1.pk}, "parent"),  # under own child
        ("enterprise_a", lambda o: {"parent": o.enterprise_a.pk}, "parent"),  # under itself
        ("enterprise_a", lambda o: {"code": "Z113"}, "code"),  # duplicate code
        ("enterprise_a", lambda o: {"code": "z113"}, "code"),
        ("enterprise_a", lambda o: {"name": ""}, "name"),
        ("enterprise_a", lambda o: {"kind": "factory"}, "kind"),
        ("enterprise_a", lambda o: {"kind": OrgUnitKind.DIRECTORATE}, "parent"),
    ],
)
def test_invalid_patch_is_422_and_writes_nothing(org: Org, admin_api: Client, unit: str,
                                                 payload: Callable[[Org], dict[str, Any]],
                                                 field: str) -> None:
    target = getattr(org, unit)
    before, entries = state_of_units(), audit_count()
    body = assert_error(patch_json(admin_api, f"{ORG_UNITS}/{target.pk}", payload(org)), 422,
                        "invalid")
    assert field in error_fields(body), body
    assert state_of_units() == before
    assert audit_count() == entries


# --- permissions ---------------------------------------------------------------------------------


def test_enterprise_staff_reads_but_cannot_write(org: Org, make_user: MakeUser,
                                                 api_for: BearerClient) -> None:
    staff = make_user(["enterprise_staff"], org.enterprise_a)
    client = api_for(staff)
    body = client.get(ORG_UNITS).json()
    assert body["count"] == 6  # reference data: the whole tree, not only their unit
    assert client.get(f"{ORG_UNITS}/{org.enterprise_b.pk}").status_code == 200

    before, entries = state_of_units(), audit_count()
    assert_error(post_json(client, ORG_UNITS, {**NEW_UNIT, "parent": org.root.pk}), 403,
                 "forbidden")
    assert_error(patch_json(client, f"{ORG_UNITS}/{org.enterprise_a.pk}", {"name": "Đổi"}),
                 403, "forbidden")
    assert_error(client.delete(f"{ORG_UNITS}/{org.user_unit.pk}"), 403, "forbidden")
    assert state_of_units() == before
    assert audit_count() == entries


def test_users_are_listed_for_an_admin_only(org: Org, admin_user: User, make_user: MakeUser,
                                            api_for: BearerClient) -> None:
    leader = make_user(["leadership"], org.root)
    staff = make_user(["enterprise_staff"], org.enterprise_a)

    body = api_for(admin_user).get(USERS).json()
    assert body["count"] == 3
    assert {i["username"] for i in body["items"]} == {"admin", leader.username, staff.username}
    admin_item = next(i for i in body["items"] if i["username"] == "admin")
    assert "password" not in admin_item
    assert "totp_secret" not in admin_item
    assert admin_item["org_unit_id"] == org.root.pk
    assert api_for(admin_user).get(USERS, {"q": staff.username}).json()["count"] == 1

    leader_api = api_for(leader)
    body = leader_api.get(USERS).json()
    assert body == {"count": 0, "count_estimated": False, "limit": 50, "offset": 0, "items": []}
    assert_error(leader_api.get(f"{USERS}/{admin_user.pk}"), 404, "not_found")
    assert api_for(staff).get(USERS).json()["count"] == 0
    assert leader_api.get(ORG_UNITS).json()["count"] == 6


# --- delete --------------------------------------------------------------------------------------


def test_admin_deletes_a_leaf_unit(org: Org, admin_user: User, admin_api: Client) -> None:
    pk = org.user_unit.pk
    response = admin_api.delete(f"{ORG_UNITS}/{pk}")
    assert response.status_code == 204
    assert not OrgUnit.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.object_id, entry.object_repr, entry.actor) == \
        (AuditAction.DELETE, str(pk), "Sư đoàn 304", admin_user)
    assert entry.changes["code"] == ["SD304", None]
    assert_error(admin_api.get(f"{ORG_UNITS}/{pk}"), 404, "not_found")


def test_delete_of_a_unit_with_children_is_refused(org: Org, admin_api: Client) -> None:
    before, entries = state_of_units(), audit_count()
    body = assert_error(admin_api.delete(f"{ORG_UNITS}/{org.enterprise_a.pk}"), 422, "invalid")
    assert body["errors"] and body["errors"][0]["message"]
    assert state_of_units() == before
    assert audit_count() == entries


def test_delete_of_a_unit_with_users_is_refused(org: Org, admin_api: Client,
                                                make_user: MakeUser) -> None:
    make_user(["enterprise_staff"], org.workshop_a1)  # a leaf unit, but staffed
    before, entries = state_of_units(), audit_count()
    body = assert_error(admin_api.delete(f"{ORG_UNITS}/{org.workshop_a1.pk}"), 422, "invalid")
    assert body["errors"]
    assert state_of_units() == before
    assert audit_count() == entries
