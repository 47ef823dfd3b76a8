from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.safety.imports import AssetImporter, FindingImporter, IncidentImporter
from cnqp.safety.views import due, figures, pages, summary

app_name = "safety"

urlpatterns = [
    *pages.urlpatterns,
    *due.urlpatterns,
    *figures.urlpatterns,
    *summary.urlpatterns,
    *import_urls_for(IncidentImporter, "incidents", "safety:incidents-list"),
    *import_urls_for(AssetImporter, "assets", "safety:assets-list"),
    *import_urls_for(FindingImporter, "findings", "safety:findings-list"),
    *app_resource_urls("safety"),
]
