"""Charts of a report as PNG images for the DOCX (and so the PDF), drawn with Pillow and the
Roboto font that a Python package ships (it covers Vietnamese): offline, no browser, no
system font needed. The HTML preview draws the same `ReportChart` with ECharts."""

from __future__ import annotations

import io
from functools import cache
from importlib import resources as package_files

from PIL import Image, ImageDraw, ImageFont

from cnqp.core.figures.reporting import ReportChart
from cnqp.core.text import format_number

WIDTH, HEIGHT = 1600, 800  # drawn at twice the printed size (16 x 8 cm at about 250 dpi)
COLOURS = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5"]
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 140, 40, 110, 150


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    folder = package_files.files("font_roboto") / "files"
    name = "Roboto-Bold.ttf" if bold else "Roboto-Regular.ttf"
    return ImageFont.truetype(str(folder / name), size)


def _nice_max(value: float) -> float:
    """The axis top: 1, 2 or 5 times a power of ten, at or above `value`."""
    if value <= 0:
        return 1
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _legend(draw: ImageDraw.ImageDraw, names: list[str]) -> None:
    x, y = MARGIN_LEFT, 30
    for index, name in enumerate(names):
        draw.rectangle([x, y + 8, x + 28, y + 36], fill=COLOURS[index % len(COLOURS)])
        draw.text((x + 38, y), name, font=_font(30), fill="#222222")
        x += 38 + int(draw.textlength(name, font=_font(30))) + 40


def _label(draw: ImageDraw.ImageDraw, text: str, centre: float, top: float,
           width: float) -> None:
    """A category label under its group, wrapped on words to the group's width."""
    font = _font(32)
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    for row, line in enumerate(lines[:3]):
        draw.text((centre, top + row * 36), line, font=font, fill="#222222", anchor="ma")


def _axes(draw: ImageDraw.ImageDraw, top_value: float) -> tuple[float, float, float, float]:
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    for step in range(6):
        value = top_value * step / 5
        y = bottom - (bottom - top) * step / 5
        draw.line([left, y, right, y], fill="#dddddd", width=2)
        decimals = 0 if float(value).is_integer() else 1
        draw.text((left - 12, y), format_number(value, decimals), font=_font(32),
                  fill="#444444", anchor="rm")
    draw.line([left, bottom, right, bottom], fill="#444444", width=3)
    return left, right, top, bottom


def _frame(draw: ImageDraw.ImageDraw, chart: ReportChart
           ) -> tuple[float, tuple[float, float, float, float]]:
    """The value at the top of the scale (all series fit under it) and the axes drawn for it."""
    values = [v for _name, series in chart.series for v in series]
    top_value = _nice_max(max(values, default=0))
    return top_value, _axes(draw, top_value)


def _bars(draw: ImageDraw.ImageDraw, chart: ReportChart) -> None:
    top_value, (left, right, top, bottom) = _frame(draw, chart)
    groups = max(len(chart.categories), 1)
    group_width = (right - left) / groups
    bar_width = group_width * 0.7 / max(len(chart.series), 1)
    for g, category in enumerate(chart.categories):
        start = left + g * group_width + group_width * 0.15
        for s, (_name, series) in enumerate(chart.series):
            value = series[g] if g < len(series) else 0
            height = (bottom - top) * (value / top_value)
            x = start + s * bar_width
            draw.rectangle([x, bottom - height, x + bar_width - 4, bottom],
                           fill=COLOURS[s % len(COLOURS)])
            decimals = 0 if float(value).is_integer() else 1
            draw.text((x + bar_width / 2 - 2, bottom - height - 6),
                      format_number(value, decimals), font=_font(30), fill="#222222",
                      anchor="md")
        _label(draw, category, left + (g + 0.5) * group_width, bottom + 12, group_width - 8)


def _lines(draw: ImageDraw.ImageDraw, chart: ReportChart) -> None:
    top_value, (left, right, top, bottom) = _frame(draw, chart)
    count = max(len(chart.categories), 1)
    step = (right - left) / count
    for s, (_name, series) in enumerate(chart.series):
        points = [(left + (i + 0.5) * step, bottom - (bottom - top) * (v / top_value))
                  for i, v in enumerate(series)]
        colour = COLOURS[s % len(COLOURS)]
        if len(points) > 1:
            draw.line(points, fill=colour, width=5)
        for x, y in points:
            draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=colour)
    for i, category in enumerate(chart.categories):
        _label(draw, category, left + (i + 0.5) * step, bottom + 12, step - 4)


def _pie(draw: ImageDraw.ImageDraw, chart: ReportChart) -> None:
    series = chart.series[0][1] if chart.series else []
    total = sum(series) or 1
    box = [MARGIN_LEFT, MARGIN_TOP, MARGIN_LEFT + 560, MARGIN_TOP + 560]
    angle = -90.0
    for i, value in enumerate(series):
        sweep = 360 * value / total
        draw.pieslice(box, angle, angle + sweep, fill=COLOURS[i % len(COLOURS)])
        angle += sweep
    for i, category in enumerate(chart.categories):
        y = MARGIN_TOP + 40 + i * 50
        draw.rectangle([800, y, 828, y + 28], fill=COLOURS[i % len(COLOURS)])
        value = series[i] if i < len(series) else 0
        draw.text((840, y - 4), f"{category}: {format_number(value)}", font=_font(30),
                  fill="#222222")


def chart_png(chart: ReportChart) -> bytes:
    """The chart as a PNG (WIDTH x HEIGHT pixels, white background)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    if chart.kind == "pie":
        _pie(draw, chart)
    else:
        _legend(draw, [name for name, _values in chart.series])
        (_lines if chart.kind == "line" else _bars)(draw, chart)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
