"""bench_report times the annual report beside python-docx and openpyxl alone."""

import datetime
import io

import docx
import openpyxl

from zeren.ledger import services
from zeren.ledger.models import Category
from zeren.reports import counting
from zeren.reports.bench_report import bench_report, plain_docx, plain_xlsx

PERIOD = counting.Period.year(2023)


def test_bench_report_lines_have_times_baselines_ratios_and_a_verdict(county):
    a = services.activity_create(actor=None, category=Category.objects.get(code="reading"),
                                 unit=county.school_a, date=datetime.date(2023, 5, 1),
                                 title="读书", participants=10, submit=True)
    services.activity_approve(actor=None, activity=a)
    lines = bench_report(county.bureau, PERIOD, runs=1)
    assert [set(line) for line in lines] == [
        {"label", "ms", "baseline_ms", "ratio", "target", "ok", "note"}] * len(lines)
    labels = [line["label"] for line in lines]
    assert labels[0].startswith("汇报内容") and labels[1].startswith("Word 文档")
    assert labels[-1].startswith("年度汇报合计")
    assert "统计工作簿" in labels  # the workbook is timed when zeren.reports.workbook exists
    total = lines[-1]
    assert total["ms"] > 0 and total["baseline_ms"] > 0 and total["ratio"] > 0
    assert total["target"] == "≤ 2 s，≤ 2×" and isinstance(total["ok"], bool)
    assert all(line["ratio"] and line["ratio"] > 0 for line in lines[1:])


def test_the_baselines_write_real_files():
    reopened = docx.Document(io.BytesIO(plain_docx(["标题", "正文"])))
    assert [p.text for p in reopened.paragraphs] == ["标题", "正文"]
    book = openpyxl.load_workbook(io.BytesIO(plain_xlsx([("汇总", [("类别", "数"), ("宣讲", 3)])])))
    assert [tuple(r) for r in book["汇总"].iter_rows(values_only=True)] == [("类别", "数"),
                                                                          ("宣讲", 3)]
