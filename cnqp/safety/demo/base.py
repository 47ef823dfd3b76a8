"""What the safety demo's parts share: the units, the reference rows by code, the actors and
the demo's today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.safety.models import (
    AssetCategory,
    CauseCode,
    ChecklistCriterion,
    Course,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    SafetyAsset,
)

# unit code → workers in 2011
UNITS = {"Z111": 1450, "Z113": 1180, "Z115": 820, "Z121": 760, "Z129": 640, "Z173": 980,
         "VVK": 260, "VTPTN": 310}
REVIEWED = ("Z111", "Z113", "Z115", "Z121", "VVK", "VTPTN")  # by the 2017 general review

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Ngọc")
GIVEN = ("Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Mai", "Sơn", "Hương", "Thắng", "Bình", "Long",
         "Nga", "Phúc", "Thảo", "Cường", "Yến")


class Demo:
    """The seeding's state: the context, the reference rows by code, the assets made."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rng = ctx, ctx.rng
        self.today = timezone.localdate()
        self.btm = ctx.users["btm"]
        self.units: dict[str, OrgUnit] = {
            u.code: u for u in OrgUnit.objects.filter(
                code__in=[*UNITS, "BTM", "TCCNQP", "Z111-PX1", "Z111-PX2", "Z113-PX1"])}
        self.kinds = {k.code: k for k in IncidentKind.objects.all()}
        self.causes = {c.code: c for c in CauseCode.objects.all()}
        self.factors = {f.code: f for f in InjuryFactor.objects.all()}
        self.courses = {c.code: c for c in Course.objects.all()}
        self.categories = {c.code: c for c in AssetCategory.objects.all()}
        self.regimes = list(InspectionRegime.objects.order_by("valid_from"))
        self.criteria = list(ChecklistCriterion.objects.order_by("code"))
        self.assets: dict[str, SafetyAsset] = {}

    def actor(self, unit: OrgUnit) -> User:
        """The unit's own demo user when there is one, else the safety department."""
        top = unit.code.split("-")[0]
        own = {"Z111": "z111", "Z113": "z113", "VVK": "vienvk"}.get(top)
        return self.ctx.users.get(own or "", self.btm)

    def day(self, value: dt.date) -> dt.date:
        return min(value, self.today)

    def name(self) -> str:
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def decision(self, unit: str) -> str:
        return f"{self.rng.randint(10, 990)}/QĐ-{unit}"
