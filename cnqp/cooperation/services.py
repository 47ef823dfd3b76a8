"""Writing cooperation records: agreements and their follow-up actions, delegations,
exhibitions and the units taking part in them, export contracts.

Whoever writes a record acts for its unit (the lead unit, the participating unit, the
enterprise; roles that see every unit act for all). A follow-up is written by its agreement's
lead unit; its unit in charge only records what it did (`done_on`, `note`), never its action
or deadline. Every country is stored under its canonical Vietnamese name (countries.py:
"Nga", "LB Nga", "Russia" -> "Liên bang Nga"), and a domestic event is held in Việt Nam.
Dates:

- an agreement under negotiation has no signing date; a signed one has one, not in the
  future, and is valid until a day not before it; an expired one says until when; once a
  follow-up is done it stays signed (never back to negotiation);
- a follow-up is done on a day not in the future, not before its agreement was signed;
- a delegation or an exhibition ends no earlier than it starts (a planned one may lie
  ahead); an entry names an exhibition the writer may see, once per unit;
- an export contract is signed on a day not in the future, for a value above zero (an amount
  in a foreign currency too, its currency in capitals), and its number is its enterprise's
  once; an entry's counts are never negative.

Every refusal is a `ValidationError` naming the field; nothing is half-written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.cooperation.choices import HOME, AgreementStatus
from cnqp.cooperation.countries import canonical, country_key
from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, check_not_future, only
from cnqp.core.text import format_date

AGREEMENT_FIELDS = frozenset({"country", "partner", "subject", "kind", "status", "signed_on",
                              "valid_until", "note", "classification"})
FOLLOW_UP_FIELDS = frozenset({"action", "due_on", "done_on", "note"})
IN_CHARGE_FIELDS = frozenset({"done_on", "note"})  # what the unit in charge may change
DELEGATION_FIELDS = frozenset({"direction", "country", "partner", "purpose", "start", "end",
                               "head", "members", "note", "classification"})
EXHIBITION_FIELDS = frozenset({"name", "kind", "international", "country", "place", "start",
                               "end", "organiser", "note", "classification"})
ENTRY_FIELDS = frozenset({"products", "product_count", "contacts", "contracts_signed"})
CONTRACT_FIELDS = frozenset({"number", "country", "buyer", "subject", "category", "signed_on",
                             "value", "currency", "amount", "classification"})


def _changed(row: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v != getattr(row, k, None)}


def _merged(row: Any, data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data.get(name, getattr(row, name)) for name in names}


def _countried(data: dict[str, Any]) -> dict[str, Any]:
    """The country under its canonical name (countries.py), when `data` names one."""
    if "country" in data and isinstance(data["country"], str):
        return {**data, "country": canonical(data["country"])}
    return data


def _check_period(start: dt.date, end: dt.date, what: str) -> None:
    if end < start:
        raise ValidationError({"end": what})


# --- agreements ---------------------------------------------------------------------------


def _check_agreement(status: str, signed_on: dt.date | None,
                     valid_until: dt.date | None) -> None:
    errors: dict[str, str] = {}
    if status == AgreementStatus.NEGOTIATING:
        if signed_on is not None:
            errors["signed_on"] = _("An agreement under negotiation is not signed yet: leave "
                                    "the date empty.")
    elif signed_on is None:
        errors["signed_on"] = _("Give the date it was signed.")
    else:
        check_not_future(signed_on, "signed_on")
        if valid_until is not None and valid_until < signed_on:
            errors["valid_until"] = _("It cannot end before it was signed.")
    if status == AgreementStatus.EXPIRED and valid_until is None:
        errors.setdefault("valid_until", _("An expired agreement says until when it was "
                                           "valid."))
    if errors:
        raise ValidationError(errors)


def create_agreement(actor: User | None, *, country: str, subject: str, kind: str,
                     lead_unit: OrgUnit, status: str = AgreementStatus.IN_FORCE,
                     signed_on: dt.date | None = None, valid_until: dt.date | None = None,
                     partner: str = "", note: str = "", classification: int = 0) -> Agreement:
    check_acts_for(actor, lead_unit, "lead_unit")
    _check_agreement(status, signed_on, valid_until)
    return writes.create(actor, Agreement(
        country=canonical(country), partner=partner, subject=subject, kind=kind, status=status,
        signed_on=signed_on, valid_until=valid_until, lead_unit=lead_unit, note=note,
        classification=classification))


def update_agreement(actor: User | None, agreement: Agreement, **data: Any) -> Agreement:
    """Everything but its lead unit. A follow-up done before the new signing date refuses it."""
    check_acts_for(actor, agreement.lead_unit, "lead_unit")
    only(AGREEMENT_FIELDS, data)
    data = _countried(data)
    m = _merged(agreement, data, ("status", "signed_on", "valid_until"))
    _check_agreement(m["status"], m["signed_on"], m["valid_until"])
    first = (FollowUp.objects.filter(agreement=agreement, done_on__isnull=False)
             .order_by("done_on").values_list("done_on", flat=True).first())
    if first is not None and m["signed_on"] is None:
        field = "status" if m["status"] == AgreementStatus.NEGOTIATING else "signed_on"
        raise ValidationError({field: _(
            "A follow-up action was done on %(date)s: the agreement is signed.")
            % {"date": format_date(first)}})
    if first is not None and first < m["signed_on"]:
        raise ValidationError({"signed_on": _(
            "A follow-up action was done on %(date)s: it was signed no later.")
            % {"date": format_date(first)}})
    return writes.update(actor, agreement, _changed(agreement, data))


def delete_agreement(actor: User | None, agreement: Agreement) -> None:
    check_acts_for(actor, agreement.lead_unit, "lead_unit")
    if agreement.follow_ups.exists():
        raise ValidationError(_("Follow-up actions carry this agreement out: delete them "
                                "first."))
    writes.delete(actor, agreement)


# --- follow-ups ---------------------------------------------------------------------------


def _check_follow_up(agreement: Agreement, done_on: dt.date | None) -> None:
    if done_on is None:
        return
    check_not_future(done_on, "done_on")
    if agreement.signed_on is None:
        raise ValidationError({"done_on": _("The agreement is not signed yet.")})
    if done_on < agreement.signed_on:
        raise ValidationError({"done_on": _("The agreement was signed on %(date)s, after "
                                            "this date.")
                               % {"date": format_date(agreement.signed_on)}})


def create_follow_up(actor: User | None, *, agreement: Agreement, action: str,
                     owner_unit: OrgUnit, due_on: dt.date, done_on: dt.date | None = None,
                     note: str = "") -> FollowUp:
    """By the agreement's lead unit (or above it), for any unit in charge."""
    check_acts_for(actor, agreement.lead_unit, "agreement")
    _check_follow_up(agreement, done_on)
    return writes.create(actor, FollowUp(agreement=agreement, action=action,
                                         owner_unit=owner_unit, due_on=due_on,
                                         done_on=done_on, note=note))


