"""The REST API under /api/v1/ (django-ninja): OpenAPI at openapi.json, docs page at docs.

Every route needs a login: a session (CSRF on unsafe methods) or a personal bearer
token (zeren.core.api_auth). Each app contributes a Router from its own api.py;
schema names must be unique across the whole API (prefix them with the app).
The docs page is swagger-ui served from django-ninja's own static files: no CDN.
"""

from ninja import NinjaAPI

from zeren.core.api_auth import api_auth, install_error_handlers
from zeren.ledger.api import router as ledger_router
from zeren.org.api import router as org_router

api = NinjaAPI(
    title="Zeren 意识形态工作责任制 API",
    version="1",
    description="所有数据按当前用户的数据范围过滤；范围外的对象返回 404。手机号一律脱敏。",
    urls_namespace="api",
    auth=api_auth(),
)
install_error_handlers(api)

api.add_router("/", org_router)
api.add_router("/ledger/", ledger_router)

urlpatterns = api.urls[0]
app_name = "api"
