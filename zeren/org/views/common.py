"""Small helpers shared by the organisation views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def require(user, capability: str) -> None:
    """Lacking a capability answers 403 (scope is checked separately: 404)."""
    if not user.can(capability):
        raise PermissionDenied("您没有执行此操作的权限。")


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