def _acts_for_follow_up(actor: User | None, follow_up: FollowUp) -> bool:
    """The agreement's lead unit (True), or else the unit in charge (False)."""
    try:
        check_acts_for(actor, follow_up.agreement.lead_unit, "owner_unit")
    except ValidationError:
        check_acts_for(actor, follow_up.owner_unit, "owner_unit")
        return False
    return True


def update_follow_up(actor: User | None, follow_up: FollowUp, **data: Any) -> FollowUp:
    """The agreement's lead unit changes everything; the unit in charge only records what it
    did (`done_on`, `note`): its action and deadline are set for it, so it cannot move them."""
    lead = _acts_for_follow_up(actor, follow_up)
    only(FOLLOW_UP_FIELDS, data)
    changes = _changed(follow_up, data)
    if not lead:
        errors = {name: _("Only the agreement's lead unit changes this.")
                  for name in sorted(set(changes) - IN_CHARGE_FIELDS)}
        if errors:
            raise ValidationError(errors)
    _check_follow_up(follow_up.agreement, data.get("done_on", follow_up.done_on))
    return writes.update(actor, follow_up, changes)


def complete_follow_up(actor: User | None, follow_up: FollowUp, *, on_date: dt.date | None,
                       note: str = "") -> FollowUp:
    """The action is done (today, when no date is given)."""
    data: dict[str, Any] = {"done_on": on_date or timezone.localdate()}
    if note:
        data["note"] = "\n".join(filter(None, [follow_up.note, note]))
    try:
        return update_follow_up(actor, follow_up, **data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "done_on" in exc.error_dict:
            raise ValidationError({"on_date": exc.error_dict["done_on"]}) from exc
        raise


def delete_follow_up(actor: User | None, follow_up: FollowUp) -> None:
    check_acts_for(actor, follow_up.agreement.lead_unit, "agreement")
    writes.delete(actor, follow_up)


# --- delegations --------------------------------------------------------------------------


def create_delegation(actor: User | None, *, direction: str, country: str, purpose: str,
                      start: dt.date, end: dt.date, lead_unit: OrgUnit, members: int = 1,
                      partner: str = "", head: str = "", note: str = "",
                      classification: int = 0) -> Delegation:
    check_acts_for(actor, lead_unit, "lead_unit")
    _check_period(start, end, _("The delegation ends before it starts."))
    return writes.create(actor, Delegation(
        direction=direction, country=canonical(country), partner=partner, purpose=purpose,
        start=start, end=end, head=head, members=members, lead_unit=lead_unit, note=note,
        classification=classification))


def update_delegation(actor: User | None, delegation: Delegation, **data: Any) -> Delegation:
    check_acts_for(actor, delegation.lead_unit, "lead_unit")
    only(DELEGATION_FIELDS, data)
    data = _countried(data)
    m = _merged(delegation, data, ("start", "end"))
    _check_period(m["start"], m["end"], _("The delegation ends before it starts."))
    return writes.update(actor, delegation, _changed(delegation, data))


def delete_delegation(actor: User | None, delegation: Delegation) -> None:
    check_acts_for(actor, delegation.lead_unit, "lead_unit")
    writes.delete(actor, delegation)


# --- exhibitions and entries --------------------------------------------------------------


def create_exhibition(actor: User | None, *, name: str, kind: str, place: str, start: dt.date,
                      end: dt.date, lead_unit: OrgUnit, international: bool = True,
                      country: str = "Việt Nam", organiser: str = "", note: str = "",
                      classification: int = 0) -> Exhibition:
    check_acts_for(actor, lead_unit, "lead_unit")
    country = canonical(country)
    _check_period(start, end, _("The event ends before it starts."))
    check_home(international, country)
    return writes.create(actor, Exhibition(
        name=name, kind=kind, international=international, country=country, place=place,
        start=start, end=end, organiser=organiser, lead_unit=lead_unit, note=note,
        classification=classification))


def update_exhibition(actor: User | None, exhibition: Exhibition, **data: Any) -> Exhibition:
    check_acts_for(actor, exhibition.lead_unit, "lead_unit")
    only(EXHIBITION_FIELDS, data)
    data = _countried(data)
    m = _merged(exhibition, data, ("start", "end", "international", "country"))
    _check_period(m["start"], m["end"], _("The event ends before it starts."))
    check_home(m["international"], m["country"])
    return writes.update(actor, exhibition, _changed(exhibition, data))


def check_home(international: bool, country: str) -> None:
    """A domestic (not international) event is held in Việt Nam."""
    if not international and country_key(country) != country_key(HOME):
        raise ValidationError({"country": _(
            "A domestic event is held in Việt Nam: tick international for an event abroad.")})


def delete_exhibition(actor: User | None, exhibition: Exhibition) -> None:
    check_acts_for(actor, exhibition.lead_unit, "lead_unit")
    if exhibition.entries.exists():
        raise ValidationError(_("Units take part in this event: delete their participation "
                                "first."))
    writes.delete(actor, exhibition)


def _check_entry(product_count: int, products: str, contracts_signed: int) -> None:
    if product_count and not products.strip():
        raise ValidationError({"products": _("Name the products shown.")})
    errors = {name: _("A count is never negative.") for name, value in (
        ("product_count", product_count), ("contracts_signed", contracts_signed)) if value < 0}
    if errors:
        raise ValidationError(errors)


def create_entry(actor: User | None, *, exhibition: Exhibition, unit: OrgUnit,
                 products: str = "", product_count: int = 0, contacts: str = "",
                 contracts_signed: int = 0) -> ExhibitionEntry:
    """A unit takes part: the unit itself, or the event's lead unit, records it."""
    try:
        check_acts_for(actor, unit, "unit")
    except ValidationError:
        check_acts_for(actor, exhibition.lead_unit, "unit")
    _check_entry(product_count, products, contracts_signed)
    if ExhibitionEntry.objects.filter(exhibition=exhibition, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s already takes part in this event.")
                               % {"unit": unit.name}})
    return writes.create(actor, ExhibitionEntry(
        exhibition=exhibition, unit=unit, products=products, product_count=product_count,
        contacts=contacts, contracts_signed=contracts_signed))


