from django.urls import include, path
from django.views.i18n import set_language

from zeren.org.views import auth

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change_view, name="password_change"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("org/", include("zeren.org.urls_org")),
    path("accounts/", include("zeren.org.urls_accounts")),
    path("audit/", include("zeren.core.urls")),
    path("ledger/", include("zeren.ledger.urls")),
    path("reports/", include("zeren.reports.urls")),
    path("api/v1/", include("zeren.api")),
]
