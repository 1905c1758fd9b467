"""`zeren bench`: a tiny-scale run prints every line of the table; the hand-written SQL
computes the same numbers as the counting service. No timings are asserted."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command

from zeren.ledger.demo import build_ledger_demo
from zeren.org.demo import build_demo
from zeren.org.models import Unit
from zeren.reports import bench, counting


@pytest.fixture
def demo_county(db):
    build_demo()
    build_ledger_demo(photos=False)
    return Unit.objects.get(code="SFX")


@pytest.mark.django_db
def test_tiny_bench_prints_every_line_of_the_table():
    out = io.StringIO()
    call_command("bench", "--in-place", "--scale", "tiny", "--runs", "1", stdout=out)
    text = out.getvalue()
    for label in ("测量项", "Zeren ms", "原始SQL ms", "倍数", "查询数", "目标",
                  "(a) 全局按领域和类别计数", "(b) 学校管理员台账列表页",
                  "列表页查询次数：每页 10 条 / 每页 100 条", "(c) 计数 API",
                  "(d) Word 文档", "(d) 统计工作簿", "(d) 年度汇报合计"):
        assert label in text, label
    assert "与原始 SQL 结果一致" in text
    assert "不一致" not in text
    # The list page makes as many queries for 100 rows as for 10 (no N+1).
    queries = re.search(r"每页 10 条 / 每页 100 条\s+—\s+—\s+—\s+(\d+) / (\d+)", text)
    assert queries, text
    assert queries.group(1) == queries.group(2)


def test_raw_sql_gives_the_counting_service_figures(demo_county):
    period = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))
    service = counting.summary(None, demo_county, period)
    raw = bench.raw_summary(demo_county, period)
    assert raw["categories"] == {c.category.pk: (c.count, c.participants, c.rounds)
                                 for c in service.categories if c.count}
    assert raw["venue"] == service.venues
    assert raw["festival"] == service.festivals
    assert {p: {"submitted": n, "adopted": a} for p, n, a in raw["articles"]} == \
        service.articles
    assert raw["teams"] == (service.teams["teams"], service.teams["members"])
    assert raw["roles"] == service.roles
    assert raw["commitments"] == {k: v for k, v in service.commitments.items() if k != "total"}


def test_bench_lines_say_so_when_a_page_is_missing(demo_county, monkeypatch):
    monkeypatch.setattr(bench, "LIST_URL", "/ledger/no-such-page/")
    monkeypatch.setattr(bench, "COUNTS_URL", "/api/v1/ledger/no-such-counts")
    text = bench.table(bench.measure(runs=1))
    assert "页面尚未实现：/ledger/no-such-page/ 不存在" in text
    assert "接口尚未实现：/api/v1/ledger/no-such-counts 不存在" in text
    assert "(a) 全局按领域和类别计数" in text


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_bench_refuses_to_use_the_system_database(settings, tmp_path):
    db_file = tmp_path / "zeren.sqlite3"
    settings.DATABASES = {"default": {**settings.DATABASES["default"],
                                      "ENGINE": "django.db.backends.sqlite3",
                                      "NAME": db_file}}
    with pytest.raises(CommandError, match="不能是系统使用的数据库"):
        call_command("bench", "--database", str(db_file), stdout=io.StringIO())
    assert not db_file.exists()
