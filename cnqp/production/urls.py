from django.urls import path

from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.production import views
from cnqp.production.bulk import GenealogyImport, InspectionImport
from cnqp.production.imports import DeliveryImporter, PlanItemImporter

app_name = "production"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("inspections/record/", views.record_inspection, name="inspection-record"),
    path("inspections/evaluate/", views.evaluate_values, name="inspection-evaluate"),
    *import_urls_for(GenealogyImport, "genealogy", "production:genealogy-list"),
    *import_urls_for(InspectionImport, "inspections", "production:inspections-list"),
    *import_urls_for(PlanItemImporter, "plan-items", "production:plan-items-list"),
    *import_urls_for(DeliveryImporter, "deliveries", "production:deliveries-list"),
    *app_resource_urls("production"),
]
