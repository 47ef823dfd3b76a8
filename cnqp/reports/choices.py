from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Annual summary")
    HALF_YEAR = "half_year", _("Half-year review")
    CUSTOM = "custom", _("Custom period")


class ReportFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("XLSX annex")


# The secrecy marking printed on a document (Decree 30/2020 and the law on state secrets): the
# administrative format is Vietnamese whatever the interface language.
MARKINGS = {1: "MẬT", 2: "TỐI MẬT", 3: "TUYỆT MẬT"}
