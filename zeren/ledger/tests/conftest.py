import datetime

import pytest

from zeren.ledger import services
from zeren.ledger.models import Activity, Category


@pytest.fixture
def category():
    return lambda code: Category.objects.get(code=code)


@pytest.fixture
def record(county, category):
    """record(unit, code="reading", by=None, submit=False, **fields) → a new activity."""

    def _record(unit, code="reading", by=None, submit=False, **fields):
        cat = category(code)
        extra = {}
        if cat.asks_venue:
            extra["venue"] = Activity.Venue.CAMPUS
        if cat.asks_round:
            extra["round_no"] = 1
        if cat.asks_festival:
            extra["festival"] = Activity.Festival.CHILDREN
        if cat.asks_meeting:
            extra["topics"] = "学习有关文件"
        extra.update(fields)
        extra.setdefault("date", datetime.date(2023, 3, 15))
        extra.setdefault("title", f"{cat.name}活动")
        extra.setdefault("participants", 30)
        return services.activity_create(actor=by, category=cat, unit=unit, submit=submit,
                                        **extra)

    return _record
