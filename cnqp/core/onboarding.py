"""A directorate's first day: its organisation tree and its users imported from its own
spreadsheets (register engine: every row checked first, then all written through the services
in one transaction, or nothing).

- Units: one row per unit, its parent by code, in any order (a parent may come later in the
  file or exist already); the file must not make a loop or a second root.
- Users: one row per user, with roles and clearance; nobody is given a password. Each new user
  gets a one-time set-up link (accounts/setup.py), which the import page and the command show
  to the administrator who imported them. A username that exists updates that user (never
  their password)."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core import services
from cnqp.core.access.roles import ROLES
from cnqp.core.accounts.setup import setup_path
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.imports import Choice, Column, Importer, Outcome, Reference, Row, RowFailed, Text
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import fold

NOT_DOMAINS = {"core", "demo", "api"}
# the words a directorate's own lists use for the kinds of unit
KIND_ALIASES = {
    "Tổng cục": OrgUnitKind.DIRECTORATE, "Cục": OrgUnitKind.DEPARTMENT,
    "Phòng": OrgUnitKind.DEPARTMENT, "Cơ quan": OrgUnitKind.DEPARTMENT,
    "Doanh nghiệp": OrgUnitKind.ENTERPRISE, "Nhà máy": OrgUnitKind.ENTERPRISE,
    "Công ty": OrgUnitKind.ENTERPRISE, "Tổng công ty": OrgUnitKind.ENTERPRISE,
    "Phân xưởng": OrgUnitKind.ENTERPRISE, "Viện": OrgUnitKind.INSTITUTE,
    "Đơn vị sử dụng": OrgUnitKind.USER_UNIT,
}


def known_domains() -> list[str]:
    """The modules a department may manage: the project's apps that hold records."""
    return sorted(a.label for a in apps.get_app_configs()
                  if a.name.startswith("cnqp.") and a.label not in NOT_DOMAINS)


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


class OrgUnitImporter(Importer):
    name = "units"
    label = gettext_lazy("Organisation units")
    model = OrgUnit
    permission = "core.add_orgunit"
    sheet_title = "Đơn vị"
    match = "code"
    columns = (
        Column("code", "Mã đơn vị", Text(max_length=32, upper=True), required=True,
               unique=True),
        Column("name", "Tên đơn vị", Text(max_length=255), required=True),
        Column("short_name", "Tên viết tắt", Text(max_length=64)),
        Column("kind", "Loại đơn vị", Choice(OrgUnitKind, aliases=KIND_ALIASES), required=True),
        Column("parent", "Đơn vị cấp trên", Text(max_length=32, upper=True),
               help=gettext_lazy("The parent unit's code, in this file or already entered; "
                                 "empty only for the directorate.")),
        Column("domains", "Lĩnh vực quản lý", Text(max_length=255),
               help=gettext_lazy("For departments: the modules whose records their staff "
                                 "manage, separated by commas.")),
        Column("address", "Địa chỉ", Text(max_length=255)),
        Column("head_title", "Chức danh người đứng đầu", Text(max_length=128)),
        Column("head_name", "Họ tên người đứng đầu", Text(max_length=128)),
    )

    def prepare(self, rows: list[Row]) -> None:
        for row in rows:  # a blank parent keeps the recorded one, unless asked to clear it
            if row.existing is not None and "parent" in row.blank and not self.clear_blanks:
                row.values["parent"] = row.existing.parent.code if row.existing.parent else ""
        self.in_file = {row.values["code"]: row for row in rows}
        wanted = {row.values.get("parent") for row in rows} - {None, ""}
        self.stored = {u.code: u for u in OrgUnit.objects.filter(code__in=wanted)}
        self.roots = set(OrgUnit.objects.filter(parent=None).values_list("code", flat=True))
        self.domains = set(known_domains())

    def _loop(self, row: Row) -> bool:
        seen = {row.values["code"]}
        parent = row.values.get("parent")
        while parent and parent in self.in_file:
            if parent in seen:
                return True
            seen.add(parent)
            parent = self.in_file[parent].values.get("parent")
        return False

    def validate_row(self, row: Row) -> None:
        v = row.values
        code, parent = v["code"], v.get("parent") or ""
        if v["kind"] == OrgUnitKind.DIRECTORATE:
            if parent:
                row.error("parent", _("The directorate is the root: it has no parent."))
            elif self.roots - {code}:
                row.error("kind", _("The directorate %(code)s is already entered: there is "
                                    "one root.") % {"code": sorted(self.roots)[0]})
        elif not parent:
            row.error("parent", _("Every unit but the directorate has a parent unit."))
        elif parent == code:
            row.error("parent", _("A unit cannot be its own parent."))
        elif parent not in self.in_file and parent not in self.stored:
            row.error("parent", _("No unit %(code)s in this file or entered before.")
                      % {"code": parent})
        elif self._loop(row):
            row.error("parent", _("The parent units of this file make a loop."))
        domains = _split(v.get("domains") or "")
        unknown = [d for d in domains if d not in self.domains]
        if unknown:
            row.error("domains", _("Unknown module: %(names)s. Known: %(known)s.")
                      % {"names": ", ".join(unknown), "known": ", ".join(sorted(self.domains))})
        elif domains and v["kind"] != OrgUnitKind.DEPARTMENT:
            row.error("domains", _("Only a department manages modules."))
        v["domains"] = ",".join(domains)

    def _depth(self, row: Row) -> int:
        depth, parent = 0, row.values.get("parent")
        while parent and parent in self.in_file:
            depth += 1
            parent = self.in_file[parent].values.get("parent")
        return depth

    def write(self, actor: User, rows: list[Row]) -> Counter[Outcome]:
        # parents before their children, whatever the order of the file
        ordered = sorted(rows, key=self._depth)
        by_code: dict[str, OrgUnit] = dict(self.stored)
        counts: Counter[Outcome] = Counter()
        for row in ordered:
            try:
                unit, outcome = self._write_one(actor, row, by_code)
            except ValidationError as exc:
                raise RowFailed(self.issues_from(row, exc)) from exc
            by_code[unit.code] = unit
            counts[outcome] += 1
        return counts

    def _write_one(self, actor: User, row: Row,
                   by_code: dict[str, OrgUnit]) -> tuple[OrgUnit, Outcome]:
        v = row.values
        parent = by_code.get(v.get("parent") or "")
        data: dict[str, Any] = {"name": v["name"], "kind": v["kind"], "parent": parent}
        for key in ("short_name", "domains", "address", "head_title", "head_name"):
            if key in self.present:
                data[key] = v.get(key) or ""
        existing: OrgUnit | None = row.existing
        if existing is None:
            return services.create_org_unit(actor, code=v["code"], **data), Outcome.CREATED
        if not self.changed(existing, data):
            return existing, Outcome.UNCHANGED
        return services.update_org_unit(actor, existing, **data), Outcome.UPDATED


