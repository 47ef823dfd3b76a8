"""Bench data shared by all benchmark modules: built once per database, deterministic."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import Client

from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource, Classification, OrgUnitKind
from cnqp.core.models import OrgUnit, Role, User
from cnqp.core.testing.clients import signed_in_client

BENCH_USERS = 20_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Quang", "Thanh", "Hữu", "Ngọc", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khánh",
         "Lan", "Long", "Mai", "Nam", "Nga", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Trang",
         "Tuấn", "Việt", "Yến"]


@dataclass
class BenchContext:
    admin: User
    client: Client
    users: int

    def describe(self) -> str:
        from cnqp.production.models import GenealogyEdge

        def vn(n: int) -> str:
            return f"{n:,}".replace(",", ".")

        return f"{vn(self.users)} users, {vn(GenealogyEdge.objects.count())} genealogy edges"

    @classmethod
    def prepare(cls) -> BenchContext:
        if not OrgUnit.objects.filter(code="TCCNQP").exists():
            from django.core.management import call_command
            from django.db import connection

            # the large demo (millions of items, 22 million edges) takes minutes, once
            scale = "large" if connection.vendor == "postgresql" else "small"
            call_command("seed_demo", verbosity=0, scale=scale)
        if User.objects.count() < BENCH_USERS:
            cls._bulk_users()
        admin = User.objects.get(username="admin")
        client = signed_in_client(admin)
        return cls(admin=admin, client=client, users=User.objects.count())

    @staticmethod
    def _bulk_users() -> None:
        """Bench filler (not audited: it is not a user action)."""
        rng = random.Random(7)
        units = list(OrgUnit.objects.exclude(kind=OrgUnitKind.DIRECTORATE))
        password = make_password(settings.CNQP_DEMO_PASSWORD)
        start = User.objects.count()
        batch = []
        for i in range(start, BENCH_USERS):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            user = User(username=f"bench{i:06d}", full_name=name, password=password,
                        org_unit=rng.choice(units), clearance=rng.choice(list(Classification)))
            user.search_text = user.build_search_text()
            batch.append(user)
        with transaction.atomic(), audit_context(AuditSource.COMMAND):
            User.objects.bulk_create(batch, batch_size=2000)
            role = Role.objects.get(code="enterprise_staff")
            through = User.roles.through
            through.objects.bulk_create(
                [through(user_id=u.pk, role_id=role.code) for u in
                 User.objects.filter(username__startswith="bench")],
                batch_size=5000, ignore_conflicts=True)
