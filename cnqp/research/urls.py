from django.urls import path

from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.research import views
from cnqp.research.imports import ProjectRegisterImporter

app_name = "research"

urlpatterns = [
    path("pipeline/", views.pipeline, name="pipeline"),
    path("figures/", views.figures, name="figures"),
    path("register.xlsx", views.register_export, name="register-export"),
    *import_urls_for(ProjectRegisterImporter, "projects", "research:projects-list"),
    *app_resource_urls("research"),
]
