"""Reads of org data, always through visible_to(user)."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from zeren.org.models import Assignment, Position, Unit


def landing_for(user) -> dict:
    """What a user sees first: their unit, their positions, the units they answer for."""
    person = user.person
    positions = []
    assignments = []
    if person is not None:
        positions = list(
            Position.objects.filter(person=person).current().select_related("unit")
        )
        assignments = list(
            Assignment.objects.filter(leader=person).select_related("unit")
        )
    scope = user.scope_unit
    return {
        "home_unit": user.unit,
        "scope_unit": scope,
        "positions": positions,
        "assignments": assignments,
        "visible_unit_count": Unit.objects.visible_to(user).filter(is_active=True).count(),
    }


def unit_leadership(unit: Unit):
    return Position.objects.filter(unit=unit).leadership().current().select_related("person")


def units_with_details(user):
    return Unit.objects.visible_to(user).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("leader"))
    )

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

