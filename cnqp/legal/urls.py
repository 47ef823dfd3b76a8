from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.legal.imports import LegalInstrumentImporter

app_name = "legal"

urlpatterns = [
    *import_urls_for(LegalInstrumentImporter, "instruments", "legal:instruments-list"),
    *app_resource_urls("legal"),
]
