from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Emulation and awards"),
        (
            MenuItem(_("Awards"), "awards:awards-list", "awards.view_award", "award"),
            MenuItem(_("Emulation movements"), "awards:movements-list",
                     "awards.view_movement", "flag"),
            MenuItem(_("Award titles"), "awards:titles-list", "awards.view_awardtitle",
                     "list-ol"),
            MenuItem(_("Import awards"), "awards:import-awards", "awards.add_award",
                     "upload"),
        ),
    ),
)
