"""Writing audit events: every write, login, export and permission change."""

import datetime
import decimal
import uuid

from django.db import models

from zeren.core.context import current_ip
from zeren.core.models import AuditEvent

MASKED_FIELDS = {"phone"}
SECRET_FIELDS = {"password", "key_hash"}


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj, fields=None) -> dict:
    """The concrete field values of `obj`, JSON-ready, phones masked, secrets left out."""
    from zeren.core.text import mask_phone

    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if field.name in MASKED_FIELDS and value:
            value = mask_phone(value)
        data[field.name] = _jsonable(value)
    return data


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id="",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    success: bool = True,
    detail: str = "",
    username: str | None = None,
) -> AuditEvent:
    """Append one audit event. Callers run it inside the transaction of the write."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        user=actor,
        username=(username if username is not None else (actor.get_username() if actor else ""))[
            :150
        ],
        ip=current_ip.get(),
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=object_repr[:255],
        before=before,
        after=after,
        success=success,
        detail=detail[:500],
    )


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that differ, for a compact update event."""
    keys = [k for k in after if before.get(k) != after.get(k) and k not in {"updated_at"}]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
