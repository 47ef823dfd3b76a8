"""The cooperation rules: who acts for the unit, the dates (end not before start, signed not in
the future), an agreement's status and signing date, follow-ups, entries once per unit,
contracts' value and currency; each refusal names its field and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.cooperation import services
from cnqp.cooperation.choices import AgreementStatus, Direction
from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.cooperation.tests.conftest import World
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def test_an_agreement_is_recorded_and_audited(world: World) -> None:
    agreement = world.agreement(by=world.staff, classification=Classification.CONFIDENTIAL)
    entry = AuditEntry.objects.get(object_type="cooperation.agreement",
                                   object_id=str(agreement.pk))
    assert entry.actor == world.staff and entry.classification == Classification.CONFIDENTIAL


@pytest.mark.parametrize(("status", "on", "until", "field"), [
    (AgreementStatus.IN_FORCE, TOMORROW, None, "signed_on"),  # not in the future
    (AgreementStatus.IN_FORCE, None, None, "signed_on"),  # signed: a date
    (AgreementStatus.NEGOTIATING, dt.date(2023, 1, 1), None, "signed_on"),  # not signed yet
    (AgreementStatus.IN_FORCE, dt.date(2023, 1, 1), dt.date(2022, 1, 1), "valid_until"),
    (AgreementStatus.EXPIRED, dt.date(2020, 1, 1), None, "valid_until"),
])
def test_an_agreements_dates(world: World, status: str, on: dt.date | None,
                             until: dt.date | None, field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.agreement(on=on, status=status, valid_until=until)
    assert field in _fields(excinfo)
    assert not Agreement.objects.exists()


def test_an_enterprise_writes_only_its_own(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.agreement(unit=world.org.enterprise_b, by=world.enterprise)
    assert _fields(excinfo) == {"lead_unit"}
    with pytest.raises(ValidationError) as excinfo:
        world.contract(unit=world.org.enterprise_b, by=world.enterprise)
    assert _fields(excinfo) == {"unit"}
    own = world.contract(by=world.enterprise)
    with pytest.raises(ValidationError):
        services.delete_contract(world.other, own)
    with pytest.raises(ValidationError):  # the enterprise is not changed by an edit
        services.update_contract(world.enterprise, own, unit=world.org.enterprise_b)


def test_a_record_above_the_writers_clearance_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.delegation(by=world.staff, classification=Classification.SECRET)
    assert _fields(excinfo) == {"classification"}
    assert not Delegation.objects.exists()


@pytest.mark.parametrize("maker", ["delegation", "exhibition"])
def test_an_event_ends_no_earlier_than_it_starts(world: World, maker: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        getattr(world, maker)(on=dt.date(2023, 5, 10), end=dt.date(2023, 5, 9))
    assert _fields(excinfo) == {"end"}
    assert not Delegation.objects.exists() and not Exhibition.objects.exists()
    planned = getattr(world, maker)(on=TOMORROW, end=TOMORROW)  # a planned one may lie ahead
    update = getattr(services, f"update_{maker}")
    with pytest.raises(ValidationError) as excinfo:
        update(None, planned, end=TOMORROW - dt.timedelta(days=2))
    assert _fields(excinfo) == {"end"}


def test_follow_ups(world: World) -> None:
    agreement = world.agreement(on=dt.date(2023, 3, 15))
    with pytest.raises(ValidationError) as excinfo:  # done before it was signed
        services.create_follow_up(world.staff, agreement=agreement, action="Phổ biến",
                                  owner_unit=world.org.enterprise_a,
                                  due_on=dt.date(2023, 5, 1), done_on=dt.date(2023, 3, 1))
    assert _fields(excinfo) == {"done_on"}
    step = services.create_follow_up(world.staff, agreement=agreement, action="Phổ biến",
                                     owner_unit=world.org.enterprise_a,
                                     due_on=dt.date(2023, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.complete_follow_up(world.enterprise, step, on_date=TOMORROW)
    assert _fields(excinfo) == {"on_date"}
    services.complete_follow_up(world.enterprise, step, on_date=dt.date(2023, 4, 20),
                                note="Đã phổ biến")  # the unit in charge records it
    step.refresh_from_db()
    assert step.done_on == dt.date(2023, 4, 20) and step.note == "Đã phổ biến"
    with pytest.raises(ValidationError) as excinfo:  # a later signing date: refused
        services.update_agreement(world.staff, agreement, signed_on=dt.date(2023, 4, 25))
    assert _fields(excinfo) == {"signed_on"}
    with pytest.raises(ValidationError):  # its follow-ups first
        services.delete_agreement(world.staff, agreement)
    with pytest.raises(ValidationError):  # another enterprise is not in charge
        services.update_follow_up(world.other, step, note="x")
    services.delete_follow_up(world.staff, step)
    services.delete_agreement(world.staff, agreement)
    assert not FollowUp.objects.exists() and not Agreement.objects.exists()


def test_entries(world: World) -> None:
    event = world.exhibition()
    services.create_entry(world.enterprise, exhibition=event, unit=world.org.enterprise_a,
                          products="Súng cối 60 mm; đạn cối 82 mm", product_count=2)
    with pytest.raises(ValidationError) as excinfo:  # once per unit
        services.create_entry(world.staff, exhibition=event, unit=world.org.enterprise_a)
    assert _fields(excinfo) == {"unit"}
    with pytest.raises(ValidationError) as excinfo:  # another enterprise's participation
        services.create_entry(world.other, exhibition=event, unit=world.org.enterprise_a)
    assert _fields(excinfo) == {"unit"}
    with pytest.raises(ValidationError) as excinfo:  # products counted are named
        services.create_entry(world.staff, exhibition=event, unit=world.org.enterprise_b,
                              product_count=3)
    assert _fields(excinfo) == {"products"}
    with pytest.raises(ValidationError):  # its participations first
        services.delete_exhibition(world.staff, event)
    assert ExhibitionEntry.objects.count() == 1


def test_contracts(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.contract(on=TOMORROW)
    assert _fields(excinfo) == {"signed_on"}
    with pytest.raises(ValidationError) as excinfo:
        world.contract(value=0)
    assert "value" in _fields(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        world.contract(amount=Decimal("1000"))
    assert _fields(excinfo) == {"currency"}
    contract = world.contract(number="01/HĐXK", currency="usd", amount=Decimal("420000"))
    assert contract.currency == "USD"
    with pytest.raises(ValidationError):  # the number is the enterprise's once
        world.contract(number="01/HĐXK")
    world.contract(number="01/HĐXK", unit=world.org.enterprise_b)
    assert ExportContract.objects.count() == 2


def test_delegation_members_at_least_one(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.delegation(Direction.INCOMING, members=0)
    assert _fields(excinfo) == {"members"}


def test_the_units_in_charge_of_a_follow_up_see_its_agreement(world: World) -> None:
    """The follow-up's list names its agreement's subject: the unit in charge sees it (and
    the units above it), not another enterprise, nor above the reader's clearance."""
    agreement = world.agreement(classification=Classification.CONFIDENTIAL)
    secret = world.agreement("Ấn Độ", classification=Classification.SECRET)
    alone = world.agreement("Belarus")  # no follow-up: the staff's own
    for which in (agreement, secret):
        services.create_follow_up(world.staff if which is agreement else None,
                                  agreement=which, action="Triển khai",
                                  owner_unit=world.org.enterprise_a, due_on=dt.date(2023, 6, 1))
    seen = set(scope_queryset(Agreement.objects.all(), world.enterprise))
    assert seen == {agreement}  # not the Tối mật one, not the one without its follow-up
    assert agreement not in scope_queryset(Agreement.objects.all(), world.other)
    assert alone not in seen
    step = FollowUp.objects.get(agreement=agreement)
    assert step in scope_queryset(FollowUp.objects.all(), world.enterprise)


