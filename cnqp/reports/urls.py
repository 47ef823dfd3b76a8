from django.urls import path

from cnqp.core.records.urls import app_resource_urls
from cnqp.reports import views

app_name = "reports"

urlpatterns = [
    path("new/", views.builder, name="builder"),
    path("preview/", views.preview, name="preview"),
    path("generated/<int:pk>/download/<str:fmt>/", views.download, name="download"),
    *app_resource_urls("reports"),
]
