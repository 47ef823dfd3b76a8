from cnqp.core.imports.commands import ImportCommand
from cnqp.core.onboarding import IMPORTERS


class Command(ImportCommand):
    help = ("Import the organisation tree (units) or the users from an XLSX or CSV file, as "
            "USER: every row is validated first and any error writes nothing (exit code 1). "
            "Each new user's one-time set-up link is printed (CNQP_SITE_URL in front).")
    importers = IMPORTERS
