from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Quality over the whole life"),
        (
            MenuItem(_("Field reports"), "quality:field-reports-list",
                     "quality.view_fieldreport", "megaphone"),
            MenuItem(_("Triage queue"), "quality:triage", "quality.add_nonconformance",
                     "inbox"),
            MenuItem(_("Non-conformances"), "quality:nonconformances-list",
                     "quality.view_nonconformance", "exclamation-octagon"),
            MenuItem(_("Corrective actions"), "quality:actions-list",
                     "quality.view_correctiveaction", "tools"),
            MenuItem(_("Trace and recall"), "quality:trace", "production.view_genealogyedge",
                     "diagram-2"),
            MenuItem(_("Recalls"), "quality:recalls-list", "quality.view_recall",
                     "arrow-counterclockwise"),
            MenuItem(_("Recalled serials"), "quality:recalled-serials-list",
                     "quality.view_recalledserial", "upc-scan"),
            MenuItem(_("Quality figures"), "quality:figures", "quality.view_nonconformance",
                     "bar-chart-line"),
        ),
        weight=40,
        icon="patch-check",
    ),
)
