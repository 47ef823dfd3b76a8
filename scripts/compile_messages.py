#!/usr/bin/env python
"""Compile the gettext catalogues with polib: no GNU gettext (`msgfmt`) needed.

    python scripts/compile_messages.py          # validate, then write every django.mo
    python scripts/compile_messages.py --check  # validate; fail if a .mo is missing or stale

Every `cnqp/locale/<lang>/LC_MESSAGES/django.po` is compiled to the `django.mo` beside it; the
.mo files are committed, so a fresh checkout runs without compiling.

Validation (both modes) fails with exit status 1, naming the msgid, when an entry of a
complete catalogue (Vietnamese: the default interface language) is untranslated or fuzzy,
unless the entry carries the translator comment `# untranslated-ok`. In every catalogue it
also fails when a python-format translation drops or adds a placeholder (`%(name)s`, `%s`), or
when a plural entry has a number of forms other than the header's `nplurals`.

`--check` compiles each .po in memory and compares the messages (and the header, apart from
its dates) with the committed .mo as parsed, not byte for byte.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "cnqp" / "locale"
DOMAIN = "django"
# Catalogues that must translate every entry: the interface defaults to Vietnamese.
COMPLETE_LANGUAGES = frozenset({"vi"})
UNTRANSLATED_OK = "untranslated-ok"
# Header fields that change on every `makemessages` run without changing any translation.
VOLATILE_METADATA = frozenset({"POT-Creation-Date", "PO-Revision-Date"})

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGoc%]")


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{_shown(self.path)}: {self.message}"


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(ROOT)
    except ValueError:
        return path


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every django.po under the locale folder, in a stable order."""
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def language_of(po_path: Path) -> str:
    return po_path.parent.parent.name


def mo_path_for(po_path: Path) -> Path:
    return po_path.with_suffix(".mo")


def _nplurals(po: polib.POFile) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def _placeholders(text: str) -> list[str]:
    """The printf-style placeholders of a string, named ones by name, `%%` left out."""
    found = []
    for match in _PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        found.append(match.group(1) or match.group(0)[-1])
    return sorted(found)


def _allowed_untranslated(entry: polib.POEntry) -> bool:
    return any(line.strip() == UNTRANSLATED_OK for line in (entry.tcomment or "").splitlines())


def _label(entry: polib.POEntry) -> str:
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"msgid {entry.msgid!r}{context}"


def validate(po_path: Path, po: polib.POFile | None = None) -> list[Problem]:
    """What is wrong with one catalogue; an empty list when it may be compiled."""
    po = po if po is not None else polib.pofile(str(po_path))
    complete = language_of(po_path) in COMPLETE_LANGUAGES
    nplurals = _nplurals(po)
    problems: list[Problem] = []
    if any(e.msgid_plural for e in po) and nplurals is None:
        problems.append(Problem(po_path, "the header has no Plural-Forms with nplurals"))
    for entry in po:
        if entry.obsolete:
            continue
        if complete and not _allowed_untranslated(entry):
            if entry.fuzzy:
                problems.append(Problem(po_path, f"fuzzy: {_label(entry)}"))
            elif not entry.translated():
                problems.append(Problem(po_path, f"untranslated: {_label(entry)}"))
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if nplurals is not None and len(forms) != nplurals:
                problems.append(Problem(
                    po_path, f"{len(forms)} plural forms, the header says {nplurals}: "
                    f"{_label(entry)}"))
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            translations = [t for t in entry.msgstr_plural.values() if t]
            expected = {tuple(_placeholders(entry.msgid)), tuple(_placeholders(entry.msgid_plural))}
        else:
            translations = [entry.msgstr] if entry.msgstr else []
            expected = {tuple(_placeholders(entry.msgid))}
        for text in translations:
            if tuple(_placeholders(text)) not in expected:
                problems.append(Problem(
                    po_path, f"placeholders {_placeholders(text)} do not match the msgid's "
                    f"{sorted(set().union(*expected))}: {_label(entry)}"))
    return problems


