"""The dashboard: counts per area against last year, monthly trend, unit × area heat map
with idle units marked, top and bottom units, highlights — for the same period and scope
its numbers are the report's."""

import datetime
import json
import re

import pytest

from zeren.reports import content as report_content
from zeren.reports import counting
from zeren.reports import dashboard as dashboard_data
from zeren.reports.tests.ledger_records import approved, build_ledger

D = datetime.date
PERIOD = counting.Period(D(2023, 1, 1), D(2023, 7, 31))
QUERY = {"period_kind": "ytd", "year": "2023", "end": "2023-07-31"}


@pytest.fixture
def ledger(county):
    return build_ledger(county)


@pytest.mark.parametrize("who,unit", [("staff", "bureau"), ("admin_b", "school_b"),
                                      ("admin_d1", "district_1"), ("leader", "school_a")])
def test_dashboard_numbers_equal_the_report_for_the_same_period_and_scope(
        client, county, ledger, who, unit):
    user, unit = getattr(county, who), getattr(county, unit)
    client.force_login(user)
    response = client.get("/reports/dashboard/", {**QUERY, "unit": unit.pk})
    board = response.context["board"]
    report = report_content.build(user, unit, PERIOD)
    assert [(a.area.pk, a.count) for a in board.areas] == [
        (a.area.pk, a.count) for a in report.summary.areas]
    assert board.total == sum(a.count for a in report.summary.areas)
    html = response.content.decode()
    assert f'<div class="fs-3 fw-semibold" id="dashboard-total">{board.total}</div>' in html
    assert sum(n for _, n in board.months) == board.total
    assert sum(u.total for u in board.units) == board.total


def test_areas_are_compared_with_the_same_period_last_year(client, county, ledger):
    client.force_login(county.staff)
    board = client.get("/reports/dashboard/", {**QUERY, "unit": county.bureau.pk}
                       ).context["board"]
    assert board.previous_period == counting.Period(D(2022, 1, 1), D(2022, 7, 31))
    by_code = {a.area.code: a for a in board.areas}
    last_year = counting.area_counts(county.staff, county.bureau, board.previous_period)
    assert [a.previous for a in board.areas] == [a.count for a in last_year]
    assert board.previous_total == 2  # 甲中学去年宣讲, 乙小学去年读书
    assert by_code["theory"].count - by_code["theory"].previous == by_code["theory"].change


def test_monthly_trend_covers_every_month_of_the_period(client, county, ledger):
    client.force_login(county.staff)
    board = client.get("/reports/dashboard/", {**QUERY, "unit": county.bureau.pk}
                       ).context["board"]
    assert [m for m, _ in board.months] == [f"2023-{m:02d}" for m in range(1, 8)]
    assert dict(board.months)["2023-03"] == 5  # five lectures in March
    assert board.months == [(f"{y}-{m:02d}", n) for (y, m), n in sorted(
        {**{(2023, m): 0 for m in range(1, 8)},
         **counting.monthly_counts(county.staff, county.bureau, PERIOD)}.items())]


def test_heat_map_marks_units_with_nothing_in_the_last_30_days(client, county, ledger):
    approved(county.school_b, "reading", D(2023, 7, 25), "乙小学七月读书")
    client.force_login(county.staff)
    response = client.get("/reports/dashboard/", {**QUERY, "unit": county.bureau.pk})
    board = response.context["board"]
    idle = {u.unit.name: u.idle for u in board.units}
    # Only the bureau (meeting on 20 July) and district 2 (school B on 25 July) recorded
    # something between 2 and 31 July.
    assert idle == {"测试县教育局党委": False, "第一学区": True, "第二学区": False}
    assert [u.unit.name for u in board.idle] == ["第一学区"]
    html = response.content.decode()
    assert 'data-idle="1"' in html
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)'
                                r"</script>", html, re.S).group(1))
    assert "⚠ 第一学区" in data["heat"]["units"]
    assert sum(v for _, _, v in data["heat"]["data"]) == board.total


def test_top_and_bottom_units_and_recent_highlights(county, ledger):
    board = dashboard_data.build(county.staff, county.bureau, PERIOD, D(2024, 1, 1))
    assert [u.unit.name for u in board.top] == ["第一学区", "第二学区"]
    assert [a.title for a in board.highlights] == ["乙小学道德讲堂", "甲中学读书会"]


def test_dashboard_defaults_to_this_year_so_far_for_the_users_scope(client, county):
    client.force_login(county.admin_b)
    response = client.get("/reports/dashboard/")
    board = response.context["board"]
    assert board.unit == county.school_b
    today = datetime.date.today()
    assert board.period.start == D(today.year, 1, 1)


def test_school_b_admin_dashboard_leaves_school_a_out(client, county, ledger):
    client.force_login(county.admin_b)
    html = client.get("/reports/dashboard/", {**QUERY, "unit": county.school_b.pk}
                      ).content.decode()
    assert "甲中学" not in html and "乙小学道德讲堂" in html
    response = client.get("/reports/dashboard/", {**QUERY, "unit": county.school_a.pk})
    assert response.context["board"] is None
    assert "unit" in response.context["form"].errors
    assert "甲中学" not in response.content.decode()


def test_dashboard_draws_with_the_local_echarts_never_a_cdn(client, county, ledger):
    client.force_login(county.staff)
    html = client.get("/reports/dashboard/", QUERY).content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "/static/reports/dashboard.js" in html
    assert not re.search(r'src="(https?:)?//', html)


def _queries(client, url, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


def test_dashboard_uses_a_fixed_number_of_queries(client, county, ledger,
                                                  django_assert_max_num_queries):
    from zeren.org import services as org_services
    from zeren.org.models import Unit

    client.force_login(county.staff)
    url, params = "/reports/dashboard/", {**QUERY, "unit": county.bureau.pk}
    few = _queries(client, url, params)
    for i in range(20):  # more records, units and highlights: no more queries
        approved(county.branch_b, "volunteer", D(2023, 5, 1 + i), f"乙支部志愿{i}",
                 highlight=True)
    for i in range(5):
        org_services.unit_create(actor=None, parent=county.bureau, name=f"新学区{i}",
                                 code=f"T-N{i}", type=Unit.Type.DISTRICT)
    assert _queries(client, url, params) == few
    with django_assert_max_num_queries(30):
        client.get(url, params)