def update_entry(actor: User | None, entry: ExhibitionEntry, **data: Any) -> ExhibitionEntry:
    try:
        check_acts_for(actor, entry.unit, "unit")
    except ValidationError:
        check_acts_for(actor, entry.exhibition.lead_unit, "unit")
    only(ENTRY_FIELDS, data)
    m = _merged(entry, data, ("product_count", "products", "contracts_signed"))
    _check_entry(m["product_count"], m["products"], m["contracts_signed"])
    return writes.update(actor, entry, _changed(entry, data))


def delete_entry(actor: User | None, entry: ExhibitionEntry) -> None:
    try:
        check_acts_for(actor, entry.unit, "unit")
    except ValidationError:
        check_acts_for(actor, entry.exhibition.lead_unit, "unit")
    writes.delete(actor, entry)


# --- export contracts ---------------------------------------------------------------------


def _check_contract(signed_on: dt.date, value: int, currency: str,
                    amount: Decimal | None) -> None:
    check_not_future(signed_on, "signed_on")
    errors: dict[str, str] = {}
    if value <= 0:
        errors["value"] = _("The value is above zero.")
    if amount is not None and not currency.strip():
        errors["currency"] = _("Name the currency of the amount.")
    if currency.strip() and amount is None:
        errors["amount"] = _("Give the amount in that currency.")
    if amount is not None and amount <= 0:
        errors["amount"] = _("The amount is above zero.")
    if errors:
        raise ValidationError(errors)


