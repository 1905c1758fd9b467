"""Per-request context (client IP) for audit events.

A ContextVar is request-local: it holds nothing across requests or processes.
"""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("zeren_current_ip", default=None)


def client_ip(request) -> str | None:
    # Behind nginx the real address comes in X-Real-IP (set by our nginx config only).
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
