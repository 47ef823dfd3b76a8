from django.urls import path

from cnqp.core.imports.bulk.views import bulk_import_urls
from cnqp.core.records.urls import app_resource_urls
from cnqp.production import views
from cnqp.production.bulk import GenealogyImport, InspectionImport

app_name = "production"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("inspections/record/", views.record_inspection, name="inspection-record"),
    path("inspections/evaluate/", views.evaluate_values, name="inspection-evaluate"),
    *bulk_import_urls(GenealogyImport, "production", "production:genealogy-list"),
    *bulk_import_urls(InspectionImport, "production", "production:inspections-list"),
    *app_resource_urls("production"),
]