def compile_to_bytes(po: polib.POFile) -> bytes:
    """The .mo a catalogue compiles to (translated, non-fuzzy entries and the header)."""
    return bytes(po.to_binary())


def _parsed_mo(data: bytes) -> tuple[dict[str, str], dict[tuple[str, str, str], object]]:
    """A .mo's header and messages, keyed by (context, msgid, msgid_plural)."""
    with tempfile.NamedTemporaryFile(suffix=".mo") as handle:
        handle.write(data)
        handle.flush()
        mo = polib.mofile(handle.name)
    metadata = {k: v for k, v in mo.metadata.items() if k not in VOLATILE_METADATA}
    messages: dict[tuple[str, str, str], object] = {}
    for entry in mo:
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            messages[key] = tuple(sorted(entry.msgstr_plural.items()))
        else:
            messages[key] = entry.msgstr
    return metadata, messages


def stale(po_path: Path, po: polib.POFile | None = None) -> list[Problem]:
    """Problems when the committed .mo is missing or differs from compiling the .po."""
    po = po if po is not None else polib.pofile(str(po_path))
    mo_path = mo_path_for(po_path)
    if not mo_path.exists():
        return [Problem(mo_path, "missing: run `python scripts/compile_messages.py`")]
    try:
        committed = _parsed_mo(mo_path.read_bytes())
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return [Problem(mo_path, f"unreadable ({exc}): run `python scripts/compile_messages.py`")]
    expected = _parsed_mo(compile_to_bytes(po))
    if committed == expected:
        return []
    meta_now, messages_now = committed
    meta_po, messages_po = expected
    details = []
    if meta_now != meta_po:
        details.append("header differs")
    changed = sorted({k for k in messages_now.keys() ^ messages_po.keys()}
                     | {k for k in messages_now.keys() & messages_po.keys()
                        if messages_now[k] != messages_po[k]})
    details.extend(f"msgid {key[1]!r} differs" for key in changed[:10])
    if len(changed) > 10:
        details.append(f"... and {len(changed) - 10} more")
    return [Problem(mo_path, "out of date with the .po ("
                    + "; ".join(details) + "): run `python scripts/compile_messages.py`")]


def _parse(po_path: Path, problems: list[Problem]) -> polib.POFile | None:
    try:
        return polib.pofile(str(po_path))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        problems.append(Problem(po_path, f"cannot be parsed: {exc}"))
        return None


def check(locale_dir: Path = LOCALE_DIR) -> list[Problem]:
    """Every problem of every catalogue: validation and stale or missing .mo files."""
    found = catalogues(locale_dir)
    if not found:
        return [Problem(locale_dir, f"no */LC_MESSAGES/{DOMAIN}.po found")]
    problems: list[Problem] = []
    for po_path in found:
        po = _parse(po_path, problems)
        if po is not None:
            problems.extend(validate(po_path, po))
            problems.extend(stale(po_path, po))
    return problems


def compile_all(locale_dir: Path = LOCALE_DIR) -> tuple[list[Path], list[Problem]]:
    """Validate every catalogue; when all are valid, write their .mo files."""
    found = catalogues(locale_dir)
    if not found:
        return [], [Problem(locale_dir, f"no */LC_MESSAGES/{DOMAIN}.po found")]
    problems: list[Problem] = []
    parsed = [(p, po) for p in found if (po := _parse(p, problems)) is not None]
    problems.extend(problem for p, po in parsed for problem in validate(p, po))
    if problems:
        return [], problems
    written = []
    for po_path, po in parsed:
        mo_path = mo_path_for(po_path)
        data = compile_to_bytes(po)
        if not mo_path.exists() or mo_path.read_bytes() != data:
            mo_path.write_bytes(data)
        written.append(mo_path)
    return written, []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a catalogue is incomplete or a .mo is "
                             "missing or out of date")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.locale_dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print(f"{len(catalogues(args.locale_dir))} catalogue(s) complete and compiled.")
        return 0
    written, problems = compile_all(args.locale_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Nothing compiled.", file=sys.stderr)
        return 1
    for mo_path in written:
        print(f"compiled {_shown(mo_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
