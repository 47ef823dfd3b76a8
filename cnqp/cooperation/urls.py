from cnqp.cooperation.imports import AgreementImporter, ContractImporter, ExhibitionImporter
from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls

app_name = "cooperation"

urlpatterns = [
    *import_urls_for(AgreementImporter, "agreements", "cooperation:agreements-list"),
    *import_urls_for(ContractImporter, "contracts", "cooperation:contracts-list"),
    *import_urls_for(ExhibitionImporter, "exhibitions", "cooperation:exhibitions-list"),
    *app_resource_urls("cooperation"),
]
