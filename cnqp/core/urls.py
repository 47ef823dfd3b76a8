from django.urls import path

from cnqp.core.imports.views import import_urls_for
from cnqp.core.jobs import views as jobs
from cnqp.core.onboarding import OrgUnitImporter, UserImporter
from cnqp.core.records.urls import app_resource_urls
from cnqp.core.resources import audit_log
from cnqp.core.site.views import account, auth, home, my_work, notifications, search, setup
from cnqp.core.site.views.audit_log import AuditLogListView

app_name = "core"

urlpatterns = [
    path("", home.home_view, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.second_factor_view, name="second-factor"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", account.account_view, name="account"),
    path("search/", search.search_view, name="search"),
    path("my-work/", my_work.my_work_view, name="my-work"),
    path("account/setup/<str:uidb64>/<str:token>/", setup.account_setup_view,
         name="account-setup"),
    path("account/second-factor/", auth.totp_enrol_view, name="totp-enrol"),
    path("account/second-factor/off/", auth.totp_disable_view, name="totp-disable"),
    path("account/second-factor/recovery-codes/", auth.recovery_codes_view,
         name="recovery-codes"),
    path("account/digest/", account.digest_view, name="account-digest"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token_view, name="token-revoke"),
    path("jobs/<int:pk>/status/", jobs.job_status_view, name="job-status"),
    path("jobs/<int:pk>/output/", jobs.job_output_view, name="job-output"),
    path("notifications/read-all/", notifications.read_all_view, name="notifications-read-all"),
    path("notifications/<int:pk>/open/", notifications.open_view, name="notifications-open"),
    # the audit log's list shows the anchored head of its chain: its own view, same name
    path("audit/", AuditLogListView.as_view(resource=audit_log), name="audit-list"),
    *import_urls_for(OrgUnitImporter, "units", "core:org-units-list"),
    *import_urls_for(UserImporter, "users", "core:users-list"),
    *[p for p in app_resource_urls("core") if p.name != "audit-list"],
]
