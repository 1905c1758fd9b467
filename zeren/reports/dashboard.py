"""The statistics dashboard (统计看板): what the charts and tables show, all from the
counting service, so that for the same period and scope its numbers are the report's."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from zeren.ledger.models import Activity
from zeren.org.models import Unit
from zeren.reports import counting
from zeren.reports.content import activity_link

IDLE_DAYS = 30
RANKED = 5
HIGHLIGHTS = 8


@dataclass
class AreaRow:
    area: object
    count: int
    previous: int
    link: str

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass
class UnitRow:
    unit: Unit
    cells: list[tuple[int, str | None]]  # (count, link) per area
    total: int
    own: bool
    idle: bool
    link: str | None  # None for the scope unit's own row: the ledger filter takes subtrees


@dataclass
class Dashboard:
    unit: Unit
    period: counting.Period
    previous_period: counting.Period
    idle_since: datetime.date
    idle_until: datetime.date
    areas: list[AreaRow]
    months: list[tuple[str, int]]
    units: list[UnitRow]
    highlights: list[Activity] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(a.count for a in self.areas)

    @property
    def previous_total(self) -> int:
        return sum(a.previous for a in self.areas)

    @property
    def ranked(self) -> list[UnitRow]:
        """The units below the scope unit, most records first."""
        return sorted((u for u in self.units if not u.own),
                      key=lambda u: (-u.total, u.unit.path))

    @property
    def top(self) -> list[UnitRow]:
        return self.ranked[:RANKED]

    @property
    def bottom(self) -> list[UnitRow]:
        ranked = self.ranked
        return list(reversed(ranked[-RANKED:])) if len(ranked) > RANKED else []

    @property
    def idle(self) -> list[UnitRow]:
        return [u for u in self.units if u.idle and not u.own]

    def chart_data(self) -> dict:
        """Plain numbers for the ECharts script (read from a json_script block)."""
        names = [a.area.name for a in self.areas]
        return {
            "areas": {"names": names, "current": [a.count for a in self.areas],
                      "previous": [a.previous for a in self.areas],
                      "currentLabel": str(self.period),
                      "previousLabel": str(self.previous_period)},
            "months": {"labels": [m for m, _ in self.months],
                       "values": [n for _, n in self.months]},
            "heat": {
                "units": [("⚠ " if u.idle else "") + u.unit.name for u in self.units],
                "areas": names,
                "data": [[x, y, count] for y, u in enumerate(self.units)
                         for x, (count, _) in enumerate(u.cells)],
                "max": max([count for u in self.units for count, _ in u.cells] or [0]),
            },
        }


def _months(period: counting.Period, counts: dict[tuple[int, int], int]) -> list[tuple[str, int]]:
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((f"{year}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build(user, unit: Unit, period: counting.Period,
          today: datetime.date | None = None) -> Dashboard:
    """Everything the dashboard shows for `unit`'s subtree and `period`, seen by `user`.

    Units "idle" are those with no counted record in the 30 days up to the period's end
    (or today, if the period runs on past it)."""
    today = today or timezone.localdate()
    previous_period = period.shifted_years(-1)
    current = counting.area_counts(user, unit, period)
    previous = {a.area.pk: a.count for a in counting.area_counts(user, unit, previous_period)}
    areas = [AreaRow(a.area, a.count, previous.get(a.area.pk, 0),
                     activity_link(unit, period, area=a.area.pk)) for a in current]
    until = min(today, period.end)
    since = until - datetime.timedelta(days=IDLE_DAYS - 1)
    recent = {row["unit"].pk: row["total"]
              for row in counting.unit_area_matrix(user, unit, counting.Period(since, until))}
    units = []
    for row in counting.unit_area_matrix(user, unit, period):
        u, own = row["unit"], row["own"]
        cells = [(row["areas"].get(a.area.pk, 0),
                  None if own else activity_link(u, period, area=a.area.pk)) for a in current]
        units.append(UnitRow(u, cells, row["total"], own, recent.get(u.pk, 0) == 0,
                             None if own else activity_link(u, period)))
    highlights = list(
        counting.counted_activities(user, unit, period).filter(is_highlight=True)
        .select_related("unit", "category").order_by("-date", "-id")[:HIGHLIGHTS])
    return Dashboard(unit, period, previous_period, since, until, areas,
                     _months(period, counting.monthly_counts(user, unit, period)), units,
                     highlights)
