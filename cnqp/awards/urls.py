from cnqp.awards.imports import AwardImporter
from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls

app_name = "awards"

urlpatterns = [
    *import_urls_for(AwardImporter, "awards", "awards:awards-list"),
    *app_resource_urls("awards"),
]
