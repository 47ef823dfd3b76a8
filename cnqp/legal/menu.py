from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        pgettext_lazy("legal", "Legal work"),
        (
            MenuItem(_("Documents in drafting"), "legal:drafts-list", "legal.view_legaldraft",
                     "file-earmark-text"),
            MenuItem(_("Consultation rounds"), "legal:rounds-list",
                     "legal.view_consultationround", "chat-square-text"),
            MenuItem(_("Drafting steps"), "legal:steps-list", "legal.view_draftingstep",
                     "signpost-split"),
            MenuItem(_("Register of legal documents"), "legal:instruments-list",
                     "legal.view_legalinstrument", "journal-bookmark"),
            MenuItem(_("Import the register"), "legal:import-instruments",
                     "legal.add_legalinstrument", "upload"),
        ),
    ),
)
