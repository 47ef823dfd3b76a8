from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Production and repair"),
        (
            MenuItem(_("Plan board"), "production:board", "production.view_productionplan",
                     "kanban"),
            MenuItem(_("Production plans"), "production:plans-list",
                     "production.view_productionplan", "calendar3"),
            MenuItem(_("Plan items"), "production:plan-items-list",
                     "production.view_planitem", "list-check"),
            MenuItem(_("Material lots"), "production:material-lots-list",
                     "production.view_materiallot", "boxes"),
            MenuItem(_("Lots"), "production:lots-list", "production.view_lot", "stack"),
            MenuItem(_("Serial units"), "production:serials-list",
                     "production.view_serialunit", "upc"),
            MenuItem(_("Genealogy"), "production:genealogy-list",
                     "production.view_genealogyedge", "diagram-3"),
            MenuItem(_("Inspections"), "production:inspections-list",
                     "production.view_inspection", "clipboard-check"),
            MenuItem(_("Inspection templates"), "production:templates-list",
                     "production.view_inspectiontemplate", "rulers"),
            MenuItem(_("Characteristics"), "production:characteristics-list",
                     "production.view_characteristic", "sliders"),
            MenuItem(_("Deliveries"), "production:deliveries-list",
                     "production.view_delivery", "truck"),
            MenuItem(_("Import plans and items"), "production:import-plan-items",
                     "production.add_planitem", "upload"),
            MenuItem(_("Import deliveries"), "production:import-deliveries",
                     "production.add_delivery", "upload"),
            MenuItem(_("Import genealogy"), "production:import-genealogy",
                     "production.add_genealogyedge", "upload"),
            MenuItem(_("Import inspection results"), "production:import-inspections",
                     "production.add_inspection", "upload"),
        ),
        weight=30,
        icon="gear-wide-connected",
    ),
)
