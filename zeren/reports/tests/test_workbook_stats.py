"""The statistics workbook: units × categories for the period, totals per area, a sheet
per area, frozen headers, sensible widths; its totals are the counting service's."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from zeren.ledger.models import WorkArea
from zeren.reports import counting
from zeren.reports.tests.ledger_records import build_ledger
from zeren.reports.workbook import build_workbook

PERIOD = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))


@pytest.fixture
def ledger(county):
    return build_ledger(county)


def _book(user, unit):
    return load_workbook(io.BytesIO(build_workbook(user, unit, PERIOD)))


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_workbook_has_a_summary_a_matrix_and_a_sheet_per_area(county, ledger):
    book = _book(county.staff, county.bureau)
    areas = list(WorkArea.objects.order_by("order", "id"))
    assert book.sheetnames == ["汇总", "单位×类别", *[a.name for a in areas]]
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("A3", "C2"), sheet.title
        widths = [d.width for d in sheet.column_dimensions.values() if d.width]
        assert widths and all(6 <= w <= 40 for w in widths), sheet.title


def test_matrix_rows_are_units_and_its_totals_equal_the_counting_service(county, ledger):
    summary = counting.summary(county.staff, county.bureau, PERIOD)
    rows = _rows(_book(county.staff, county.bureau)["单位×类别"])
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    assert [r[0].strip("　") for r in body] == ["测试县教育局党委", "第一学区", "甲中学",
                                                 "甲中学党支部", "第二学区", "乙小学",
                                                 "乙小学党支部"]
    lecture = header.index("宣讲")
    assert totals[0] == "合计"
    assert totals[lecture] == summary.category("lecture").count == 5
    assert {r[0].strip("　"): r[lecture] for r in body}["甲中学"] == 3
    assert totals[-1] == sum(a.count for a in summary.areas)
    # every column's total is the sum of its unit rows (each row: that unit's own records)
    for column in range(2, len(header)):
        assert totals[column] == sum(r[column] for r in body), header[column]
    for area in summary.areas:
        assert totals[header.index(f"{area.area.name}合计")] == area.count


def test_area_sheets_and_summary_carry_the_same_figures(county, ledger):
    summary = counting.summary(county.staff, county.bureau, PERIOD)
    book = _book(county.staff, county.bureau)
    for area in summary.areas:
        rows = _rows(book[area.area.name])
        assert rows[-1][0] == "合计" and rows[-1][-1] == area.count
    overview = _rows(book["汇总"])
    lecture = next(r for r in overview if r[1] == "宣讲")
    assert lecture[2:5] == [5, 150, 5]
    assert next(r for r in overview if r[0] == "合计")[2] == sum(a.count for a in summary.areas)


def test_school_b_workbook_leaves_school_a_out(county, ledger):
    book = _book(county.admin_b, county.school_b)
    text = " ".join(str(c) for s in book.worksheets for r in _rows(s) for c in r)
    assert "甲中学" not in text and "乙小学" in text
    rows = _rows(book["单位×类别"])
    assert rows[-1][rows[0].index("宣讲")] == 2
    # Asking for school A's subtree as school B's admin counts nothing at all.
    other = _rows(_book(county.admin_b, county.school_a)["单位×类别"])
    assert other[1:-1] == [] and other[-1][-1] == 0


def test_workbook_is_a_plain_xlsx_without_macros(county, ledger):
    data = build_workbook(county.staff, county.bureau, PERIOD)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "xl/workbook.xml" in names
    assert not [n for n in names if "vbaProject" in n]
