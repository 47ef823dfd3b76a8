"""Product types: the catalogue every signed-in user reads, written by document managers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.documents import services
from cnqp.documents.choices import ProductGroup
from cnqp.documents.models import ProductType


def test_only_enterprises_and_institutes_produce(org, admin_user):
    before = (ProductType.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.create_product_type(admin_user, code="k54", name="Súng ngắn K54",
                                     group=ProductGroup.DEFENSE,
                                     producers=[org.enterprise_a, org.user_unit])
    assert "producers" in caught.value.message_dict
    assert "SD304" in caught.value.message_dict["producers"][0]
    assert (ProductType.objects.count(), AuditEntry.objects.count()) == before


def test_create_and_change_producers_are_audited(org, admin_user):
    product = services.create_product_type(admin_user, code="k54", name="Súng ngắn K54",
                                           group=ProductGroup.DEFENSE,
                                           producers=[org.enterprise_a])
    assert product.code == "K54"
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(product.pk),
                                     object_type="documents.producttype")
    assert created.changes["producers"] == [None, ["Z111"]]
    services.update_product_type(admin_user, product, producers=[org.enterprise_b])
    changed = AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                        object_id=str(product.pk)).latest("id")
    assert changed.changes == {"producers": [["Z111"], ["Z113"]]}


def test_department_staff_manage_the_catalogue_and_enterprises_read_it(org, make_user,
                                                                       client_for):
    manager = client_for(make_user(["department_staff"], org.department,
                                   Classification.SECRET))  # QLCN manages documents
    response = manager.post("/api/documents/product-types", {
        "code": "D9", "name": "Đạn 9 mm", "group": "defense", "category": "Đạn",
        "producers": [org.enterprise_a.pk], "is_active": True,
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    page = manager.post(f"/documents/product-types/{pk}/edit/", {
        "code": "D9", "name": "Đạn súng ngắn 9 mm", "group": "defense", "category": "Đạn",
        "producers": [org.enterprise_a.pk], "is_active": "on",
    })
    assert page.status_code == 302
    assert ProductType.objects.get(pk=pk).name == "Đạn súng ngắn 9 mm"
    reader = client_for(make_user(["enterprise_staff"], org.enterprise_b))
    assert reader.get(f"/documents/product-types/{pk}/").status_code == 200
    assert reader.get("/api/documents/product-types", {"q": "dan sung"}).json()["count"] == 1
    refused = reader.post("/api/documents/product-types", {
        "code": "X1", "name": "Thử", "group": "defense"}, content_type="application/json")
    assert refused.status_code == 403
    assert not ProductType.objects.filter(code="X1").exists()


def test_an_enterprise_holding_a_right_cannot_grant_or_revoke_rights(org, make_user,
                                                                     client_for):
    from cnqp.documents.factories import DocumentSetFactory, UsageRightFactory
    from cnqp.documents.models import UsageRight

    document_set = DocumentSetFactory(owner_unit=org.department)
    right = UsageRightFactory(document_set=document_set, enterprise=org.enterprise_a)
    holder = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    client = client_for(holder)
    assert not holder.has_perm("documents.add_usageright")
    assert client.get(f"/documents/usage-rights/{right.pk}/").status_code == 200  # reads it
    passed_on = client.post("/api/documents/usage-rights", {
        "document_set": document_set.pk, "enterprise": org.enterprise_b.pk,
        "purpose": "production", "valid_from": "2026-01-01", "decision_number": "1/QĐ"},
        content_type="application/json")
    assert passed_on.status_code == 403
    assert client.post(f"/api/documents/usage-rights/{right.pk}/revoke", {"note": "Tự ý"},
                       content_type="application/json").status_code == 403
    assert client.post(f"/documents/usage-rights/{right.pk}/revoke/",
                       {"note": "Tự ý"}).status_code == 403
    assert UsageRight.objects.count() == 1
    right.refresh_from_db()
    assert right.status == "active"


def test_an_enterprise_cannot_change_or_delete_the_shared_catalogue(org, make_user,
                                                                    client_for):
    from cnqp.documents.factories import ProductTypeFactory

    product = ProductTypeFactory()
    product.producers.set([org.enterprise_b])
    client = client_for(make_user(["enterprise_staff"], org.enterprise_a))
    assert client.get(f"/documents/product-types/{product.pk}/edit/").status_code == 403
    assert client.post(f"/documents/product-types/{product.pk}/delete/").status_code == 403
    assert client.delete(f"/api/documents/product-types/{product.pk}").status_code == 403
    assert ProductType.objects.filter(pk=product.pk).exists()
