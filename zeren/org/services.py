"""Writes to units, people, positions and 包抓 assignments.

Every function checks that the actor may do it and that the objects are inside
the actor's data scope, runs in one transaction, and records an audit event.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from zeren.core import audit
from zeren.core.concurrency import claim_version
from zeren.core.models import AuditEvent
from zeren.core.scoping import scope_path
from zeren.org.models import Assignment, Person, Position, Unit

A = AuditEvent.Action


def _require(actor, capability: str) -> None:
    # actor=None is the system itself (the demo, the CLI); views always pass request.user.
    if actor is not None and not actor.can(capability):
        raise PermissionDenied("您没有执行此操作的权限。")


def _require_visible(actor, unit: Unit, message: str = "该单位不在您的数据范围内。") -> None:
    if actor is None and unit is not None:
        return
    path = scope_path(actor)
    if unit is None or path is None or not unit.path.startswith(path):
        raise ValidationError(message)


def _is_scope_root(actor, unit: Unit) -> bool:
    return actor is not None and unit.path == scope_path(actor)


def _apply(obj, data: dict) -> None:
    for name, value in data.items():
        setattr(obj, name, value)


# Units -----------------------------------------------------------------------------------

@transaction.atomic
def unit_create(*, actor, parent: Unit | None, **fields) -> Unit:
    """Create a unit under `parent` (inside the actor's scope); only a root may have none."""
    _require(actor, "org.edit_units")
    if parent is None:
        if Unit.objects.exists():
            raise ValidationError({"parent": "请选择上级单位。"})
    else:
        _require_visible(actor, parent, "上级单位不在您的数据范围内。")
    unit = Unit(parent=parent, **fields)
    unit.full_clean(exclude=["path", "parent"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit.record(A.CREATE, actor=actor, obj=unit, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, expected_version: int, **fields) -> Unit:
    """Edit a unit's own fields (not its place in the tree: see unit_move)."""
    _require(actor, "org.edit_units")
    _require_visible(actor, unit)
    fields.pop("parent", None)
    if "is_active" in fields and fields["is_active"] != unit.is_active:
        raise ValidationError("请使用“停用/启用”操作。")
    before = audit.snapshot(unit)
    claim_version(unit, expected_version)
    _apply(unit, fields)
    unit.full_clean(exclude=["path", "parent"])
    unit.save()
    old, new = audit.changed(before, audit.snapshot(unit))
    audit.record(A.UPDATE, actor=actor, obj=unit, before=old, after=new)
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit, expected_version: int | None = None) -> Unit:
    """Put `unit` (with its whole subtree) under `new_parent`, atomically.

    Refuses cycles (a unit under itself or its own descendant) and moves that
    leave the actor's scope or move the root of it.
    """
    _require(actor, "org.edit_units")
    _require_visible(actor, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
    _require_visible(actor, new_parent, "目标上级单位不在您的数据范围内。")
    if _is_scope_root(actor, unit) or unit.parent_id is None:
        raise ValidationError("不能移动您数据范围的根单位。")
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            f"不能把“{unit.name}”移到它自己或它的下级单位“{new_parent.name}”之下（会形成循环）。"
        )
    if expected_version is not None:
        claim_version(unit, expected_version)
    old_path, old_parent = unit.path, unit.parent
    new_path = f"{new_parent.path}{unit.pk}/"
    delta = new_parent.depth + 1 - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit.record(
        A.MOVE,
        actor=actor,
        obj=unit,
        before={"parent": old_parent.pk if old_parent else None, "path": old_path},
        after={"parent": new_parent.pk, "path": unit.path},
    )
    return unit


@transaction.atomic
def unit_set_active(*, actor, unit: Unit, active: bool) -> Unit:
    """Deactivate (or reactivate) a unit; a unit with active children cannot be deactivated."""
    _require(actor, "org.edit_units")
    _require_visible(actor, unit)
    if _is_scope_root(actor, unit) and not active:
        raise ValidationError("不能停用您数据范围的根单位。")
    if not active and unit.children.filter(is_active=True).exists():
        raise ValidationError(f"“{unit.name}”还有启用的下级单位，请先停用或移走它们。")
    if unit.is_active == active:
        return unit
    Unit.objects.filter(pk=unit.pk).update(is_active=active, version=F("version") + 1)
    unit.refresh_from_db()
    audit.record(A.ACTIVATE if active else A.DEACTIVATE, actor=actor, obj=unit,
                 before={"is_active": not active}, after={"is_active": active})
    return unit


# People ----------------------------------------------------------------------------------

@transaction.atomic
def person_create(*, actor, unit: Unit, **fields) -> Person:
    _require(actor, "org.edit_people")
    _require_visible(actor, unit)
    person = Person(unit=unit, **fields)
    person.full_clean()
    person.save()
    audit.record(A.CREATE, actor=actor, obj=person, after=audit.snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int, **fields) -> Person:
    _require(actor, "org.edit_people")
    _require_visible(actor, person.unit, "该人员不在您的数据范围内。")
    if "unit" in fields:
        _require_visible(actor, fields["unit"])
    before = audit.snapshot(person)
    claim_version(person, expected_version)
    _apply(person, fields)
    person.full_clean()
    person.save()
    old, new = audit.changed(before, audit.snapshot(person))
    audit.record(A.UPDATE, actor=actor, obj=person, before=old, after=new)
    return person


@transaction.atomic
def person_set_active(*, actor, person: Person, active: bool) -> Person:
    _require(actor, "org.edit_people")
    _require_visible(actor, person.unit, "该人员不在您的数据范围内。")
    if person.is_active == active:
        return person
    Person.objects.filter(pk=person.pk).update(is_active=active, version=F("version") + 1)
    person.refresh_from_db()
    audit.record(A.ACTIVATE if active else A.DEACTIVATE, actor=actor, obj=person,
                 before={"is_active": not active}, after={"is_active": active})
    return person


# Positions -------------------------------------------------------------------------------

@transaction.atomic
def position_create(*, actor, person: Person, unit: Unit, role: str, start_date=None,
                    end_date=None) -> Position:
    """Give `person` a role in `unit` (its leadership group or a designated duty)."""
    _require(actor, "org.edit_positions")
    _require_visible(actor, unit)
    _require_visible(actor, person.unit, "该人员不在您的数据范围内。")
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": "结束日期不能早于起始日期。"})
    position = Position(person=person, unit=unit, role=role, start_date=start_date,
                        end_date=end_date)
    position.full_clean()
    position.save()
    audit.record(A.CREATE, actor=actor, obj=position, after=audit.snapshot(position))
    return position


@transaction.atomic
def position_end(*, actor, position: Position, end_date) -> Position:
    """End a position on `end_date` (history is kept, nothing is deleted)."""
    _require(actor, "org.edit_positions")
    _require_visible(actor, position.unit)
    if position.start_date and end_date < position.start_date:
        raise ValidationError({"end_date": "结束日期不能早于起始日期。"})
    before = audit.snapshot(position)
    Position.objects.filter(pk=position.pk).update(end_date=end_date, version=F("version") + 1)
    position.refresh_from_db()
    audit.record(A.UPDATE, actor=actor, obj=position, before=before,
                 after=audit.snapshot(position))
    return position


# Assignments (分片包抓) -------------------------------------------------------------------

@transaction.atomic
def assignment_create(*, actor, leader: Person, unit: Unit, note: str = "",
                      start_date=None) -> Assignment:
    _require(actor, "org.edit_assignments")
    _require_visible(actor, unit)
    _require_visible(actor, leader.unit, "该领导不在您的数据范围内。")
    if Assignment.objects.filter(leader=leader, unit=unit).exists():
        raise ValidationError(f"{leader.name} 已包抓 {unit.name}。")
    assignment = Assignment.objects.create(leader=leader, unit=unit, note=note,
                                           start_date=start_date)
    audit.record(A.CREATE, actor=actor, obj=assignment, after=audit.snapshot(assignment))
    return assignment


@transaction.atomic
def assignment_delete(*, actor, assignment: Assignment) -> None:
    _require(actor, "org.edit_assignments")
    _require_visible(actor, assignment.unit)
    before = audit.snapshot(assignment)
    label = str(assignment)
    pk = assignment.pk
    assignment.delete()
    audit.record(A.DELETE, actor=actor, object_type="org.assignment", object_id=pk,
                 object_repr=label, before=before)
