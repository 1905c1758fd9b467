"""Benchmark of the annual work report (issue 4 item 8), for `zeren bench` to print.

`bench_report(unit, period, runs)` times, as the system (every record of the subtree):
  - the report's content (content.build: the counting service and the paragraphs);
  - the Word document (docx_builder.build_docx) beside writing the same paragraphs with
    python-docx alone (one font set on Normal, no layout);
  - the statistics workbook (workbook.build_workbook, when that module exists) beside
    writing the same cell values with openpyxl alone;
  - the whole report (content + docx + xlsx) beside content + the two plain writers —
    target ≤ 2 s and ≤ 2×.
Each line is a dict: label, ms (median), baseline_ms (median or None), ratio (or None),
target (text), ok (bool or None when there is no target), note.
"""

import io
import statistics
import time

import openpyxl
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from zeren.reports import content as report_content
from zeren.reports.docx_builder import build_docx

TARGET_SECONDS = 2.0
TARGET_RATIO = 2.0


def _median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _texts(c: report_content.ReportContent) -> list[str]:
    lines = [c.title, c.recipient, c.opening]
    for section in c.sections:
        lines.append(section.title)
        lines.extend(p.text for p in section.paragraphs)
    lines += ["存在的问题", *c.problems, "下一步打算", *c.next_steps, c.closing, c.signature,
              report_content.chinese_date(c.issued_on)]
    return lines


def plain_docx(lines: list[str]) -> bytes:
    """The same paragraphs with python-docx alone."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sheets(data: bytes) -> list[tuple[str, list[tuple]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]


def plain_xlsx(sheets: list[tuple[str, list[tuple]]]) -> bytes:
    """The same cell values with openpyxl alone."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _line(label, ms, baseline_ms=None, target="", ok=None, note=""):
    ratio = ms / baseline_ms if baseline_ms else None
    return {"label": label, "ms": round(ms, 1),
            "baseline_ms": round(baseline_ms, 1) if baseline_ms is not None else None,
            "ratio": round(ratio, 2) if ratio is not None else None,
            "target": target, "ok": ok, "note": note}


def bench_report(unit, period, runs: int = 5) -> list[dict]:
    """Median times of building `unit`'s report for `period` (see the module docstring)."""
    try:
        from zeren.reports.workbook import build_workbook
    except ImportError:
        build_workbook = None

    c = report_content.build(None, unit, period)
    lines = _texts(c)
    content_ms = _median_ms(lambda: report_content.build(None, unit, period), runs)
    docx_ms = _median_ms(lambda: build_docx(c), runs)
    plain_docx_ms = _median_ms(lambda: plain_docx(lines), runs)
    result = [
        _line("汇报内容（计数与段落）", content_ms, note=f"{len(c.figures)} 个数字"),
        _line("Word 文档（GB/T 9704 版式）", docx_ms, plain_docx_ms,
              note=f"对照：python-docx 直接写 {len(lines)} 段"),
    ]
    xlsx_ms = plain_xlsx_ms = 0.0
    if build_workbook is not None:
        sheets = _sheets(build_workbook(None, unit, period))
        xlsx_ms = _median_ms(lambda: build_workbook(None, unit, period), runs)
        plain_xlsx_ms = _median_ms(lambda: plain_xlsx(sheets), runs)
        cells = sum(len(rows) * max((len(r) for r in rows), default=0) for _, rows in sheets)
        result.append(_line("统计工作簿", xlsx_ms, plain_xlsx_ms,
                            note=f"对照：openpyxl 直接写 {len(sheets)} 张表约 {cells} 格"))

    def whole():
        built = report_content.build(None, unit, period)
        build_docx(built)
        if build_workbook is not None:
            build_workbook(None, unit, period)

    total_ms = _median_ms(whole, runs)
    baseline = content_ms + plain_docx_ms + plain_xlsx_ms
    ok = total_ms <= TARGET_SECONDS * 1000 and total_ms <= TARGET_RATIO * baseline
    kinds = "docx+xlsx" if build_workbook is not None else "仅 docx（工作簿模块不存在）"
    result.append(_line(f"年度汇报合计（{kinds}）", total_ms, baseline,
                        target=f"≤ {TARGET_SECONDS:g} s，≤ {TARGET_RATIO:g}×", ok=ok,
                        note="对照：同样的计数 + python-docx/openpyxl 直接写"))
    return result
