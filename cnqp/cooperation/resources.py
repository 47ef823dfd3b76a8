"""The registered resources of international cooperation: lists, detail pages, exports, API
routes and permission probes come from these declarations (core/records). Who acts for a
record's unit writes it (the lead unit, the enterprise; an entry's unit or its event's lead
unit; a follow-up's unit in charge or its agreement's lead unit); the units above read it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cnqp.cooperation import filters as flt
from cnqp.cooperation import forms as f
from cnqp.cooperation import services
from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.core.units import units_in_reach


def _acts_for(*fields: str) -> Any:
    def acts(user: User, obj: Any) -> bool:
        ids = []
        for name in fields:
            target = obj
            for step in name.split("."):
                target = getattr(target, step)
            ids.append(target.pk)
        return units_in_reach(user).filter(pk__in=ids).exists()

    return acts


agreements = register(Resource(
    model=Agreement, slug="agreements",
    columns=[Column("signed_on"), Column("country"), Column("subject", link=True),
             Column("kind"), Column("status"),
             Column("lead_unit.code", label=_("Lead unit"), sort="lead_unit__code"),
             Column("valid_until"), Column("classification")],
    detail_fields=["country", "partner", "subject", "kind", "status", "signed_on",
                   "valid_until", "lead_unit", "note", "classification"],
    export_fields=["signed_on", "country", "partner", "subject", "kind", "status",
                   "valid_until", "lead_unit.code", "note", "classification"],
    api_fields=["id", "country", "partner", "subject", "kind", "status", "signed_on",
                "valid_until", "lead_unit_id", "note", "classification"],
    filterset=flt.AgreementFilter, form=f.AgreementForm, update_form=f.AgreementChangeForm,
    create=services.create_agreement, update=services.update_agreement,
    delete=services.delete_agreement, default_sort="-signed_on",
    writable_by=_acts_for("lead_unit"),
))

follow_ups = register(Resource(
    model=FollowUp, slug="follow-ups",
    columns=[Column("due_on"), Column("action", link=True),
             Column("agreement.subject", label=_("Cooperation agreement"),
                    sort="agreement__subject"),
             Column("owner_unit.code", label=_("Unit in charge"), sort="owner_unit__code"),
             Column("done_on")],
    detail_fields=["agreement", "action", "owner_unit", "due_on", "done_on", "note"],
    export_fields=["agreement.country", "agreement.subject", "action", "owner_unit.code",
                   "due_on", "done_on", "note"],
    api_fields=["id", "agreement_id", "action", "owner_unit_id", "due_on", "done_on", "note"],
    filterset=flt.FollowUpFilter, form=f.FollowUpForm, update_form=f.FollowUpChangeForm,
    create=services.create_follow_up, update=services.update_follow_up,
    delete=services.delete_follow_up, default_sort="due_on",
    writable_by=_acts_for("owner_unit", "agreement.lead_unit"),
    actions=(Action("complete", "cooperation.change_followup", services.complete_follow_up,
                    form=f.CompleteForm, done_message=_("Action recorded as done."),
                    label=_("Record as done"), offered=lambda obj: obj.done_on is None),),
))

delegations = register(Resource(
    model=Delegation, slug="delegations",
    columns=[Column("start"), Column("end"), Column("direction"), Column("country"),
             Column("purpose", link=True), Column("head"), Column("members"),
             Column("lead_unit.code", label=_("Lead unit"), sort="lead_unit__code"),
             Column("classification")],
    detail_fields=["direction", "country", "partner", "purpose", "start", "end", "head",
                   "members", "lead_unit", "note", "classification"],
    export_fields=["direction", "country", "partner", "purpose", "start", "end", "head",
                   "members", "lead_unit.code", "note", "classification"],
    api_fields=["id", "direction", "country", "partner", "purpose", "start", "end", "head",
                "members", "lead_unit_id", "note", "classification"],
    filterset=flt.DelegationFilter, form=f.DelegationForm, update_form=f.DelegationChangeForm,
    create=services.create_delegation, update=services.update_delegation,
    delete=services.delete_delegation, default_sort="-start",
    writable_by=_acts_for("lead_unit"),
))

exhibitions = register(Resource(
    model=Exhibition, slug="exhibitions",
    columns=[Column("start"), Column("end"), Column("name", link=True), Column("kind"),
             Column("international"), Column("country"), Column("place"),
             Column("lead_unit.code", label=_("Lead unit"), sort="lead_unit__code"),
             Column("classification")],
    detail_fields=["name", "kind", "international", "country", "place", "start", "end",
                   "organiser", "lead_unit", "note", "classification"],
    export_fields=["name", "kind", "international", "country", "place", "start", "end",
                   "organiser", "lead_unit.code", "note", "classification"],
    api_fields=["id", "name", "kind", "international", "country", "place", "start", "end",
                "organiser", "lead_unit_id", "note", "classification"],
    filterset=flt.ExhibitionFilter, form=f.ExhibitionForm, update_form=f.ExhibitionChangeForm,
    create=services.create_exhibition, update=services.update_exhibition,
    delete=services.delete_exhibition, default_sort="-start",
    writable_by=_acts_for("lead_unit"),
))

entries = register(Resource(
    model=ExhibitionEntry, slug="entries",
    columns=[Column("exhibition.name", label=_("Exhibition or fair"), link=True,
                    sort="exhibition__start"),
             Column("unit.code", label=_("Participating unit"), sort="unit__code"),
             Column("product_count"), Column("products"), Column("contracts_signed")],
    detail_fields=["exhibition", "unit", "products", "product_count", "contacts",
                   "contracts_signed"],
    export_fields=["exhibition.name", "exhibition.start", "unit.code", "products",
                   "product_count", "contacts", "contracts_signed"],
    api_fields=["id", "exhibition_id", "unit_id", "products", "product_count", "contacts",
                "contracts_signed"],
    filterset=flt.EntryFilter, form=f.EntryForm, update_form=f.EntryChangeForm,
    create=services.create_entry, update=services.update_entry,
    delete=services.delete_entry, default_sort="-exhibition__start",
    writable_by=_acts_for("unit", "exhibition.lead_unit"),
))

contracts = register(Resource(
    model=ExportContract, slug="contracts",
    columns=[Column("signed_on"), Column("number", link=True),
             Column("unit.code", label=_("Enterprise"), sort="unit__code"),
             Column("country"), Column("buyer"), Column("category"), Column("value"),
             Column("classification")],
    detail_fields=["unit", "number", "country", "buyer", "subject", "category", "signed_on",
                   "value", "currency", "amount", "classification"],
    export_fields=["signed_on", "number", "unit.code", "country", "buyer", "subject",
                   "category", "value", "currency", "amount", "classification"],
    api_fields=["id", "unit_id", "number", "country", "buyer", "subject", "category",
                "signed_on", "value", "currency", "amount", "classification"],
    filterset=flt.ContractFilter, form=f.ContractForm, update_form=f.ContractChangeForm,
    create=services.create_contract, update=services.update_contract,
    delete=services.delete_contract, default_sort="-signed_on",
    writable_by=_acts_for("unit"),
))
