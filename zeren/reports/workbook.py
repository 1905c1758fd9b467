"""The statistics workbook (统计表) of a report: plain openpyxl, no macros, opens in Excel
and WPS.

Sheets: 汇总 (every category with its figure, area subtotals, articles, teams, roles),
单位×类别 (each unit's own records per category, with totals per area), then one sheet
per work area. Every number comes from zeren.reports.counting.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from zeren.ledger.models import Article
from zeren.org.models import Position, Unit
from zeren.reports import counting

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _width(value) -> float:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _autosize(sheet, minimum: int = 6, maximum: int = 40, *, text_columns: int = 0) -> None:
    """Column widths from the content. With `text_columns`, only the header row and the
    first `text_columns` columns are measured: the other columns hold small counts."""
    widths: dict[int, float] = {}
    if text_columns:
        cells = [*sheet[1], *(c for row in sheet.iter_rows(min_row=2, max_col=text_columns)
                              for c in row)]
    else:
        cells = [c for row in sheet.iter_rows() for c in row]
    for cell in cells:
        if cell.value is None:
            continue
        widths[cell.column] = max(widths.get(cell.column, 0), _width(cell.value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            minimum, min(maximum, width + 2))


def _register_styles(book) -> None:
    """Named styles, registered once: setting a style object on every cell makes openpyxl
    hash it each time, which was most of the workbook's build time (zeren bench)."""
    book.add_named_style(NamedStyle(name="zeren-header", font=HEADER_FONT, fill=HEADER_FILL,
                                    border=BORDER, alignment=WRAP))
    book.add_named_style(NamedStyle(name="zeren-total", font=HEADER_FONT, fill=TOTAL_FILL,
                                    border=BORDER))


def _header(sheet, row: int, values: list) -> None:
    for column, value in enumerate(values, start=1):
        sheet.cell(row=row, column=column, value=value).style = "zeren-header"


def _row(sheet, row: int, values: list, *, total: bool = False) -> None:
    # Data cells keep the default style (Excel's and WPS's gridlines show them); only
    # headers and totals carry one — a style per cell was most of the build time.
    if not total:
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        return
    for column, value in enumerate(values, start=1):
        sheet.cell(row=row, column=column, value=value).style = "zeren-total"


def _sheet_title(name: str, used: set[str]) -> str:
    title = BAD_SHEET_CHARS.sub("", name)[:28] or "领域"
    candidate, n = title, 2
    while candidate in used:
        candidate, n = f"{title}{n}", n + 1
    used.add(candidate)
    return candidate


def _units(user, unit: Unit, counts: dict) -> list[Unit]:
    """Active units of the subtree in scope, and inactive ones that still have records."""
    with_records = {unit_id for unit_id, _ in counts}
    qs = (Unit.objects.all() if user is None else Unit.objects.visible_to(user))
    rows = qs.within(unit).order_by("path")
    return [u for u in rows if u.is_active or u.pk in with_records]


def build_workbook(user, unit: Unit, period: counting.Period) -> bytes:
    """The workbook for `unit`'s subtree and `period`, as `user` may see it."""
    summary = counting.summary(user, unit, period)
    counts = counting.unit_category_counts(user, unit, period)
    units = _units(user, unit, counts)
    areas = summary.areas
    book = Workbook()
    _register_styles(book)
    used: set[str] = set()

    # 汇总 ----------------------------------------------------------------------------
    sheet = book.active
    sheet.title = _sheet_title("汇总", used)
    sheet.cell(row=1, column=1, value=f"{unit.name} 意识形态工作统计（{period}）").font = Font(
        bold=True, size=14)
    _header(sheet, 2, ["工作领域", "类别", "记录数", "参加人次", "汇报数字", "计数单位"])
    r = 3
    for area in areas:
        for c in area.categories:
            _row(sheet, r, [area.area.name, c.category.name, c.count, c.participants, c.figure,
                            ("轮次" if c.category.asks_round else c.category.unit_noun)])
            r += 1
        _row(sheet, r, [area.area.name, "小计", area.count, area.participants, None, None],
             total=True)
        r += 1
    _row(sheet, r, ["合计", None, sum(a.count for a in areas),
                    sum(a.participants for a in areas), None, None], total=True)
    r += 2
    _header(sheet, r, ["其他数字", "项目", "数量", None, None, None])
    r += 1
    platforms = dict(Article.Platform.choices)
    for code, numbers in summary.articles.items():
        _row(sheet, r, ["稿件报送", f"{platforms.get(code, code)}（报送/采用）",
                        numbers["submitted"], numbers["adopted"], None, None])
        r += 1
    _row(sheet, r, ["宣传队", "队数/队员", summary.teams["teams"], summary.teams["members"],
                    None, None])
    r += 1
    for role, label in Position.Role.choices:
        if role in summary.roles:
            _row(sheet, r, ["专门职责", label, summary.roles[role], None, None, None])
            r += 1
    sheet.freeze_panes = "A3"
    _autosize(sheet)

    # 单位×类别 -------------------------------------------------------------------------
    categories = [c.category for a in areas for c in a.categories]
    matrix = book.create_sheet(_sheet_title("单位×类别", used))
    _header(matrix, 1, ["单位", "编码"] + [c.name for c in categories]
            + [f"{a.area.name}合计" for a in areas] + ["合计"])
    for row_no, u in enumerate(units, start=2):
        own = [counts.get((u.pk, c.pk), 0) for c in categories]
        by_area = [sum(counts.get((u.pk, c.category.pk), 0) for c in a.categories)
                   for a in areas]
        _row(matrix, row_no, ["　" * max(0, u.depth - unit.depth) + u.name, u.code, *own,
                              *by_area, sum(own)])
    totals_row = len(units) + 2
    _row(matrix, totals_row, ["合计", None, *[c.count for a in areas for c in a.categories],
                              *[a.count for a in areas], sum(a.count for a in areas)],
         total=True)
    matrix.freeze_panes = "C2"
    _autosize(matrix, maximum=30, text_columns=2)
    matrix.column_dimensions["A"].width = max(matrix.column_dimensions["A"].width, 16)

    # one sheet per area -------------------------------------------------------------
    for area in areas:
        sheet = book.create_sheet(_sheet_title(area.area.name, used))
        cats = [c.category for c in area.categories]
        _header(sheet, 1, ["单位", "编码"] + [c.name for c in cats] + ["合计"])
        for row_no, u in enumerate(units, start=2):
            own = [counts.get((u.pk, c.pk), 0) for c in cats]
            _row(sheet, row_no, ["　" * max(0, u.depth - unit.depth) + u.name, u.code, *own,
                                 sum(own)])
        _row(sheet, len(units) + 2, ["合计", None, *[c.count for c in area.categories],
                                     area.count], total=True)
        sheet.freeze_panes = "C2"
        _autosize(sheet, maximum=30, text_columns=2)

    book.properties.title = f"{unit.name} 意识形态工作统计"
    book.properties.creator = "Zeren"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
