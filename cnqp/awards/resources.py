"""The registered resources of emulation and awards: lists, detail pages, exports, API routes
and permission probes come from these declarations (core/records). The titles have no owner
unit: only roles that see every unit write them. Who acts for the launching or recipient unit
writes a movement or an award; the units above read them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cnqp.awards import filters as flt
from cnqp.awards import forms as f
from cnqp.awards import services
from cnqp.awards.models import Award, AwardTitle, Movement
from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Column, Resource
from cnqp.core.units import units_in_reach


def _acts_for(field: str) -> Any:
    def acts(user: User, obj: Any) -> bool:
        return units_in_reach(user).filter(pk=getattr(obj, f"{field}_id")).exists()

    return acts


titles = register(Resource(
    model=AwardTitle, slug="titles",
    columns=[Column("code", link=True), Column("name", link=True), Column("category"),
             Column("level"), Column("recipient_kind"), Column("valid_from"),
             Column("valid_to")],
    detail_fields=["code", "name", "category", "level", "recipient_kind", "order",
                   "valid_from", "valid_to", "legal_basis", "description"],
    export_fields=["code", "name", "category", "level", "recipient_kind", "order",
                   "valid_from", "valid_to", "legal_basis"],
    api_fields=["id", "code", "name", "category", "level", "recipient_kind", "order",
                "valid_from", "valid_to", "legal_basis", "description"],
    filterset=flt.AwardTitleFilter, form=f.AwardTitleForm, create=services.create_title,
    update=services.update_title, delete=services.delete_title, default_sort="order",
    searchable=False,
))

movements = register(Resource(
    model=Movement, slug="movements",
    columns=[Column("name", link=True), Column("kind"),
             Column("launching_unit.code", label=_("Launched by"),
                    sort="launching_unit__code"),
             Column("start"), Column("end"), Column("classification")],
    detail_fields=["name", "kind", "launching_unit", "start", "end", "description",
                   "classification"],
    export_fields=["name", "kind", "launching_unit.code", "start", "end", "description",
                   "classification"],
    api_fields=["id", "name", "kind", "launching_unit_id", "start", "end", "description",
                "classification"],
    filterset=flt.MovementFilter, form=f.MovementForm, update_form=f.MovementChangeForm,
    create=services.create_movement, update=services.update_movement,
    delete=services.delete_movement, default_sort="-start",
    writable_by=_acts_for("launching_unit"),
))

awards = register(Resource(
    model=Award, slug="awards",
    columns=[Column("decision_date"), Column("title.name", label=_("Title or commendation"),
                                             link=True, sort="title__order"),
             Column("unit.code", label=_("Recipient unit"), sort="unit__code"),
             Column("person_name"), Column("person_position"),
             Column("decision_number"), Column("authority"), Column("classification")],
    detail_fields=["title", "unit", "person_name", "person_position", "movement",
                   "authority", "decision_number", "decision_date", "reason",
                   "classification"],
    export_fields=["decision_date", "title.code", "title.name", "title.level", "unit.code",
                   "person_name", "person_position", "movement.name", "authority",
                   "decision_number", "reason", "classification"],
    api_fields=["id", "title_id", "unit_id", "person_name", "person_position",
                "movement_id", "authority", "decision_number", "decision_date", "reason",
                "classification"],
    filterset=flt.AwardFilter, form=f.AwardForm, update_form=f.AwardChangeForm,
    create=services.create_award, update=services.update_award,
    delete=services.delete_award, default_sort="-decision_date",
    writable_by=_acts_for("unit"),
))
