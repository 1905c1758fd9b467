"""The one counting service. The dashboard, the assessment, the report and the counts API
ask it; nothing else counts records on its own.

Every function takes the asking `user` (None = the system, e.g. the CLI) and a `unit`
whose subtree is counted; rows outside the user's data scope are never counted, so an
invisible unit counts as zero. Only records that count (approved; submitted too where
ZEREN_COUNT_SUBMITTED is set) and are not in the recycle bin are counted.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum

from zeren.ledger.models import Activity, Article, Category, Commitment, Team, WorkArea
from zeren.org.models import Position, Unit


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValidationError("开始日期不能晚于结束日期。")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def shifted_years(self, years: int) -> "Period":
        def shift(d: datetime.date) -> datetime.date:
            try:
                return d.replace(year=d.year + years)
            except ValueError:  # 29 February
                return d.replace(year=d.year + years, day=28)

        return Period(shift(self.start), shift(self.end))

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d}～{self.end:%Y-%m-%d}"


def _scoped(model, user, unit: Unit):
    qs = model.objects.all() if user is None else model.objects.visible_to(user)
    return qs.within(unit)


def counted_activities(user, unit: Unit, period: Period):
    """The activities behind every activity figure (also the list a figure links to)."""
    return _scoped(Activity, user, unit).counted().filter(
        date__gte=period.start, date__lte=period.end
    )


@dataclass
class CategoryCount:
    category: Category
    count: int = 0
    participants: int = 0
    rounds: int = 0

    @property
    def figure(self) -> int:
        """The number the report states: rounds for a category counted in rounds."""
        return self.rounds if self.category.asks_round else self.count


@dataclass
class AreaCount:
    area: WorkArea
    categories: list[CategoryCount] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(c.count for c in self.categories)

    @property
    def participants(self) -> int:
        return sum(c.participants for c in self.categories)


def activity_counts(user, unit: Unit, period: Period) -> list[CategoryCount]:
    """Counts and participants per category (every category, zero where none), one query."""
    rows = (
        counted_activities(user, unit, period)
        .values("category_id")
        .annotate(n=Count("id"), people=Sum("participants"),
                  rounds=Count("round_no", distinct=True))
        .order_by()
    )
    by_id = {r["category_id"]: r for r in rows}
    result = []
    for category in Category.objects.select_related("area"):
        row = by_id.get(category.pk)
        if row is None and not category.is_active:
            continue
        result.append(CategoryCount(category, row["n"] if row else 0,
                                    (row["people"] or 0) if row else 0,
                                    row["rounds"] if row else 0))
    return result


def area_counts(user, unit: Unit, period: Period,
                categories: list[CategoryCount] | None = None) -> list[AreaCount]:
    categories = categories if categories is not None else activity_counts(user, unit, period)
    areas = {a.pk: AreaCount(a) for a in WorkArea.objects.all()}
    for c in categories:
        areas[c.category.area_id].categories.append(c)
    return list(areas.values())


def breakdown(user, unit: Unit, period: Period, field_name: str,
              category_code: str) -> dict[str, int]:
    """Counts of one category split by a choice field (宣讲 by venue, 节日活动 by festival)."""
    rows = (
        counted_activities(user, unit, period)
        .filter(category__code=category_code)
        .values(field_name)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r[field_name]: r["n"] for r in rows if r[field_name]}


def unit_area_matrix(user, unit: Unit, period: Period) -> list[dict]:
    """For each child of `unit` (and `unit` itself, for its own records): counts per area
    of its whole subtree, and the date of its latest counted record. Two queries."""
    rows = (
        counted_activities(user, unit, period)
        .values("unit__path", "category__area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    children = list(
        (Unit.objects.all() if user is None else Unit.objects.visible_to(user))
        .filter(parent=unit, is_active=True).order_by("order", "name")
    )
    buckets = [unit, *children]
    table = {u.pk: defaultdict(int) for u in buckets}
    for r in rows:
        path = r["unit__path"]
        owner = next((c for c in children if path.startswith(c.path)), unit)
        table[owner.pk][r["category__area_id"]] += r["n"]
    return [{"unit": u, "areas": dict(table[u.pk]), "total": sum(table[u.pk].values()),
             "own": u.pk == unit.pk} for u in buckets]


def unit_category_counts(user, unit: Unit, period: Period) -> dict[tuple[int, int], int]:
    """Counted records per (unit id, category id), each unit's own records only (not its
    subtree); their sum over the subtree is activity_counts. One query."""
    rows = (
        counted_activities(user, unit, period)
        .values("unit_id", "category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["unit_id"], r["category_id"]): r["n"] for r in rows}


def monthly_counts(user, unit: Unit, period: Period) -> dict[tuple[int, int], int]:
    from django.db.models.functions import TruncMonth

    rows = (
        counted_activities(user, unit, period)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return {(r["month"].year, r["month"].month): r["n"] for r in rows}


def article_counts(user, unit: Unit, period: Period) -> dict[str, dict[str, int]]:
    """Articles submitted in the period, and how many of them were adopted, per platform."""
    rows = (
        _scoped(Article, user, unit)
        .filter(deleted_at__isnull=True, submitted_date__gte=period.start,
                submitted_date__lte=period.end)
        .values("platform")
        .annotate(submitted=Count("id"), adopted=Count("id", filter=Q(is_adopted=True)))
        .order_by()
    )
    return {r["platform"]: {"submitted": r["submitted"], "adopted": r["adopted"]} for r in rows}


def team_counts(user, unit: Unit, on: datetime.date) -> dict[str, int]:
    """Active propaganda teams founded by `on`, and their distinct members."""
    teams = _scoped(Team, user, unit).filter(is_active=True).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=on)
    )
    members = (
        Team.members.through.objects.filter(team__in=teams.values("pk"))
        .values("person_id").distinct().count()
    )
    return {"teams": teams.count(), "members": members}


def designated_role_counts(user, unit: Unit, on: datetime.date) -> dict[str, int]:
    """People holding each designated role (舆情监督员, 宣传员, 信息员) on a date."""
    rows = (
        _scoped(Position, user, unit).designated().current(on)
        .values("role").annotate(n=Count("person_id", distinct=True)).order_by()
    )
    return {r["role"]: r["n"] for r in rows}


def commitment_counts(user, unit: Unit, year: int) -> dict[str, int]:
    rows = (
        _scoped(Commitment, user, unit).filter(year=year, deleted_at__isnull=True)
        .values("status").annotate(n=Count("id")).order_by()
    )
    counts = {r["status"]: r["n"] for r in rows}
    counts["total"] = sum(counts.values())
    return counts


@dataclass
class Summary:
    """Every figure of a report for one unit subtree and period."""

    unit: Unit
    period: Period
    categories: list[CategoryCount]
    areas: list[AreaCount]
    venues: dict[str, int]
    festivals: dict[str, int]
    articles: dict[str, dict[str, int]]
    teams: dict[str, int]
    roles: dict[str, int]
    commitments: dict[str, int]

    def category(self, code: str) -> CategoryCount:
        for c in self.categories:
            if c.category.code == code:
                return c
        raise KeyError(code)


def summary(user, unit: Unit, period: Period) -> Summary:
    categories = activity_counts(user, unit, period)
    return Summary(
        unit=unit,
        period=period,
        categories=categories,
        areas=area_counts(user, unit, period, categories),
        venues=breakdown(user, unit, period, "venue", "lecture"),
        festivals=breakdown(user, unit, period, "festival", "festival"),
        articles=article_counts(user, unit, period),
        teams=team_counts(user, unit, period.end),
        roles=designated_role_counts(user, unit, period.end),
        commitments=commitment_counts(user, unit, period.end.year),
    )