def _role_lookup() -> dict[str, str]:
    """A role by its code or its name in any language of the interface."""
    table = {fold(code): code for code in ROLES}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            table.update({fold(str(role.label)): code for code, role in ROLES.items()})
    return table


def _roles_in(text: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """The role codes a cell names, and the names it gives that are no role. Names are
    separated by commas or semicolons, yet a role's name may hold a comma ("Cán bộ doanh
    nghiệp, viện"): the longest run of comma-separated parts that is a role's name wins."""
    codes: list[str] = []
    unknown: list[str] = []
    for chunk in text.split(";"):
        parts = [p.strip() for p in chunk.split(",")]
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                code = table.get(fold(", ".join(parts[start:end])))
                if code:
                    codes.append(code)
                    start = end
                    break
            else:
                if parts[start]:
                    unknown.append(parts[start])
                start += 1
    return codes, unknown


class UserImporter(Importer):
    name = "users"
    label = gettext_lazy("Users")
    model = User
    permission = "core.add_user"
    sheet_title = "Người dùng"
    match = "username"
    match_field = "username"
    field_columns: ClassVar[dict[str, str]] = {"org_unit": "unit"}
    columns = (
        Column("username", "Tên đăng nhập", Text(max_length=150), required=True, unique=True),
        Column("full_name", "Họ và tên", Text(max_length=255), required=True),
        Column("unit", "Đơn vị", Reference(OrgUnit), required=True),
        Column("roles", "Vai trò", Text(max_length=255), required=True,
               help=gettext_lazy("Role codes or names, separated by commas.")),
        Column("clearance", "Cấp độ mật được tiếp cận", Choice(Classification), required=True),
        Column("title", "Chức vụ", Text(max_length=255)),
        Column("email", "Thư điện tử", Text(max_length=254)),
    )

    def prepare(self, rows: list[Row]) -> None:
        self.roles = _role_lookup()

    def validate_row(self, row: Row) -> None:
        v = row.values
        codes, unknown = _roles_in(v["roles"], self.roles)
        if unknown:
            row.error("roles", _("Unknown role: %(names)s. Known: %(known)s.")
                      % {"names": ", ".join(unknown), "known": ", ".join(sorted(ROLES))})
        v["roles"] = codes
        if v["clearance"] > self.actor.clearance:
            row.error("clearance", _("A clearance above your own cannot be granted."))
        if row.existing is not None and row.existing.pk == self.actor.pk:
            row.error("username", _("You cannot change your own account by an import."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        data: dict[str, Any] = {"full_name": v["full_name"], "org_unit": v["unit"],
                                "clearance": v["clearance"]}
        for key in ("title", "email"):
            if key in self.present:
                data[key] = v.get(key) or ""
        existing: User | None = row.existing
        if existing is None:
            user = services.create_user(actor, username=v["username"], password=None,
                                        roles=v["roles"], **data)
            self.links.append((user.username, setup_path(user)))
            return Outcome.CREATED
        if not self.changed(existing, data) and sorted(existing.role_codes) == sorted(v["roles"]):
            return Outcome.UNCHANGED
        services.update_user(actor, existing, roles=v["roles"], **data)
        return Outcome.UPDATED


IMPORTERS: dict[str, type[Importer]] = {OrgUnitImporter.name: OrgUnitImporter,
                                        UserImporter.name: UserImporter}
