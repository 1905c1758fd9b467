"""Property test: the counting service equals brute-force counts over random ledgers."""

import datetime
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from zeren.ledger.models import Activity, Article, Category
from zeren.reports import counting
from zeren.testing import build_county

START = datetime.date(2023, 1, 1)
STATUSES = [s.value for s in Activity.Status]

activity_rows = st.lists(
    st.tuples(
        st.integers(0, 6),  # unit index
        st.integers(0, 22),  # category index
        st.integers(0, 364),  # day of the year
        st.sampled_from(STATUSES),
        st.integers(0, 80),  # participants
        st.booleans(),  # in the recycle bin
        st.integers(1, 4),  # round number
    ),
    max_size=60,
)


class CountingMatchesBruteForce(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.county = build_county()
        c = cls.county
        cls.units = [c.bureau, c.district_1, c.district_2, c.school_a, c.branch_a, c.school_b,
                     c.branch_b]
        cls.categories = list(Category.objects.order_by("pk"))

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(rows=activity_rows, scope=st.integers(0, 6), viewer=st.sampled_from(
        ["staff", "admin_a", "admin_b", "admin_d1"]), first=st.integers(0, 364),
        length=st.integers(0, 364))
    def test_activity_counts_equal_brute_force(self, rows, scope, viewer, first, length):
        objects = []
        for unit_i, cat_i, day, status, people, deleted, round_no in rows:
            cat = self.categories[cat_i % len(self.categories)]
            objects.append(Activity(
                category=cat, unit=self.units[unit_i], date=START + datetime.timedelta(day),
                title="t", status=status, participants=people,
                round_no=round_no if cat.asks_round else None,
                deleted_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) if deleted else None,
            ))
        Activity.objects.bulk_create(objects)
        user = getattr(self.county, viewer)
        unit = self.units[scope]
        period = counting.Period(START + datetime.timedelta(first),
                                 START + datetime.timedelta(min(364, first + length)))
        visible_root = user.scope_unit.path

        expected_n, expected_people, expected_rounds = Counter(), Counter(), {}
        for a in objects:
            if (a.status == "approved" and a.deleted_at is None
                    and period.start <= a.date <= period.end
                    and a.unit.path.startswith(unit.path)
                    and a.unit.path.startswith(visible_root)):
                expected_n[a.category_id] += 1
                expected_people[a.category_id] += a.participants
                expected_rounds.setdefault(a.category_id, set()).add(a.round_no)

        result = counting.activity_counts(user, unit, period)
        got_n = {c.category.pk: c.count for c in result if c.count}
        got_people = {c.category.pk: c.participants for c in result if c.count}
        self.assertEqual(got_n, dict(expected_n))
        self.assertEqual(got_people, dict(expected_people))
        for c in result:
            rounds = {r for r in expected_rounds.get(c.category.pk, set()) if r is not None}
            self.assertEqual(c.rounds, len(rounds))
        areas = counting.area_counts(user, unit, period, result)
        self.assertEqual(sum(a.count for a in areas), sum(expected_n.values()))


def test_articles_are_counted_by_platform_submitted_and_adopted(county):
    for i, (platform, adopted) in enumerate([("xuexi", True), ("xuexi", False),
                                             ("county_media", True)]):
        Article.objects.create(title=f"稿件{i}", unit=county.school_a, platform=platform,
                               submitted_date=datetime.date(2023, 5, 1), is_adopted=adopted,
                               adopted_date=datetime.date(2023, 5, 9) if adopted else None)
    Article.objects.create(title="乙", unit=county.school_b, platform="xuexi",
                           submitted_date=datetime.date(2023, 5, 1))
    period = counting.Period.year(2023)
    assert counting.article_counts(county.staff, county.bureau, period) == {
        "xuexi": {"submitted": 3, "adopted": 1},
        "county_media": {"submitted": 1, "adopted": 1},
    }
    # a school-B admin counts nothing of school A, even when asking about it
    assert counting.article_counts(county.admin_b, county.school_a, period) == {}
    assert counting.article_counts(county.admin_b, county.bureau, period) == {
        "xuexi": {"submitted": 1, "adopted": 0}}
