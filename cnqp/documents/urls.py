from cnqp.core.urlgen import app_resource_urls
from cnqp.documents.import_views import import_urls
from cnqp.documents.views import action_urls, file_urls

app_name = "documents"

urlpatterns = [*action_urls, *import_urls, *file_urls, *app_resource_urls("documents")]
