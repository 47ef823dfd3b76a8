"""PDF from the DOCX with LibreOffice headless (Debian's libreoffice-writer-nogui; `make
setup-pdf` installs it), so the PDF is the same document, laid out by a word processor.
Liberation Serif stands in for Times New Roman with the same metrics, so lines break alike.

Each conversion gets its own LibreOffice profile: two conversions sharing one profile block
each other or fail."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why and what to do."""


def soffice_path() -> str | None:
    return shutil.which(settings.CNQP_SOFFICE)


def docx_to_pdf(docx: bytes) -> bytes:
    program = soffice_path()
    if program is None:
        raise PdfError(_("LibreOffice (soffice) is not installed: run `make setup-pdf` as "
                         "root, or install libreoffice-writer-nogui and fonts-liberation2."))
    with tempfile.TemporaryDirectory(prefix="cnqp-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                   "--outdir", str(work), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False,
                                  timeout=settings.CNQP_SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(_("LibreOffice did not finish the PDF within %(seconds)s seconds.")
                           % {"seconds": settings.CNQP_SOFFICE_TIMEOUT}) from exc
        target = work / "report.pdf"
        if done.returncode != 0 or not target.is_file():
            detail = (done.stderr or done.stdout).strip()[-500:]
            raise PdfError(_("LibreOffice could not convert the report to PDF (exit code "
                             "%(code)s): %(detail)s") % {"code": done.returncode,
                                                          "detail": detail})
        return target.read_bytes()
