from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Cooperation and exhibitions"),
        (
            MenuItem(_("Cooperation agreements"), "cooperation:agreements-list",
                     "cooperation.view_agreement", "globe"),
            MenuItem(_("Follow-up actions"), "cooperation:follow-ups-list",
                     "cooperation.view_followup", "list-check"),
            MenuItem(_("Delegations"), "cooperation:delegations-list",
                     "cooperation.view_delegation", "airplane"),
            MenuItem(_("Exhibitions and fairs"), "cooperation:exhibitions-list",
                     "cooperation.view_exhibition", "easel"),
            MenuItem(_("Participations"), "cooperation:entries-list",
                     "cooperation.view_exhibitionentry", "people"),
            MenuItem(_("Export contracts"), "cooperation:contracts-list",
                     "cooperation.view_exportcontract", "file-earmark-text"),
            MenuItem(_("Import agreements"), "cooperation:import-agreements",
                     "cooperation.add_agreement", "upload"),
            MenuItem(_("Import export contracts"), "cooperation:import-contracts",
                     "cooperation.add_exportcontract", "upload"),
            MenuItem(_("Import exhibitions"), "cooperation:import-exhibitions",
                     "cooperation.add_exhibitionentry", "upload"),
        ),
    ),
)
