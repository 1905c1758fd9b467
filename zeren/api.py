"""The REST API under /api/v1/ (django-ninja): OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="Zeren API", version="1", urls_namespace="api")

urlpatterns = api.urls[0]
app_name = "api"
