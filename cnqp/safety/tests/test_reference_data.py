"""The shipped reference data: loaded through the services and audited, again without writing
anything, and dated so that a replaced decree is history, not a code change."""

from __future__ import annotations

import datetime as dt
import io
from itertools import pairwise

import pytest
from django.core.management import call_command

from cnqp.core.models import AuditEntry
from cnqp.safety import reference_data as shipped
from cnqp.safety.choices import InspectionKind
from cnqp.safety.models import (
    AssetCategory,
    ChecklistCriterion,
    Course,
    IncidentKind,
    InspectionRegime,
    LegalBasis,
    SeverityClass,
    TrainingGroup,
)
from cnqp.safety.services import suggest_severity


@pytest.mark.django_db
def test_the_command_loads_once_audited_then_changes_nothing() -> None:
    out = io.StringIO()
    call_command("load_safety_reference", stdout=out)
    rows = (len(shipped.LEGAL_BASES) + len(shipped.CATEGORIES) + len(shipped.REGIMES)
            + len(shipped.GROUPS) + len(shipped.COURSES) + len(shipped.INCIDENT_KINDS)
            + len(shipped.SEVERITIES) + len(shipped.CAUSES) + len(shipped.FACTORS)
            + len(shipped.CRITERIA))
    assert f"{rows} created" in out.getvalue()
    created = AuditEntry.objects.filter(action="create", object_type__startswith="safety.")
    assert created.count() == rows
    assert set(created.values_list("source", flat=True)) == {"command"}
    entries = AuditEntry.objects.count()
    again = io.StringIO()
    call_command("load_safety_reference", stdout=again)
    assert f"0 created, 0 ended, {rows} unchanged" in again.getvalue()
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_the_texts_and_their_dates() -> None:
    shipped.load_reference()
    assert LegalBasis.objects.filter(code="53/2016/TT-BLĐTBXH").values_list(
        "replaced_by__code", flat=True).get() == "36/2019/TT-BLĐTBXH"
    assert set(TrainingGroup.objects.values_list("number", flat=True)) == {1, 2, 3, 4, 5, 6}
    assert Course.objects.get(code="HL-N3").validity_months == 24
    assert Course.objects.get(code="HL-N4").validity_months == 12
    assert AssetCategory.objects.get(code="CAU-TRUC").strict
    assert not AssetCategory.objects.get(code="KHO-VLN").strict
    assert AssetCategory.objects.filter(code="NOI-HOI").values_list(
        "parent__code", flat=True).get() == "TB-AP"
    assert not IncidentKind.objects.get(code="SUYT").counted
    assert IncidentKind.objects.get(code="TNLD").labour_accident
    assert ChecklistCriterion.objects.count() == len(shipped.CRITERIA)
    # the fire check under three decrees: one row each, back to back, one in force at a time
    fire = InspectionRegime.objects.filter(category__code="PCCC-BINH",
                                           kind=InspectionKind.FIRE).order_by("valid_from")
    assert [r.legal_basis and r.legal_basis.code for r in fire] == [
        "79/2014/NĐ-CP", "136/2020/NĐ-CP", "105/2025/NĐ-CP"]
    for before, after in pairwise(fire):
        assert before.valid_to == after.valid_from - dt.timedelta(days=1)
    for day in (dt.date(2015, 3, 1), dt.date(2021, 1, 10), dt.date(2025, 7, 1)):
        assert sum(r.valid_on(day) for r in fire) == 1


@pytest.mark.django_db
def test_the_severity_scale_suggests_as_documented() -> None:
    shipped.load_reference()
    on = dt.date(2013, 5, 1)

    def code(deaths: int = 0, serious: int = 0, damage: int = 0) -> str:
        found = suggest_severity(on, deaths=deaths, serious=serious, damage=damage)
        assert found is not None
        return found.code

    assert code() == "INT" and code(serious=1, damage=99_000_000) == "INT"
    assert code(deaths=1) == code(serious=2) == code(damage=100_000_000) == "NT"
    assert code(deaths=3) == code(damage=1_500_000_000) == code(serious=5) == "DBNT"
    assert SeverityClass.objects.filter(valid_from=shipped.SINCE).count() == 3


@pytest.mark.django_db
def test_a_replacement_shipped_later_ends_the_open_row() -> None:
    """A database loaded before a decree replaced a regime: loading again ends the old row the
    day before the new one starts, and adds the new one."""
    shipped.load_reference()
    newest = InspectionRegime.objects.get(category__code="PCCC-HT", kind=InspectionKind.FIRE,
                                          valid_from=dt.date(2025, 7, 1))
    middle = InspectionRegime.objects.get(category__code="PCCC-HT", kind=InspectionKind.FIRE,
                                          valid_from=dt.date(2021, 1, 10))
    InspectionRegime.objects.filter(pk=newest.pk).delete()
    InspectionRegime.objects.filter(pk=middle.pk).update(valid_to=None)
    counts = shipped.load_reference()
    assert (counts["created"], counts["ended"]) == (1, 1)
    middle.refresh_from_db()
    assert middle.valid_to == dt.date(2025, 6, 30)
