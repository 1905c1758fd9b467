"""`zeren bench`: server time of the pages and counts a county leans on, beside the raw SQL
that computes the same numbers (DESIGN.md "Scale"; issue 3 item 9).

Measured on the CURRENT database connection, which the command points at a separate
benchmark database (never the user's own): see zeren/reports/management/commands/bench.py.

(a) the bureau's counts by area and category for one year (counting.activity_counts +
    area_counts, as bureau staff) — target ≤ 100 ms and ≤ 3× the raw query;
(b) a school admin's activity list page (/ledger/activities/) — target ≤ 50 ms;
(c) the counts API (/api/v1/ledger/counts);
and the number of queries of the list page at page sizes 10 and 100 (must be equal).
"""

import datetime
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import Resolver404, resolve

from zeren.ledger.models import Activity, Category
from zeren.org.models import Unit, User
from zeren.reports import counting

LIST_URL = "/ledger/activities/"
COUNTS_URL = "/api/v1/ledger/counts"
BENCH_YEAR = 2025
BUREAU_USER = "staff"
SCHOOL_USER = "school01"


@dataclass
class Line:
    label: str
    server_ms: float | None = None
    raw_ms: float | None = None
    queries: str = ""
    target: str = ""
    verdict: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.server_ms is None or not self.raw_ms:
            return None
        return self.server_ms / self.raw_ms


def _median_ms(fn, runs: int) -> float:
    fn()  # warm-up: caches, prepared statements, template loading
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _counted_statuses() -> list[str]:
    statuses = [Activity.Status.APPROVED]
    if getattr(settings, "ZEREN_COUNT_SUBMITTED", False):
        statuses.append(Activity.Status.SUBMITTED)
    return [str(s) for s in statuses]


def raw_category_counts(unit: Unit, period: counting.Period) -> dict[int, tuple[int, int, int]]:
    """Hand-written SQL for the counting service's figures: category → (count,
    participants, distinct rounds), with the area alongside (the same numbers)."""
    statuses = _counted_statuses()
    marks = ", ".join(["%s"] * len(statuses))
    sql = (
        f"SELECT c.area_id, a.category_id, COUNT(*), COALESCE(SUM(a.participants), 0), "
        f"COUNT(DISTINCT a.round_no) "
        f"FROM {Activity._meta.db_table} a "
        f"JOIN {Unit._meta.db_table} u ON u.id = a.unit_id "
        f"JOIN {Category._meta.db_table} c ON c.id = a.category_id "
        f"WHERE u.path LIKE %s AND a.status IN ({marks}) AND a.deleted_at IS NULL "
        f"AND a.date >= %s AND a.date <= %s "
        f"GROUP BY c.area_id, a.category_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.path + "%", *statuses, period.start, period.end])
        return {row[1]: (row[2], row[3], row[4]) for row in cursor.fetchall()}


def raw_summary(unit: Unit, period: counting.Period) -> dict:
    """Hand-written SQL for every figure of counting.summary (what the counts API returns)."""
    from zeren.ledger.models import Article, Commitment, Team
    from zeren.org.models import Position

    figures = {"categories": raw_category_counts(unit, period)}
    statuses = _counted_statuses()
    marks = ", ".join(["%s"] * len(statuses))
    act, unit_t = Activity._meta.db_table, Unit._meta.db_table
    cat = Category._meta.db_table
    prefix = unit.path + "%"
    with connection.cursor() as cursor:
        for field, code in (("venue", "lecture"), ("festival", "festival")):
            cursor.execute(
                f"SELECT a.{field}, COUNT(*) FROM {act} a JOIN {unit_t} u ON u.id = a.unit_id "
                f"JOIN {cat} c ON c.id = a.category_id WHERE u.path LIKE %s AND c.code = %s "
                f"AND a.status IN ({marks}) AND a.deleted_at IS NULL AND a.date >= %s "
                f"AND a.date <= %s AND a.{field} <> '' GROUP BY a.{field}",
                [prefix, code, *statuses, period.start, period.end])
            figures[field] = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT r.platform, COUNT(*), SUM(CASE WHEN r.is_adopted THEN 1 ELSE 0 END) "
            f"FROM {Article._meta.db_table} r JOIN {unit_t} u ON u.id = r.unit_id "
            f"WHERE u.path LIKE %s AND r.deleted_at IS NULL AND r.submitted_date >= %s "
            f"AND r.submitted_date <= %s GROUP BY r.platform",
            [prefix, period.start, period.end])
        figures["articles"] = cursor.fetchall()
        team_where = (f"FROM {Team._meta.db_table} t JOIN {unit_t} u ON u.id = t.unit_id "
                      f"WHERE u.path LIKE %s AND t.is_active "
                      f"AND (t.founded_on IS NULL OR t.founded_on <= %s)")
        cursor.execute(f"SELECT COUNT(*) {team_where}", [prefix, period.end])
        teams = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT COUNT(DISTINCT m.person_id) FROM {Team.members.through._meta.db_table} m "
            f"WHERE m.team_id IN (SELECT t.id {team_where})", [prefix, period.end])
        figures["teams"] = (teams, cursor.fetchone()[0])
        cursor.execute(
            f"SELECT p.role, COUNT(DISTINCT p.person_id) FROM {Position._meta.db_table} p "
            f"JOIN {unit_t} u ON u.id = p.unit_id WHERE u.path LIKE %s "
            f"AND p.role NOT IN ('group_leader', 'group_deputy', 'group_member') "
            f"AND (p.start_date IS NULL OR p.start_date <= %s) "
            f"AND (p.end_date IS NULL OR p.end_date >= %s) GROUP BY p.role",
            [prefix, period.end, period.end])
        figures["roles"] = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT m.status, COUNT(*) FROM {Commitment._meta.db_table} m "
            f"JOIN {unit_t} u ON u.id = m.unit_id WHERE u.path LIKE %s AND m.year = %s "
            f"AND m.deleted_at IS NULL GROUP BY m.status", [prefix, period.end.year])
        figures["commitments"] = dict(cursor.fetchall())
    return figures


