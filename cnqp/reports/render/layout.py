"""The geometry of a report table in the DOCX (and so the PDF), decided here and nowhere else:
which pages it is set on, its font size and its column widths.

- A table of more than LANDSCAPE_ABOVE columns is set on landscape pages (`is_landscape`):
  portrait text is 165 mm wide, room for seven columns of about 23 mm, two short syllables of
  a header at 11 pt. Decided by the columns alone, so a table keeps its orientation whatever
  its figures are this year.
- No column is narrower than its longest word (`fit`): Vietnamese syllables and figures are
  separated by spaces, so a word processor then wraps a cell only between words and never
  breaks "nghiệm" or "1.234.567". When even the longest words do not fit, the font shrinks by
  SIZE_STEP down to SMALLEST_SIZE; only then may words break.
- Words are measured with Liberation Serif (the metrics of Times New Roman, the font
  LibreOffice sets the PDF with; `make setup-pdf` installs it); without it, with an estimate
  per character that errs on the wide side."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont

from cnqp.reports.document import cell_text, is_figure

LANDSCAPE_ABOVE = 7  # columns
SMALLEST_SIZE = 9.0  # points
SIZE_STEP = 0.5
CELL_PADDING_MM = 4.5  # Table Grid's cell margins (1.9 mm a side) and a little air
NARROWEST_COLUMN_MM = 10.0
TEXT_SHARE = 0.4  # a text column widens towards one line per cell up to this share
MM_PER_POINT = 25.4 / 72
FONT_FOLDERS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
# The estimate without the font, in em: Times New Roman's figures and punctuation, capitals
# and wide letters; every other character 0.5 (most lower-case letters are narrower).
ADVANCE = {".": 0.25, ",": 0.25, "-": 0.333, "/": 0.278, "%": 0.833, "—": 1.0, "(": 0.333,
           ")": 0.333, " ": 0.25, "m": 0.78, "w": 0.72, "M": 0.89, "W": 0.94}
CAPITAL, HORN, BOLD = 0.72, 0.6, 1.08  # HORN: ơ and ư (and their tones) are wider than o, u

Cell = str | int | float


def is_landscape(columns: Sequence[str]) -> bool:
    return len(columns) > LANDSCAPE_ABOVE


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in FONT_FOLDERS:
        path = Path(folder) / name
        if path.is_file():
            # At 1000 units per point: getlength then returns thousandths of a point.
            return ImageFont.truetype(str(path), 1000)
    return None


def _horned(character: str) -> bool:
    return "\u031b" in unicodedata.normalize("NFD", character)


@cache
def _em(text: str, bold: bool) -> float:
    """The advance width of `text` in em (font size units)."""
    font = _font(bold)
    if font is not None:
        return float(font.getlength(text)) / 1000
    width = sum(ADVANCE.get(c, CAPITAL if c.isupper() else HORN if _horned(c) else 0.5)
                for c in text)
    return width * BOLD if bold else width


def text_mm(text: str, size: float, *, bold: bool = False) -> float:
    """`text` at `size` points, in millimetres: its longest line (a header may put the years
    on a line of their own)."""
    return max((_em(line, bold) for line in text.splitlines()), default=0.0) * size \
        * MM_PER_POINT


def longest_word_mm(text: str, size: float, *, bold: bool = False) -> float:
    return max((text_mm(word, size, bold=bold) for word in text.split()), default=0.0)


@dataclass(frozen=True)
class TableLayout:
    size: float  # points
    widths: list[float]  # millimetres, summing to the width given to `fit`


def _cells(columns: Sequence[str], rows: Sequence[Sequence[Cell]],
           index: int) -> list[tuple[str, bool]]:
    """Column `index` as printed, each text with whether it is bold: the header, and the last
    row (a total is printed bold; measuring the last row bold is the safe side)."""
    cells = [(columns[index], True)]
    cells += [(cell_text(row[index]), number == len(rows) - 1)
              for number, row in enumerate(rows) if index < len(row)]
    return cells


def minimum_widths(columns: Sequence[str], rows: Sequence[Sequence[Cell]],
                   size: float) -> list[float]:
    """Each column as wide as its longest word, header or cell, and its cell margins."""
    return [max(NARROWEST_COLUMN_MM, CELL_PADDING_MM + max(
        longest_word_mm(text, size, bold=bold) for text, bold in _cells(columns, rows, i)))
        for i in range(len(columns))]


def _fill(widths: list[float], natural: list[float], left: float) -> float:
    """Widens the columns towards their natural widths with `left` mm, as water fills a
    vessel: every column narrower than a level rises to it (or to its natural width, if less),
    the level as high as `left` allows. So the short wants are met whole (a unit of measure on
    one line on every row) and the long ones share the rest. Returns what is left."""
    def given(level: float) -> float:
        return sum(max(w, min(n, level)) - w for w, n in zip(widths, natural, strict=True))

    low, high = 0.0, max(natural, default=0.0)
    if given(high) <= left:
        low = high
    else:
        for _step in range(50):  # bisection of the level, to far below a twip
            middle = (low + high) / 2
            low, high = (middle, high) if given(middle) <= left else (low, middle)
    left -= given(low)
    widths[:] = [max(w, min(n, low)) for w, n in zip(widths, natural, strict=True)]
    return left


def _share(columns: Sequence[str], rows: Sequence[Sequence[Cell]], least: list[float],
           width: float, size: float) -> list[float]:
    """The width left over the minimums goes first to the text columns (the names of units
    and products: wrapped, they cost a line on every row), towards one line per cell; then to
    the headers, towards one line each; the rest to every column in proportion. Figure
    columns stay as narrow as their headers let them."""
    widths = list(least)
    texts = []
    for i in range(len(columns)):
        values = [row[i] for row in rows if i < len(row) and str(row[i]).strip()]
        line = 0.0
        if values and not all(is_figure(value) for value in values):
            line = min(TEXT_SHARE * width, CELL_PADDING_MM + max(
                text_mm(text, size, bold=bold) for text, bold in _cells(columns, rows, i)[1:]))
        texts.append(line)
    left = _fill(widths, texts, width - sum(widths))
    headers = [text_mm(name, size, bold=True) + CELL_PADDING_MM for name in columns]
    left = _fill(widths, headers, left)
    total = sum(widths)
    return [w + left * w / total for w in widths]


def fit(columns: Sequence[str], rows: Sequence[Sequence[Cell]], width: float,
        size: float) -> TableLayout:
    """The font size and column widths of a table `width` mm wide, starting from `size`."""
    least = minimum_widths(columns, rows, size)
    while sum(least) > width and size > SMALLEST_SIZE:
        size = max(size - SIZE_STEP, SMALLEST_SIZE)
        least = minimum_widths(columns, rows, size)
    if sum(least) > width:  # even at the smallest size: the words themselves must wrap
        return TableLayout(size, [w * width / sum(least) for w in least])
    return TableLayout(size, _share(columns, rows, least, width, size))