def test_the_unit_in_charge_records_what_it_did_but_not_its_deadline(world: World) -> None:
    agreement = world.agreement(on=dt.date(2023, 3, 15))
    step = services.create_follow_up(world.staff, agreement=agreement, action="Phổ biến",
                                     owner_unit=world.org.enterprise_a,
                                     due_on=dt.date(2023, 5, 1))
    for field, value in (("due_on", dt.date(2030, 1, 1)), ("action", "Việc khác")):
        with pytest.raises(ValidationError) as excinfo:
            services.update_follow_up(world.enterprise, step, **{field: value})
        assert _fields(excinfo) == {field}
    step.refresh_from_db()
    assert (step.due_on, step.action) == (dt.date(2023, 5, 1), "Phổ biến")
    # the same values posted back by the change form, with what it did: accepted
    services.update_follow_up(world.enterprise, step, due_on=step.due_on, action=step.action,
                              done_on=dt.date(2023, 5, 3), note="Đã phổ biến")
    services.update_follow_up(world.staff, step, due_on=dt.date(2023, 6, 1))  # the lead unit
    step.refresh_from_db()
    assert (step.due_on, step.done_on, step.note) == (
        dt.date(2023, 6, 1), dt.date(2023, 5, 3), "Đã phổ biến")


def test_an_agreement_carried_out_does_not_go_back_to_negotiation(world: World) -> None:
    agreement = world.agreement(on=dt.date(2023, 3, 15))
    step = services.create_follow_up(None, agreement=agreement, action="Phổ biến",
                                     owner_unit=world.org.enterprise_a,
                                     due_on=dt.date(2023, 5, 1), done_on=dt.date(2023, 4, 2))
    with pytest.raises(ValidationError) as excinfo:
        services.update_agreement(world.staff, agreement, status=AgreementStatus.NEGOTIATING,
                                  signed_on=None)
    assert _fields(excinfo) == {"status"}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE and agreement.signed_on is not None
    services.update_follow_up(world.staff, step, done_on=None)
    services.update_agreement(world.staff, agreement, status=AgreementStatus.NEGOTIATING,
                              signed_on=None)  # nothing done yet: it may


