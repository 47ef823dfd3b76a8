"""The columns of an import file, for both engines: their declaration and the header row.

A `Column` is the same for the register engine (`Importer`) and the bulk engine
(`BulkImporter`): a key (also accepted as a header), the Vietnamese header of the template, other
spellings, whether it is required, a help text. What differs is one field, `parser`: how a
cell of the column becomes a value. The register engine parses each cell in Python (a
`parsers.Parser`); the bulk engine parses every cell of a column at once in SQL (a
`bulk.parsers.SqlParser`). Both kinds describe the values they accept, for the import page and
the template's guide. `ImportDeclaration` is what an importer of either engine declares (name,
label, permission, columns, the template's sheet title): all the front half reads; each engine
checks, when an importer is declared, that its columns carry its kind of parser.

`match_header` reads the header row for both: headers compared folded (no accents, no case,
"_" as a space, a trailing "*" or ":" dropped), so "Mã bộ tài liệu *", "ma bo tai lieu" and
"code" all name their column; unknown and repeated headers and missing required columns are
errors of row 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cnqp.core.imports.parsers import Text, cell_text
from cnqp.core.imports.results import ImportIssue
from cnqp.core.text import clean_text, fold

if TYPE_CHECKING:
    from cnqp.core.models import User


class CellParser(Protocol):
    """What both kinds of parser have: the description of the values a cell accepts."""

    def describe(self) -> str: ...


P = TypeVar("P", bound=CellParser)


@dataclass(frozen=True)
class Column(Generic[P]):
    key: str  # English key, accepted as a header too
    header: str  # the header as written in the template (Vietnamese, not translated)
    # Python (register engine) or SQL (bulk engine); plain text by default. The default is the
    # register engine's: the bulk engine refuses a column without its kind of parser.
    parser: P = field(default_factory=Text)  # type: ignore[assignment]
    required: bool = False  # a value in every row, hence the column in every file
    unique: bool = False  # no two rows of the file with the same value (register engine)
    aliases: tuple[str, ...] = ()
    help: str | Promise = ""

    def names(self) -> list[str]:
        return [header_key(n) for n in (self.header, self.key, *self.aliases)]

    def describe(self) -> str:
        """The values the column accepts, for the import page and the template's guide."""
        return self.parser.describe()

    def guide(self) -> str:
        """The help and the accepted values, as the template's guide writes them."""
        return " ".join(p for p in (str(self.help), self.describe()) if p)


class ImportDeclaration:
    """What an importer of either engine declares, and all the front half (the upload page, the
    template, the command) needs of it. Each engine names its kind of parser."""

    name: ClassVar[str] = ""  # short name: the command's argument, the template's file name
    label: ClassVar[str | Promise] = ""
    permission: ClassVar[str] = ""
    columns: ClassVar[Sequence[Column[Any]]] = ()
    sheet_title: ClassVar[str] = "Data"  # the template's first sheet
    parser_type: ClassVar[type] = object

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        check_columns(cls.__name__, cls.columns, cls.parser_type)

    @classmethod
    def template_rows(cls, user: User) -> list[list[Any]]:
        """The rows the template downloaded by `user` is pre-filled with, one value per
        column in the order of `columns` (None for an empty cell): none by default."""
        return []


def header_key(text: str) -> str:
    """"Mã bộ tài liệu *" and "ma bo tai lieu" and "product_type" and "Product type" match."""
    return fold(text.replace("_", " ")).rstrip(" *:").strip()


def check_columns(owner: str, columns: Sequence[Column[Any]], parser_type: type) -> None:
    """At declaration: every column carries the engine's kind of parser, and no header names
    two columns."""
    seen: dict[str, str] = {}
    for column in columns:
        if not isinstance(column.parser, parser_type):
            raise ImproperlyConfigured(f"{owner}: column {column.key!r} needs a "
                                       f"{parser_type.__name__}")
        for name in column.names():
            if seen.setdefault(name, column.key) != column.key:
                raise ImproperlyConfigured(f"{owner}: header {name!r} names both "
                                           f"{seen[name]!r} and {column.key!r}")


@dataclass
class HeaderMatch:
    """The header row read: the key of each column of the file (None for a column without a
    header, or one refused; trailing ones dropped), the keys present, every column's header
    (as written in the file when present, as in the template otherwise), and the errors."""

    keys: list[str | None]
    present: set[str]
    headers: dict[str, str]
    issues: list[ImportIssue]


def match_header(columns: Sequence[Column[Any]], cells: Iterable[Any]) -> HeaderMatch:
    by_name = {name: c for c in columns for name in c.names()}
    match = HeaderMatch([], set(), {c.key: c.header for c in columns}, [])
    for cell in cells:
        text = clean_text(cell_text(cell)) if cell is not None else ""
        column = by_name.get(header_key(text)) if text else None
        key = None
        if column is not None and column.key not in match.present:
            key = column.key
            match.present.add(key)
            match.headers[key] = text
        elif column is not None:
            match.issues.append(ImportIssue(1, text, _("This column appears twice.")))
        elif text:
            match.issues.append(ImportIssue(1, text, _("Unknown column.")))
        match.keys.append(key)
    for column in columns:
        if column.required and column.key not in match.present:
            match.issues.append(ImportIssue(1, column.header, _(
                "Required column missing: the header row needs “%(header)s”.")
                % {"header": column.header}))
    while match.keys and match.keys[-1] is None:
        match.keys.pop()  # trailing empty header cells
    return match


def headerless(row: int, index: int) -> ImportIssue:
    """A value in the file's column `index` (0 for A), which has no header."""
    return ImportIssue(row, get_column_letter(index + 1),
                       _("A value in a column without a header."))
