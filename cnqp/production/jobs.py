"""Production's background jobs: the bulk imports, each run by `core.bulk.jobs.run_import`."""

from functools import partial

from cnqp.core.imports.bulk.jobs import job_kind, run_import
from cnqp.core.jobs import handler
from cnqp.production.bulk import IMPORTERS

for _importer in IMPORTERS.values():
    handler(job_kind("production", _importer))(partial(run_import, _importer))
