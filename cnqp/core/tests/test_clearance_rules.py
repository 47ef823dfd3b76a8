"""What a clearance allows, wherever the request comes from: nobody files a record above
their own clearance or at a level that does not exist, nobody grants a clearance above their
own (themselves included), and a clearance that requires the second factor is not read with a
bare token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyotp
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cnqp.conftest import MakeUser, Org
from cnqp.core import services
from cnqp.core.choices import Classification
from cnqp.core.models import ApiToken, AuditEntry, User
from cnqp.documents import services as documents
from cnqp.documents.factories import ProductTypeFactory

pytestmark = pytest.mark.django_db


def bearer(user: User) -> Client:
    _token, raw = services.create_api_token(user, user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def patch(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(path, data=json.dumps(data), content_type="application/json")


# --- filing levels -------------------------------------------------------------------------


def test_a_service_refuses_a_record_above_its_writers_clearance(org: Org,
                                                                 make_user: MakeUser) -> None:
    writer = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    with pytest.raises(ValidationError) as caught:
        documents.create_document_set(
            writer, code="TLTK-99", title="Quá độ mật", kind="design",
            product_type=ProductTypeFactory(), owner_unit=org.enterprise_a,
            classification=Classification.SECRET)
    assert list(caught.value.message_dict) == ["classification"]


# --- granting clearances ---------------------------------------------------------------------


def test_an_administrator_cannot_raise_their_own_clearance(admin_user: User) -> None:
    answer = patch(bearer(admin_user), f"/api/core/users/{admin_user.pk}",
                   {"clearance": int(Classification.TOP_SECRET)})
    assert answer.status_code == 422, answer.content
    admin_user.refresh_from_db()
    assert admin_user.clearance == Classification.SECRET


def test_nobody_grants_a_clearance_above_their_own(org: Org, admin_user: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_user(admin_user, username="tuyetmat", full_name="Người mới",
                             org_unit=org.root, password="Mat-khau-dai-2026!",
                             clearance=Classification.TOP_SECRET)
    assert list(caught.value.message_dict) == ["clearance"]
    assert not User.objects.filter(username="tuyetmat").exists()


# --- tokens ----------------------------------------------------------------------------------


def test_a_token_does_not_skip_the_second_factor_a_clearance_requires(
        org: Org, make_user: MakeUser) -> None:
    """A Tuyệt mật user who never enrolled read every set with a bearer token."""
    leader = make_user(["leadership"], org.root, Classification.TOP_SECRET)
    client = bearer(leader)
    assert client.get("/api/core/me").status_code == 401
    leader.totp_secret, leader.totp_enabled = pyotp.random_base32(), True
    leader.save(update_fields=["totp_secret", "totp_enabled"])
    assert client.get("/api/core/me").status_code == 200


def test_a_new_password_ends_the_users_tokens(org: Org, admin_user: User,
                                             make_user: MakeUser) -> None:
    staff = make_user(["enterprise_staff"], org.enterprise_a)
    client = bearer(staff)
    assert client.get("/api/core/me").status_code == 200
    services.set_user_password(admin_user, staff, "Mat-khau-moi-2026!")
    assert client.get("/api/core/me").status_code == 401
    assert not ApiToken.objects.filter(user=staff, revoked_at__isnull=True).exists()
    entry = AuditEntry.objects.filter(object_id=str(staff.pk)).latest("id")
    assert "api_tokens_revoked" in entry.changes


def test_a_token_cannot_be_made_already_expired(admin_user: User) -> None:
    with pytest.raises(ValidationError):
        services.create_api_token(admin_user, user=admin_user, name="cũ",
                                  expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not ApiToken.objects.exists()
