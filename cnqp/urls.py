from django.urls import include, path

from cnqp.api.api import api
from cnqp.core.site.views.favicon import favicon_view
from cnqp.core.site.views.home import healthz_view, worker_healthz_view

# 403, 404 and 500 are Django's handlers over cnqp/templates; its 400 renders without the request
handler400 = "cnqp.core.site.views.errors.bad_request_view"

urlpatterns = [
    path("healthz", healthz_view, name="healthz"),
    path("healthz/worker", worker_healthz_view, name="healthz-worker"),
    path("favicon.ico", favicon_view, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("documents/", include("cnqp.documents.urls")),
    path("research/", include("cnqp.research.urls")),
    path("production/", include("cnqp.production.urls")),
    path("reports/", include("cnqp.reports.urls")),
    path("quality/", include("cnqp.quality.urls")),
    path("safety/", include("cnqp.safety.urls")),
    path("directives/", include("cnqp.directives.urls")),
    path("performance/", include("cnqp.performance.urls")),
    path("press/", include("cnqp.press.urls")),
    path("awards/", include("cnqp.awards.urls")),
    path("legal/", include("cnqp.legal.urls")),
    path("training/", include("cnqp.training.urls")),
    path("cooperation/", include("cnqp.cooperation.urls")),
    path("", include("cnqp.core.urls")),
]
