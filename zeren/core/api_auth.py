"""How the REST API knows who is calling, and how it answers when something is wrong.

Two ways in: the browser's session (CSRF enforced on unsafe methods, as for the
pages) and personal bearer tokens (`Authorization: Bearer zrn_...`, hashed and
revocable, see zeren.org.accounts). A request that carries an Authorization
header is judged by that header alone: a revoked token answers 401 even when the
same browser also holds a session.

Errors answer in Chinese: no login → 401, lacking capability → 403, outside scope
→ 404, a concurrent edit → 409, bad input → 422 with the field named.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from zeren.core.concurrency import ConcurrentEditError


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer zrn_...`: a personal API token (revoked or unknown → None)."""

    def authenticate(self, request, token):
        from zeren.org.accounts import TOKEN_PREFIX, token_user

        if not token or not token.startswith(TOKEN_PREFIX):
            return None
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's login session. Unsafe methods need the CSRF token, as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if request.headers.get("Authorization"):
            # A caller that names a token is judged by the token alone.
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        if request.headers.get("Authorization"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if getattr(user, "must_change_password", False):
            # The pages send such a user to the password form; the API does not let them by.
            raise HttpError(403, "请先修改初始密码，再使用 API。")
        return user


def api_auth() -> list:
    return [BearerTokenAuth(), SessionAuth()]


def django_validation_payload(exc: DjangoValidationError) -> dict:
    """{"detail": "中文说明", "errors": {field: [messages]}} from a Django ValidationError."""
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
        # Views may attach {field: 中文名} so the summary names the field the way the form does.
        labels = getattr(exc, "zeren_labels", {})
        parts = []
        for field, messages in errors.items():
            label = "" if field == "__all__" else f"{labels.get(field, field)}："
            parts.append(label + "；".join(messages))
        return {"detail": "；".join(parts) or "提交的数据有误。", "errors": errors}
    messages = list(exc.messages)
    return {"detail": "；".join(messages) or "提交的数据有误。", "errors": {"__all__": messages}}


def schema_validation_payload(exc: SchemaValidationError) -> dict:
    """Pydantic's complaints about the request, with a Chinese summary naming each field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in {"body", "query", "path"}]
        loc = [part for part in loc if part not in {"payload", "filters"}] or loc
        field = ".".join(loc) or "__all__"
        errors.setdefault(field, []).append(_schema_message(error))
    detail = "；".join(f"{field}：{'；'.join(msgs)}" for field, msgs in errors.items())
    return {"detail": f"请求数据有误：{detail}", "errors": errors}


_SCHEMA_MESSAGES = {
    "missing": "必填",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "string_type": "须为文本",
    "string_too_long": "太长",
    "string_too_short": "不能为空",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
    "date_parsing": "须为日期（YYYY-MM-DD）",
    "json_invalid": "不是有效的 JSON",
    "extra_forbidden": "不是可修改的字段",
}


def _schema_message(error: dict) -> str:
    return _SCHEMA_MESSAGES.get(error.get("type", ""), "格式不正确")


def install_error_handlers(api) -> None:
    """Chinese answers for the errors every endpoint can meet."""

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, {"detail": "未登录，或 API 令牌无效/已撤销。"}, status=401
        )

    @api.exception_handler(AuthorizationError)
    def unauthorized(request, exc):
        return api.create_response(request, {"detail": "您没有执行此操作的权限。"}, status=403)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        detail = str(exc)
        if exc.status_code == 403 and "CSRF" in detail:
            detail = "CSRF 校验失败：请刷新页面后重试（或使用 API 令牌）。"
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(
            request, {"detail": str(exc) or "您没有执行此操作的权限。"}, status=403
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, {"detail": "未找到，或不在您的数据范围内。"}, status=404
        )

    @api.exception_handler(ConcurrentEditError)
    def conflict(request, exc):
        return api.create_response(request, {"detail": exc.messages[0]}, status=409)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return api.create_response(request, django_validation_payload(exc), status=422)

    @api.exception_handler(SchemaValidationError)
    def invalid_request(request, exc):
        return api.create_response(request, schema_validation_payload(exc), status=422)
