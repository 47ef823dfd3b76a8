from cnqp.core.urlgen import app_resource_urls
from cnqp.documents.import_views import import_urls
from cnqp.documents.views import file_urls

app_name = "documents"

urlpatterns = [*import_urls, *file_urls, *app_resource_urls("documents")]
