from cnqp.core.urlgen import app_resource_urls
from cnqp.documents.views import action_urls

app_name = "documents"

urlpatterns = [*action_urls, *app_resource_urls("documents")]
