from django.contrib.auth.decorators import login_required
from django.urls import path

from cnqp.core.records.urls import app_resource_urls
from cnqp.quality.views import pages, trace

app_name = "quality"

urlpatterns = [
    path("triage/", pages.triage_queue, name="triage"),
    path("field-reports/<int:pk>/photos/", pages.add_photos, name="field-reports-photos"),
    path("photos/<int:pk>/file/", pages.photo_file, name="photo-file"),
    path("figures/", pages.figures_page, name="figures"),
    path("figures/records/", pages.figure_records, name="figure-records"),
    path("trace/", trace.trace_page, name="trace"),
    path("trace/export.xlsx", trace.trace_export, name="trace-export"),
    path("trace/node/<int:pk>/", login_required(trace.node_page), name="trace-node"),
    *app_resource_urls("quality"),
]
