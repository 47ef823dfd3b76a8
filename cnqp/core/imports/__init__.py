"""Imports of spreadsheet rows (XLSX or CSV), all or nothing, every bad row reported by row and
column. Two engines share one front half:

- the register engine (`register.Importer`): registers people type, up to 20,000 rows, parsed
  in Python and written row by row through the services, in the request;
- the bulk engine (`bulk.importer.BulkImporter`): machine output, millions of rows, staged by
  COPY, parsed, checked and written set-wise in SQL, as a background job.

The front half, the same for both: the column declaration and the header row (`columns`), the
reading of CSV and the format of a file (`reading`), the workbook check before any reader opens
a workbook (`guard`), the template (`templates`), the upload pages and their URLs (`views`), the
commands (`commands`) and what an import reports (`results`). Each engine brings its parsers:
Python ones here (`parsers`), SQL ones for the bulk engine (`bulk.parsers`).

This module re-exports what an app's register importer needs.
"""

from cnqp.core.imports.columns import Column, header_key
from cnqp.core.imports.parsers import (
    Boolean,
    CellError,
    Choice,
    Date,
    DecimalNumber,
    Integer,
    Parser,
    Reference,
    Text,
    cell_text,
)
from cnqp.core.imports.reading import ImportFileError, file_sha256, read_table
from cnqp.core.imports.register import Importer
from cnqp.core.imports.results import (
    ImportIssue,
    ImportMode,
    ImportResult,
    Outcome,
    Row,
    RowFailed,
)

__all__ = [
    "Boolean", "CellError", "Choice", "Column", "Date", "DecimalNumber", "ImportFileError",
    "ImportIssue", "ImportMode", "ImportResult", "Importer", "Integer", "Outcome", "Parser",
    "Reference", "Row", "RowFailed", "Text", "cell_text", "file_sha256", "header_key", "read_table",
]
