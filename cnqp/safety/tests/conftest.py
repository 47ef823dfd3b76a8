"""A small safety world: the directorate's safety department (BTM), two enterprises, a
workshop, their staff, and a hand-built reference set (the shipped one is data the tests do
not depend on)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from cnqp.conftest import Org, create_user
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User
from cnqp.safety.choices import CauseParty, InspectionKind
from cnqp.safety.models import (
    AssetCategory,
    CauseCode,
    Course,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    SeverityClass,
    TrainingGroup,
)

SINCE = dt.date(2011, 1, 1)


@dataclass
class Reference:
    crane: AssetCategory  # strict: technical inspection every 12 months, internal every 6
    technical: InspectionRegime
    internal: InspectionRegime
    extinguisher: AssetCategory  # fire check every 12 months
    fire_check: InspectionRegime
    course: Course
    accident: IncidentKind
    fire: IncidentKind
    near_miss: IncidentKind
    especially_serious: SeverityClass
    serious: SeverityClass
    minor: SeverityClass
    cause_worker: CauseCode
    cause_employer: CauseCode
    factor_lifting: InjuryFactor


def build_reference() -> Reference:
    crane = AssetCategory.objects.create(code="TB-NANG", name="Thiết bị nâng", strict=True,
                                         valid_from=SINCE)
    extinguisher = AssetCategory.objects.create(code="PCCC-BINH", name="Bình chữa cháy",
                                                valid_from=SINCE)
    regime = InspectionRegime.objects.create
    group = TrainingGroup.objects.create(number=3, name="Công việc có yêu cầu nghiêm ngặt",
                                         valid_from=SINCE)
    kind = IncidentKind.objects.create
    severity = SeverityClass.objects.create
    return Reference(
        crane=crane,
        technical=regime(category=crane, kind=InspectionKind.TECHNICAL, interval_months=12,
                         performer="Tổ chức kiểm định", valid_from=SINCE),
        internal=regime(category=crane, kind=InspectionKind.INTERNAL, interval_months=6,
                        performer="Đơn vị", valid_from=SINCE),
        extinguisher=extinguisher,
        fire_check=regime(category=extinguisher, kind=InspectionKind.FIRE, interval_months=12,
                          performer="Đơn vị", valid_from=SINCE),
        course=Course.objects.create(code="HL-N3", name="Huấn luyện nhóm 3", group=group,
                                     validity_months=24, valid_from=SINCE),
        accident=kind(code="TNLD", name="Tai nạn lao động", labour_accident=True,
                      valid_from=SINCE),
        fire=kind(code="CHAY", name="Cháy", valid_from=SINCE),
        near_miss=kind(code="SUYT", name="Suýt xảy ra sự cố", counted=False, valid_from=SINCE),
        especially_serious=severity(code="DBNT", name="Đặc biệt nghiêm trọng", rank=1,
                                    min_deaths=2, min_damage=5_000_000_000, valid_from=SINCE),
        serious=severity(code="NT", name="Nghiêm trọng", rank=2, min_deaths=1,
                         min_serious_injuries=2, min_damage=1_000_000_000, valid_from=SINCE),
        minor=severity(code="INT", name="Ít nghiêm trọng", rank=3, valid_from=SINCE),
        cause_worker=CauseCode.objects.create(code="NLD-VP", name="Vi phạm quy trình",
                                              party=CauseParty.WORKER, valid_from=SINCE),
        cause_employer=CauseCode.objects.create(code="NSD-HL", name="Chưa huấn luyện",
                                                party=CauseParty.EMPLOYER, valid_from=SINCE),
        factor_lifting=InjuryFactor.objects.create(code="YT-NANG", name="Thiết bị nâng",
                                                   valid_from=SINCE),
    )


@dataclass
class SafetyWorld:
    org: Org
    btm: OrgUnit  # the directorate's safety department
    ref: Reference
    safety_staff: User
    staff_a: User  # Z111
    staff_a1: User  # its workshop
    staff_b: User  # Z113
    low_a: User  # Z111, Confidential only


@pytest.fixture
def world(org: Org) -> SafetyWorld:
    btm = OrgUnitFactory(code="BTM", name="Bộ Tham mưu", kind=OrgUnitKind.DEPARTMENT,
                         parent=org.root, domains="safety")
    return SafetyWorld(
        org=org, btm=btm, ref=build_reference(),
        safety_staff=create_user(["department_staff"], btm, Classification.SECRET),
        staff_a=create_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET),
        staff_a1=create_user(["enterprise_staff"], org.workshop_a1, Classification.SECRET),
        staff_b=create_user(["enterprise_staff"], org.enterprise_b, Classification.SECRET),
        low_a=create_user(["enterprise_staff"], org.enterprise_a,
                          Classification.CONFIDENTIAL))


def aware(*args: Any) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))
