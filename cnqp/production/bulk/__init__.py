"""Bulk imports of production records at scale (`cnqp.core.imports.bulk`): genealogy edges and
inspection results from CSV or XLSX, all or nothing, run as background jobs."""

from cnqp.core.imports.bulk.importer import BulkImporter
from cnqp.production.bulk.genealogy import GenealogyImport
from cnqp.production.bulk.inspections import InspectionImport

IMPORTERS: dict[str, type[BulkImporter]] = {
    GenealogyImport.name: GenealogyImport,
    InspectionImport.name: InspectionImport,
}

__all__ = ["IMPORTERS", "GenealogyImport", "InspectionImport"]
