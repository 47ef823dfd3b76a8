"""Partner countries, written one way: the common spellings of a country (Nga, LB Nga, Russia;
Viet Nam, VN...) are stored under its canonical Vietnamese name, and every record keeps a
folded key of it (`country_key`: lower case, no diacritics), which the figures count distinct
countries on and the lists filter by, whatever the case or accents typed."""

from __future__ import annotations

from cnqp.cooperation.choices import HOME
from cnqp.core.text import fold, nfc

_CANONICAL: dict[str, tuple[str, ...]] = {
    "Liên bang Nga": ("Nga", "LB Nga", "Liên bang Nga", "Russia", "Russian Federation",
                      "Liên Bang Nga", "CHLB Nga"),
    HOME: ("Việt Nam", "Viet Nam", "Vietnam", "VN", "Việt nam"),
    "Ấn Độ": ("Ấn Độ", "India"),
    "Belarus": ("Belarus", "Bêlarút", "Belarut", "Cộng hòa Belarus"),
    "Hàn Quốc": ("Hàn Quốc", "Korea", "South Korea", "Đại Hàn Dân Quốc"),
    "Séc": ("Séc", "Cộng hòa Séc", "Czech", "Czech Republic", "Czechia"),
    "Lào": ("Lào", "Laos", "CHDCND Lào"),
    "Campuchia": ("Campuchia", "Cambodia"),
    "Hoa Kỳ": ("Hoa Kỳ", "Mỹ", "USA", "US", "United States"),
    "Các Tiểu vương quốc Ả Rập thống nhất": ("Các Tiểu vương quốc Ả Rập thống nhất", "UAE",
                                              "United Arab Emirates"),
}
ALIASES: dict[str, str] = {fold(alias): name for name, aliases in _CANONICAL.items()
                           for alias in aliases}
HOME_KEY = fold(HOME)


def canonical(name: str) -> str:
    """The country's canonical Vietnamese name for a known spelling; otherwise as typed
    (composed, trimmed)."""
    text = " ".join(nfc(name or "").split())
    return ALIASES.get(fold(text), text)


def country_key(name: str) -> str:
    return fold(canonical(name))