def test_countries_are_written_one_way(world: World) -> None:
    spellings = ["Nga", "LB Nga", "Russia", "liên bang nga", "Liên bang Nga"]
    for on, country in enumerate(spellings, start=1):
        world.agreement(country, dt.date(2023, 3, on))
    assert set(Agreement.objects.values_list("country", "country_key")) == {
        ("Liên bang Nga", "lien bang nga")}
    contract = world.contract(country="Viet Nam")
    services.update_contract(None, contract, country="VN")
    contract.refresh_from_db()
    assert (contract.country, contract.country_key) == ("Việt Nam", "viet nam")
    assert world.delegation(country="Hàn  Quốc ").country == "Hàn Quốc"


def test_a_domestic_event_is_held_in_viet_nam(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.exhibition("Hội chợ", international=False, country="Thái Lan")
    assert _fields(excinfo) == {"country"}
    assert not Exhibition.objects.exists()
    fair = world.exhibition("Hội chợ", international=False, country="Viet Nam")
    assert fair.country == "Việt Nam"
    with pytest.raises(ValidationError) as excinfo:
        services.update_exhibition(None, fair, country="Lào")
    assert _fields(excinfo) == {"country"}
    abroad = world.exhibition("ARMY")  # in Liên bang Nga, international
    with pytest.raises(ValidationError) as excinfo:
        services.update_exhibition(None, abroad, international=False)
    assert _fields(excinfo) == {"country"}


def test_counts_and_amounts_are_refused_on_their_own_field(world: World) -> None:
    event = world.exhibition()
    with pytest.raises(ValidationError) as excinfo:
        services.create_entry(None, exhibition=event, unit=world.org.enterprise_a,
                              contracts_signed=-1)
    assert _fields(excinfo) == {"contracts_signed"}
    with pytest.raises(ValidationError) as excinfo:
        world.contract(currency="usd", amount=Decimal("-5"))
    assert _fields(excinfo) == {"amount"}
    contract = world.contract(currency="usd", amount=Decimal("5"))
    with pytest.raises(ValidationError) as excinfo:
        services.update_contract(None, contract, amount=Decimal("-1"))
    assert _fields(excinfo) == {"amount"}
    services.update_contract(None, contract, currency=" eur")
    contract.refresh_from_db()
    assert contract.currency == "EUR"
