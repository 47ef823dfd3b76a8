from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Reports"),
        (
            MenuItem(_("New report"), "reports:builder", "reports.add_generatedreport",
                     "file-earmark-plus"),
            MenuItem(_("Generated reports"), "reports:generated-list",
                     "reports.view_generatedreport", "journal-text"),
        ),
        weight=80,
        icon="file-earmark-text",
    ),
)
