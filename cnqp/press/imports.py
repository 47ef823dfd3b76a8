"""An existing register of press coverage from XLSX or CSV through the register engine: every
row checked first (errors by row and column), then every item written by one `create_items`
call (one insert, one audit entry per item) in the import's transaction, or nothing.

One item per row: the kind (bài viết, phóng sự, phim tài liệu, tin, or their codes), the
title, the outlet, the publication date, the code of the unit covered (the importer's own unit
or one below it, any unit for the roles that see every unit), and optionally the author, the
topic and the link (http or https)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.choices import Classification
from cnqp.core.imports import (
    Choice,
    Column,
    Date,
    Importer,
    Outcome,
    Reference,
    Row,
    RowFailed,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.units import units_in_reach
from cnqp.press import services
from cnqp.press.choices import PressKind
from cnqp.press.models import SCHEMES, PressItem

# The Vietnamese words of the registers, whatever the interface's catalogue says
KIND = Choice(PressKind, aliases={
    "Bài viết": PressKind.ARTICLE, "Bài báo": PressKind.ARTICLE,
    "Phóng sự": PressKind.REPORT, "Phim tài liệu": PressKind.DOCUMENTARY,
    "Phim": PressKind.DOCUMENTARY, "Tin": PressKind.NEWS, "Tin tức": PressKind.NEWS,
    "Tin tuyên truyền": PressKind.NEWS})
FIELDS = ("kind", "title", "outlet", "published_on", "subject_unit", "author", "topic", "link",
          "classification")


class PressItemImporter(Importer):
    name = "items"
    label = gettext_lazy("Press items")
    model = PressItem
    permission = "press.add_pressitem"
    sheet_title = "Thông tin tuyên truyền"
    level_column = "classification"
    columns = (
        Column("kind", "Loại", KIND, required=True,
               help=gettext_lazy("Bài viết, phóng sự, phim tài liệu or tin.")),
        Column("title", "Tiêu đề", Text(max_length=500), required=True),
        Column("outlet", "Cơ quan báo chí", Text(max_length=255), required=True,
               help=gettext_lazy("The newspaper, station or magazine.")),
        Column("published_on", "Ngày đăng, phát", Date(), required=True),
        Column("subject_unit", "Đơn vị được phản ánh", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("author", "Tác giả", Text(max_length=255)),
        Column("topic", "Chủ đề", Text(max_length=255)),
        Column("link", "Đường dẫn", Text(max_length=1000),
               help=gettext_lazy("An http or https address.")),
        # Required: an empty cell must never file a classified record as unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
    )

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values["subject_unit"].pk for row in rows}
        self.may_own = set(units_in_reach(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.today = timezone.localdate()

    def validate_row(self, row: Row) -> None:
        v = row.values
        unit: OrgUnit = v["subject_unit"]
        if unit.pk not in self.may_own:
            row.error("subject_unit", _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
        if v["published_on"] > self.today:
            row.error("published_on", _("The date cannot be in the future."))
        link = v.get("link") or ""
        if link and link.split(":", 1)[0].lower() not in SCHEMES:
            row.error("link", _("Only http and https addresses are accepted."))

    def write(self, actor: User, rows: list[Row]) -> Counter[Outcome]:
        items: list[dict[str, Any]] = [
            {k: row.values.get(k) for k in FIELDS} for row in rows]
        try:
            services.create_items(actor, items)
        except services.ItemsRefused as exc:
            raise RowFailed([issue for index, error in sorted(exc.errors.items())
                             for issue in self.issues_from(rows[index], error)]) from exc
        return Counter({Outcome.CREATED: len(rows)})


IMPORTERS: dict[str, type[Importer]] = {PressItemImporter.name: PressItemImporter}
