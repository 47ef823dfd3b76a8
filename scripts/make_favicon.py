#!/usr/bin/env python
"""Draw the raster favicons from the hand-written SVG, so the three stay one mark.

    python scripts/make_favicon.py

Debian's Chromium (through Playwright, as the browser tests) draws cnqp/static/cnqp/favicon.svg
at 256 px; Pillow scales it to favicon.ico (16, 32 and 48 px, for browsers without SVG icons)
and to apple-touch-icon.png (180 px on white: such icons are shown without transparency).
The outputs are committed; run this again only when the SVG changes.
"""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

FOLDER = Path(__file__).resolve().parent.parent / "cnqp" / "static" / "cnqp"
SIZE = 256


def draw_svg(svg: Path) -> Image.Image:
    data = base64.b64encode(svg.read_bytes()).decode()
    html = (f'<body style="margin:0"><img style="display:block" width="{SIZE}" height="{SIZE}" '
            f'src="data:image/svg+xml;base64,{data}"></body>')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        page.set_content(html)
        png = page.screenshot(omit_background=True)
        browser.close()
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> None:
    mark = draw_svg(FOLDER / "favicon.svg")
    mark.save(FOLDER / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    touch = Image.new("RGBA", (180, 180), "white")
    inner = mark.resize((160, 160), Image.Resampling.LANCZOS)
    touch.alpha_composite(inner, (10, 10))
    touch.convert("RGB").save(FOLDER / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
