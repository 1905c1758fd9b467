"""Optimistic locking: an edit based on an old version is refused, not applied."""

from django.core.exceptions import ValidationError
from django.db.models import F


class ConcurrentEditError(ValidationError):
    def __init__(self):
        super().__init__(
            "该记录已被他人修改，您的修改未保存。请刷新页面查看最新内容后重新编辑。",
            code="conflict",
        )


def claim_version(obj, expected_version: int) -> None:
    """Bump obj's version if it is still `expected_version`; else raise ConcurrentEditError.

    Call inside the write's transaction, before saving the other fields.
    """
    updated = (
        type(obj)
        ._base_manager.filter(pk=obj.pk, version=expected_version)
        .update(version=F("version") + 1)
    )
    if not updated:
        raise ConcurrentEditError()
    obj.version = expected_version + 1
