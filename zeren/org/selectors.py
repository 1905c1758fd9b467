"""Reads of org data, always through visible_to(user)."""

from django.db.models import Prefetch

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
