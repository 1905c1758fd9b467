"""Unit pages: the tree, a unit's detail, create/edit/move/(de)activate, positions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404, scope_path
from zeren.org import selectors, services
from zeren.org.forms import (
    PositionEndForm,
    PositionForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMoveForm,
)
from zeren.org.models import Assignment, Person, Position, Unit
from zeren.org.views.common import add_service_error, error_text, require

PEOPLE_ON_DETAIL = 100


def _ancestors(user, unit: Unit) -> list[Unit]:
    """The visible ancestors of `unit`, root first (for breadcrumbs)."""
    ids = unit.ancestor_ids()[:-1]
    return list(Unit.objects.visible_to(user).filter(pk__in=ids).order_by("depth"))


def _capabilities(user) -> dict:
    return {
        "can_edit_units": user.can("org.edit_units"),
        "can_edit_people": user.can("org.edit_people"),
        "can_edit_positions": user.can("org.edit_positions"),
        "can_edit_assignments": user.can("org.edit_assignments"),
        "can_import_export": user.can("org.import_export"),
    }


@login_required
def unit_tree(request):
    user = request.user
    require(user, "org.view")
    units = selectors.unit_tree(user)
    led = set()
    if user.person_id:
        led = set(Assignment.objects.visible_to(user).filter(leader_id=user.person_id)
                  .values_list("unit_id", flat=True))
    return render(request, "org/unit_tree.html",
                  {"units": units, "led_unit_ids": led, **_capabilities(user)})


@login_required
def unit_detail(request, pk):
    user = request.user
    require(user, "org.view")
    unit = get_visible_or_404(Unit.objects.select_related("parent"), user, pk=pk)
    positions = list(
        Position.objects.visible_to(user).filter(unit=unit).current()
        .select_related("person").order_by("role", "person__name")
    )
    role_order = {role: index for index, role in enumerate(Position.Role.values)}
    positions.sort(key=lambda p: (role_order.get(p.role, 99), p.person.name))
    people_qs = Person.objects.visible_to(user).filter(unit=unit, is_active=True).order_by("name")
    people = list(people_qs[: PEOPLE_ON_DETAIL + 1])
    children = list(
        Unit.objects.visible_to(user).filter(parent=unit)
        .annotate(people_count=Count("people", filter=Q(people__is_active=True)))
        .order_by("order", "name")
    )
    context = {
        "unit": unit,
        "ancestors": _ancestors(user, unit),
        "is_scope_root": unit.path == scope_path(user),
        "leadership": [p for p in positions if p.is_leadership],
        "designated": [p for p in positions if not p.is_leadership],
        "people": people[:PEOPLE_ON_DETAIL],
        "more_people": len(people) > PEOPLE_ON_DETAIL,
        "children": children,
        "assignments": list(selectors.current_assignments(user).filter(unit=unit)),
        "end_form": PositionEndForm(),
        **_capabilities(user),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def unit_create(request):
    user = request.user
    require(user, "org.edit_units")
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = get_visible_or_404(Unit, user, pk=request.GET["parent"])
    form = UnitCreateForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = data.pop("parent")
        try:
            unit = services.unit_create(actor=user, parent=parent, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已新建单位“{unit.name}”。")
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/form.html", {
        "form": form, "title": "新建单位", "parent_crumb": initial.get("parent"),
        "cancel_url": "org:unit_tree",
    })


@login_required
def unit_edit(request, pk):
    user = request.user
    unit = get_visible_or_404(Unit, user, pk=pk)
    require(user, "org.edit_units")
    form = UnitEditForm(request.POST or None, user=user, initial=UnitEditForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.unit_update(actor=user, unit=unit, expected_version=version, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已保存单位“{unit.name}”。")
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/form.html", {
        "form": form, "title": f"编辑单位：{unit.name}", "unit": unit,
    })


@login_required
def unit_move(request, pk):
    user = request.user
    unit = get_visible_or_404(Unit.objects.select_related("parent"), user, pk=pk)
    require(user, "org.edit_units")
    form = UnitMoveForm(request.POST or None, user=user,
                        initial={"new_parent": unit.parent_id, "version": unit.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_move(actor=user, unit=unit,
                               new_parent=form.cleaned_data["new_parent"],
                               expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            target = form.cleaned_data["new_parent"]
            messages.success(request, f"已将“{unit.name}”移到“{target.name}”之下。")
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/form.html", {
        "form": form, "title": f"移动单位：{unit.name}", "unit": unit,
        "intro": "该单位及其全部下级单位、人员和记录将一起移到新的上级单位之下。",
    })


@login_required
@require_POST
def unit_set_active(request, pk):
    user = request.user
    unit = get_visible_or_404(Unit, user, pk=pk)
    require(user, "org.edit_units")
    active = request.POST.get("active") == "1"
    try:
        services.unit_set_active(actor=user, unit=unit, active=active)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}“{unit.name}”。")
    return redirect("org:unit_detail", pk=unit.pk)


@login_required
def position_create(request, pk):
    user = request.user
    unit = get_visible_or_404(Unit, user, pk=pk)
    require(user, "org.edit_positions")
    form = PositionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(actor=user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已任命：{position.person.name} "
                                      f"{position.get_role_display()}。")
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/form.html", {
        "form": form, "title": f"{unit.name}：新增职责", "unit": unit,
    })


@login_required
@require_POST
def position_end(request, pk):
    user = request.user
    position = get_visible_or_404(Position.objects.select_related("unit", "person"), user, pk=pk)
    require(user, "org.edit_positions")
    form = PositionEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的结束日期。")
    else:
        try:
            services.position_end(actor=user, position=position,
                                  end_date=form.cleaned_data["end_date"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"已结束：{position.person.name} "
                                      f"{position.get_role_display()}。")
    return redirect("org:unit_detail", pk=position.unit_id)
