"""Reads of org data, always through visible_to(user)."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from zeren.core.navigation import next_steps_for, unit_url
from zeren.org.models import Assignment, Position, Unit
from zeren.org.roles import SEPARATED_ADMIN_ROLES, Role


def landing_for(user) -> dict:
    """What a user sees first: their unit, their positions, the units they answer for (包抓),
    and the links their roles open. A fixed number of queries, whatever the county's size."""
    person = user.person
    positions = []
    assignments = []
    if person is not None:
        positions = list(
            Position.objects.visible_to(user).filter(person=person).current()
            .select_related("unit").order_by("unit__path", "role")
        )
        for position in positions:
            position.unit_url = unit_url(position.unit)
        assignments = list(
            Assignment.objects.visible_to(user).filter(leader=person)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
            .select_related("unit", "unit__parent").order_by("unit__path")
        )
        for assignment in assignments:
            assignment.unit_url = unit_url(assignment.unit)
    home_unit = user.unit
    can_view_org = user.can("org.view")
    child_units = []
    if can_view_org and home_unit is not None:
        child_units = list(
            Unit.objects.visible_to(user).filter(parent=home_unit, is_active=True)
            .order_by("order", "name")[:12]
        )
        for child in child_units:
            child.url = unit_url(child)
    return {
        "home_unit": home_unit,
        "home_unit_url": unit_url(home_unit),
        "scope_unit": user.scope_unit,
        "role_labels": user.role_labels(),
        "is_leader": user.has_role(Role.LEADER),
        "can_view_org": can_view_org,
        "positions": positions,
        # The three admin roles (三员) hold no business duties: no empty card for them.
        "show_positions": person is not None
        and (bool(positions) or bool(user.roles - SEPARATED_ADMIN_ROLES)),
        "assignments": assignments,
        "child_units": child_units,
        "next_steps": next_steps_for(user),
        "visible_unit_count": (
            Unit.objects.visible_to(user).filter(is_active=True).count() if can_view_org else 0
        ),
    }


# Unit tree and lists (org pages, Excel export) ---------------------------------------------

def current_assignments(user):
    """包抓 assignments in the user's scope that have not ended."""
    today = timezone.localdate()
    return (
        Assignment.objects.visible_to(user)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("leader")
        .order_by("leader__name")
    )


def in_tree_order(units: list[Unit]) -> list[Unit]:
    """Depth-first, siblings by (order, name); sets `level` relative to the top units.

    A parent always comes before its children (the Excel import relies on it).
    """
    ids = {u.pk for u in units}
    children = defaultdict(list)
    roots = []
    for unit in units:
        (children[unit.parent_id] if unit.parent_id in ids else roots).append(unit)

    def key(u):
        return (u.order, u.name, u.pk)

    ordered: list[Unit] = []
    stack = [(u, 0) for u in sorted(roots, key=key, reverse=True)]
    while stack:
        unit, level = stack.pop()
        unit.level = level
        ordered.append(unit)
        stack.extend((c, level + 1) for c in sorted(children[unit.pk], key=key, reverse=True))
    return ordered


def unit_tree(user) -> list[Unit]:
    """Every visible unit in tree order, with `people_count` (active people) and its
    current 包抓 assignments prefetched: a fixed number of queries for any size."""
    units = (
        Unit.objects.visible_to(user)
        .select_related("parent")
        .annotate(people_count=Count("people", filter=Q(people__is_active=True)))
        .prefetch_related(
            Prefetch("assignments", queryset=current_assignments(user),
                     to_attr="current_assignments")
        )
    )
    return in_tree_order(list(units))

