"""The org part of the REST API: who am I, units, people, positions.

Reads come from `visible_to(user)` exactly like the pages (outside scope → 404,
lists and counts exclude it); writes call zeren.org.services, which check the
capability (→ 403), the scope and record the audit event. Phones leave the
server masked, always.
"""

import datetime
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from zeren.core.concurrency import ConcurrentEditError
from zeren.core.scoping import get_visible_or_404
from zeren.org import services
from zeren.org.models import Person, Position, Unit

router = Router(tags=["组织"])

MAX_PAGE = 500


def _user(request):
    return request.auth


def _require_can(user, capability: str) -> None:
    if not user.can(capability):
        raise PermissionDenied("您没有执行此操作的权限。")


@contextmanager
def _labelled(model):
    """Let the Chinese error summary name fields by their verbose names."""
    try:
        yield
    except ConcurrentEditError:
        raise
    except ValidationError as exc:
        exc.zeren_labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
        exc.zeren_labels.update({f"{f.name}_id": str(f.verbose_name) for f in model._meta.fields})
        raise


def _changes(payload) -> dict:
    # A PATCH changes only what it names; an explicit null means "leave it".
    data = payload.dict(exclude_unset=True, exclude={"version"})
    return {name: value for name, value in data.items() if value is not None}


def _visible_unit_or_422(user, unit_id: int, field: str, label: str) -> Unit:
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        error = ValidationError({field: f"{label}不存在，或不在您的数据范围内。"})
        error.zeren_labels = {field: label}
        raise error
    return unit


# Schemas (names prefixed "Org" so they stay unique across the whole API) ------------------

class OrgUnitRef(Schema):
    id: int
    name: str


class OrgMe(Schema):
    id: int
    username: str
    display_name: str
    unit: OrgUnitRef | None
    scope_unit: OrgUnitRef | None
    roles: list[str]
    role_labels: list[str]


class OrgUnit(Schema):
    id: int
    name: str
    code: str
    type: str
    type_label: str = Field(..., alias="get_type_display")
    stage: str
    parent_id: int | None
    depth: int
    order: int
    is_active: bool
    version: int


class OrgUnitFilters(Schema):
    type: Unit.Type | None = None
    parent: int | None = None
    active: bool | None = None


class OrgUnitCreate(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    code: str = Field(..., min_length=1, max_length=32)
    type: Unit.Type
    stage: Unit.Stage = Unit.Stage.NONE
    parent_id: int
    order: int = 0


class OrgUnitPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=100)
    code: str | None = Field(None, min_length=1, max_length=32)
    type: Unit.Type | None = None
    stage: Unit.Stage | None = None
    order: int | None = None
    is_active: bool | None = None


class OrgPerson(Schema):
    id: int
    name: str
    unit: OrgUnitRef
    is_party_member: bool
    is_employee: bool
    is_cadre: bool
    title: str
    phone: str = Field(..., alias="masked_phone", description="手机号（已脱敏）")
    is_active: bool
    version: int


class OrgPersonFilters(Schema):
    unit: int | None = Field(None, description="单位 ID：含其全部下级单位")
    name: str | None = Field(None, description="姓名包含")
    active: bool | None = None


class OrgPersonCreate(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    unit_id: int
    is_party_member: bool = False
    is_employee: bool = True
    is_cadre: bool = False
    title: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)


class OrgPersonPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=50)
    unit_id: int | None = None
    is_party_member: bool | None = None
    is_employee: bool | None = None
    is_cadre: bool | None = None
    title: str | None = Field(None, max_length=50)
    phone: str | None = Field(None, max_length=20)
    is_active: bool | None = None


class OrgPersonRef(Schema):
    id: int
    name: str


class OrgPosition(Schema):
    id: int
    role: str
    role_label: str = Field(..., alias="get_role_display")
    person: OrgPersonRef
    unit_id: int
    start_date: datetime.date | None
    end_date: datetime.date | None


# Me --------------------------------------------------------------------------------------

@router.get("/me", response=OrgMe, summary="当前用户")
def me(request):
    user = _user(request)
    scope = user.scope_unit
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "unit": user.unit,
        "scope_unit": scope,
        "roles": sorted(user.roles),
        "role_labels": user.role_labels(),
    }


# Units -----------------------------------------------------------------------------------

