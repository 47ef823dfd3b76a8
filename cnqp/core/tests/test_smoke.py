import pytest

from cnqp.core.models import AuditEntry


@pytest.mark.django_db
def test_healthz_answers_with_database_vendor(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_org_fixture_builds_a_tree(org):
    assert org.workshop_a1.path == "TCCNQP/Z111/Z111-PX1/"
    assert AuditEntry.objects.count() == 0