def raw_list_page(unit: Unit, page_size: int) -> list:
    """Hand-written SQL for one page of a unit's activity list: the total and the rows."""
    base = (f"FROM {Activity._meta.db_table} a "
            f"JOIN {Unit._meta.db_table} u ON u.id = a.unit_id "
            f"JOIN {Category._meta.db_table} c ON c.id = a.category_id "
            f"WHERE u.path LIKE %s AND a.deleted_at IS NULL")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {base}", [unit.path + "%"])
        cursor.fetchone()
        cursor.execute(
            f"SELECT a.id, a.date, a.title, a.status, a.participants, a.is_highlight, "
            f"c.name, u.name {base} ORDER BY a.date DESC, a.id DESC LIMIT %s",
            [unit.path + "%", page_size])
        return cursor.fetchall()


def _orm_figures(categories) -> dict[int, tuple[int, int, int]]:
    return {c.category.pk: (c.count, c.participants, c.rounds) for c in categories if c.count}


def _exists(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _page_size_module(path: str):
    """The module of the view behind `path`, whose PAGE_SIZE a run may change."""
    view = resolve(path).func
    module = __import__(view.__module__, fromlist=["PAGE_SIZE"])
    return module if hasattr(module, "PAGE_SIZE") else None


@contextmanager
def _page_size(path: str, size: int):
    module = _page_size_module(path)
    if module is None:
        yield f"?page_size={size}"
        return
    with mock.patch.object(module, "PAGE_SIZE", size):
        yield ""


def measure(*, runs: int = 7, year: int = BENCH_YEAR) -> list[Line]:
    lines: list[Line] = []
    period = counting.Period.year(year)
    root = Unit.objects.filter(parent=None).order_by("pk").first()
    staff = User.objects.filter(username=BUREAU_USER).first()
    school_admin = User.objects.filter(username=SCHOOL_USER).select_related("unit").first()
    if root is None or staff is None or school_admin is None:
        return [Line("数据", note="基准数据库中没有示范县（staff、school01 账号），无法测量。")]

    # (a) the bureau's counts by area and category for one year.
    def counts():
        categories = counting.activity_counts(staff, root, period)
        counting.area_counts(staff, root, period, categories)
        return categories

    line = Line(f"(a) 全局按领域和类别计数（{year}年，counting 服务）", target="≤100 ms 且 ≤3×")
    line.server_ms = _median_ms(counts, runs)
    line.raw_ms = _median_ms(lambda: raw_category_counts(root, period), runs)
    with CaptureQueriesContext(connection) as captured:
        figures = _orm_figures(counts())
    line.queries = str(len(captured))
    same = figures == raw_category_counts(root, period)
    line.verdict = "达标" if line.server_ms <= 100 and (line.ratio or 0) <= 3 else "未达标"
    line.note = ("与原始 SQL 结果一致" if same else "与原始 SQL 结果不一致！") + \
        f"；计入记录 {sum(v[0] for v in figures.values())} 条"
    lines.append(line)

    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        lines += _measure_pages(runs, period, root, staff, school_admin)
    lines += _measure_report(runs, period, root)
    return lines


def _measure_report(runs, period, root) -> list[Line]:
    """(d) the county-scale annual report, docx and xlsx (zeren/reports/bench_report.py)."""
    from zeren.reports.bench_report import bench_report

    lines = []
    for item in bench_report(root, period, runs=max(3, runs // 2)):
        verdict = "" if item["ok"] is None else ("达标" if item["ok"] else "未达标")
        lines.append(Line(f"(d) {item['label']}", server_ms=item["ms"],
                          raw_ms=item["baseline_ms"], target=item["target"] or "—",
                          verdict=verdict, note=item["note"]))
    return lines


def _measure_pages(runs, period, root, staff, school_admin) -> list[Line]:
    lines = []
    school = school_admin.scope_unit
    # (b) a school admin's activity list page.
    line = Line(f"(b) 学校管理员台账列表页 {LIST_URL}（{school.name}）", target="≤50 ms")
    if not _exists(LIST_URL):
        line.note = f"页面尚未实现：{LIST_URL} 不存在，跳过。"
        lines.append(line)
    else:
        client = Client()
        client.force_login(school_admin)
        response = client.get(LIST_URL)
        if response.status_code != 200:
            line.note = f"{LIST_URL} 返回 HTTP {response.status_code}，跳过。"
            lines.append(line)
        else:
            module = _page_size_module(LIST_URL)
            size = getattr(module, "PAGE_SIZE", 20)
            line.server_ms = _median_ms(lambda: client.get(LIST_URL), runs)
            line.raw_ms = _median_ms(lambda: raw_list_page(school, size), runs)
            line.verdict = "达标" if line.server_ms <= 50 else "未达标"
            total = Activity.objects.visible_to(school_admin).alive().count()
            line.note = f"每页 {size} 条，共 {total} 条（原始 SQL：计数 + 当页）"
            lines.append(line)
            queries = {}
            for page_size in (10, 100):
                with _page_size(LIST_URL, page_size) as query:
                    client.get(LIST_URL + query)  # warm
                    with CaptureQueriesContext(connection) as captured:
                        client.get(LIST_URL + query)
                    queries[page_size] = len(captured)
            same = queries[10] == queries[100]
            lines.append(Line("    列表页查询次数：每页 10 条 / 每页 100 条",
                              queries=f"{queries[10]} / {queries[100]}", target="相等",
                              verdict="达标" if same else "未达标（N+1）",
                              note="" if same else "每页条数越多查询越多：有 N+1 查询"))
    # (c) the counts API.
    query = f"?unit={root.pk}&start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    line = Line(f"(c) 计数 API {COUNTS_URL}", target="—")
    if not _exists(COUNTS_URL):
        line.note = f"接口尚未实现：{COUNTS_URL} 不存在，跳过。"
        lines.append(line)
        return lines
    client = Client()
    client.force_login(staff)
    response = client.get(COUNTS_URL + query)
    if response.status_code != 200:
        line.note = (f"{COUNTS_URL}{query} 返回 HTTP {response.status_code}："
                     f"{response.content[:120].decode('utf-8', 'replace')}")
        lines.append(line)
        return lines
    line.server_ms = _median_ms(lambda: client.get(COUNTS_URL + query), runs)
    line.raw_ms = _median_ms(lambda: raw_summary(root, period), runs)
    with CaptureQueriesContext(connection) as captured:
        data = client.get(COUNTS_URL + query).json()
    line.queries = str(len(captured))
    api_total = sum(c["count"] for a in data.get("areas", []) for c in a["categories"])
    raw_total = sum(v[0] for v in raw_summary(root, period)["categories"].values())
    same = api_total == raw_total
    line.note = (f"参数 {query}；完整汇总（类别、场所、节日、稿件、宣传队、职责、承诺）；"
                 + ("记录总数与原始 SQL 一致" if same else "记录总数与原始 SQL 不一致！"))
    lines.append(line)
    return lines


# Output -----------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(lines: list[Line]) -> str:
    header = ("测量项", "Zeren ms", "原始SQL ms", "倍数", "查询数", "目标", "结果", "说明")
    rows = [header]
    for line in lines:
        rows.append((
            line.label,
            f"{line.server_ms:.1f}" if line.server_ms is not None else "—",
            f"{line.raw_ms:.1f}" if line.raw_ms is not None else "—",
            f"{line.ratio:.1f}×" if line.ratio is not None else "—",
            line.queries or "—",
            line.target or "—",
            line.verdict or "—",
            line.note,
        ))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    out = []
    for number, row in enumerate(rows):
        out.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def describe_data() -> str:
    today = datetime.date.today()
    return (f"数据：单位 {Unit.objects.count()} 个、台账记录 {Activity.objects.count()} 条；"
            f"数据库 {connection.vendor}（{connection.settings_dict['NAME']}）；{today}")
