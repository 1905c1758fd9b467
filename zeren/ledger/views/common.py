"""Helpers shared by the ledger pages."""

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from zeren.org.views.common import add_service_error, error_text, require

__all__ = ["add_service_error", "error_text", "optional_url", "require", "service_call"]

PAGE_SIZE = 30


def optional_url(name: str, *args) -> str | None:
    """The URL of a page that may not exist yet in this deployment (None then)."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return None


def service_call(form, call):
    """Run a service; a ValidationError shows on the form (field or top), returns None."""
    try:
        return call()
    except ValidationError as error:
        add_service_error(form, error)
    return None
