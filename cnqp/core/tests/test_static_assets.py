"""The vendored front-end files as the production storage will process them."""

import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "cnqp" / "static" / "vendor"
SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_vendored_file_names_is_there():
    """collectstatic's manifest storage fails on a reference to a missing file (the benches
    and any production deployment run it)."""
    named = []
    for path in sorted(VENDOR.rglob("*")):
        if path.suffix not in {".js", ".css"}:
            continue
        for target in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="ignore")):
            named.append(target)
            assert (path.parent / target).is_file(), f"{path.name} names missing {target}"
    assert named, "the vendored files were expected to name their source maps"