@router.get("/units", response=list[OrgUnit], summary="单位列表")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def unit_list(request, filters: Query[OrgUnitFilters]):
    user = _user(request)
    _require_can(user, "org.view")
    qs = Unit.objects.visible_to(user)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs.order_by("path")


@router.get("/units/{id}", response=OrgUnit, summary="单位详情")
def unit_detail(request, id: int):
    user = _user(request)
    _require_can(user, "org.view")
    return get_visible_or_404(Unit, user, pk=id)


@router.post("/units", response={201: OrgUnit}, summary="新建单位")
def unit_create(request, payload: OrgUnitCreate):
    user = _user(request)
    _require_can(user, "org.edit_units")
    parent = _visible_unit_or_422(user, payload.parent_id, "parent_id", "上级单位")
    fields = payload.dict(exclude={"parent_id"})
    with _labelled(Unit):
        unit = services.unit_create(actor=user, parent=parent, **fields)
    return Status(201, unit)


@router.patch("/units/{id}", response=OrgUnit, summary="修改单位")
def unit_update(request, id: int, payload: OrgUnitPatch):
    """Send the `version` you read; if someone saved in between, the answer is 409."""
    user = _user(request)
    _require_can(user, "org.edit_units")
    unit = get_visible_or_404(Unit, user, pk=id)
    fields = _changes(payload)
    active = fields.pop("is_active", None)
    with _labelled(Unit), transaction.atomic():
        if fields:
            unit = services.unit_update(actor=user, unit=unit, expected_version=payload.version,
                                        **fields)
        elif unit.version != payload.version:
            raise ConcurrentEditError()
        if active is not None:
            unit = services.unit_set_active(actor=user, unit=unit, active=active)
    return unit


@router.get("/units/{id}/positions", response=list[OrgPosition], summary="单位的领导小组和职责")
def unit_positions(request, id: int, current: bool = True):
    user = _user(request)
    _require_can(user, "org.view")
    unit = get_visible_or_404(Unit, user, pk=id)
    qs = Position.objects.visible_to(user).filter(unit=unit).select_related("person")
    if current:
        qs = qs.current()
    return qs.order_by("role", "person__name", "id")


# People ----------------------------------------------------------------------------------

@router.get("/people", response=list[OrgPerson], summary="人员列表（手机号已脱敏）")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def person_list(request, filters: Query[OrgPersonFilters]):
    user = _user(request)
    _require_can(user, "org.view")
    qs = Person.objects.visible_to(user).select_related("unit")
    if filters.unit is not None:
        unit = Unit.objects.visible_to(user).filter(pk=filters.unit).first()
        qs = qs.within(unit) if unit else qs.none()
    if filters.name:
        qs = qs.filter(name__contains=filters.name.strip())
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs.order_by("unit__path", "name", "id")


@router.get("/people/{id}", response=OrgPerson, summary="人员详情（手机号已脱敏）")
def person_detail(request, id: int):
    user = _user(request)
    _require_can(user, "org.view")
    return get_visible_or_404(Person.objects.select_related("unit"), user, pk=id)


@router.post("/people", response={201: OrgPerson}, summary="新建人员")
def person_create(request, payload: OrgPersonCreate):
    user = _user(request)
    _require_can(user, "org.edit_people")
    unit = _visible_unit_or_422(user, payload.unit_id, "unit_id", "所在单位")
    fields = payload.dict(exclude={"unit_id"})
    with _labelled(Person):
        person = services.person_create(actor=user, unit=unit, **fields)
    return Status(201, person)


@router.patch("/people/{id}", response=OrgPerson, summary="修改人员")
def person_update(request, id: int, payload: OrgPersonPatch):
    """Send the `version` you read; if someone saved in between, the answer is 409."""
    user = _user(request)
    _require_can(user, "org.edit_people")
    person = get_visible_or_404(Person.objects.select_related("unit"), user, pk=id)
    fields = _changes(payload)
    active = fields.pop("is_active", None)
    if "unit_id" in fields:
        fields["unit"] = _visible_unit_or_422(user, fields.pop("unit_id"), "unit_id", "所在单位")
    with _labelled(Person), transaction.atomic():
        if fields:
            person = services.person_update(actor=user, person=person,
                                            expected_version=payload.version, **fields)
        elif person.version != payload.version:
            raise ConcurrentEditError()
        if active is not None:
            person = services.person_set_active(actor=user, person=person, active=active)
    return person