def create_contract(actor: User | None, *, unit: OrgUnit, number: str, country: str,
                    buyer: str, category: str, signed_on: dt.date, value: int,
                    subject: str = "", currency: str = "", amount: Decimal | None = None,
                    classification: int = 0) -> ExportContract:
    check_acts_for(actor, unit, "unit")
    _check_contract(signed_on, value, currency, amount)
    return writes.create(actor, ExportContract(
        unit=unit, number=number, country=canonical(country), buyer=buyer, subject=subject,
        category=category, signed_on=signed_on, value=value,
        currency=currency.strip().upper(),
        amount=amount, classification=classification))


def update_contract(actor: User | None, contract: ExportContract,
                    **data: Any) -> ExportContract:
    check_acts_for(actor, contract.unit, "unit")
    only(CONTRACT_FIELDS, data)
    data = _countried(data)
    if isinstance(data.get("currency"), str):
        data["currency"] = data["currency"].strip().upper()
    m = _merged(contract, data, ("signed_on", "value", "currency", "amount"))
    _check_contract(m["signed_on"], m["value"], m["currency"] or "", m["amount"])
    return writes.update(actor, contract, _changed(contract, data))


def delete_contract(actor: User | None, contract: ExportContract) -> None:
    check_acts_for(actor, contract.unit, "unit")
    writes.delete(actor, contract)
