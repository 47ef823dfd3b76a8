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


@pytest.mark.django_db
def test_seed_demo_loads_once_and_always_prints_the_logins(capsys):
    from django.core.management import call_command

    from cnqp.core.models import OrgUnit, User

    call_command("seed_demo", "--if-empty")
    first = capsys.readouterr().out
    units, users = OrgUnit.objects.count(), User.objects.count()
    assert units >= 55 and users >= 11
    assert OrgUnit.objects.filter(code="QLCN", name="Cục Quản lý công nghệ").exists()
    call_command("seed_demo", "--if-empty")
    again = capsys.readouterr().out
    assert (OrgUnit.objects.count(), User.objects.count()) == (units, users)
    for text in (first, again):
        assert "Cnqp@2026demo" in text
        assert "kiemtra" in text and "auditor" in text
    assert AuditEntry.objects.filter(object_type="core.orgunit", action="create").count() == units
