"""What every Excel (.xlsx) template, export and import of Zeren shares.

Writing: a styled sheet with a header row (required columns in red), dropdowns
(DataValidation; long lists live on a hidden sheet), a 说明 sheet.
Reading: the file is judged by its content (openpyxl must open it), columns are
found by their header, empty rows are skipped, and the size and row limits hold.
Importing: `run_import` runs every row through the caller's row handler inside one
transaction; any row error rolls everything back, and every error names its row and
column in Chinese ("第57行 类别：…"). The import itself is audited (IMPORT).
"""

import io
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zeren.core import audit
from zeren.core.models import AuditEvent

A = AuditEvent.Action
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20000
VALIDATION_ROWS = 5000  # dropdowns are attached to this many rows of the template
YES, NO = "是", "否"

BROKEN_FILE = (
    "无法读取该文件：它不是有效的 Excel（.xlsx）文件，可能已损坏，或只是改了扩展名。"
    "请用“下载导入模板”得到的文件填写后再上传。"
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, broken, missing columns)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RowError(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0  # data rows read and checked
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"新建 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"


class _Rollback(Exception):
    pass


# Writing workbooks -----------------------------------------------------------------------

def yes_no(value: bool) -> str:
    return YES if value else NO


def write_sheet(wb, title, columns, rows):
    """The first sheet of `wb`: header row (required columns in red), rows, frozen header.
    `columns` are (key, header, width, required) tuples."""
    ws = wb.active
    ws.title = title
    ws.append([header for _k, header, _w, _r in columns])
    for index, (_key, _header, width, required) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B71C1C" if required else "000000")
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    return ws


def column_letter(columns, key) -> str:
    return get_column_letter([c[0] for c in columns].index(key) + 1)


def list_validation(ws, columns, key, *, formula, strict=True, prompt="", title=""):
    """A dropdown on column `key`: an inline list ('"a,b"') or a range on another sheet."""
    letter = column_letter(columns, key)
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.errorStyle = "stop" if strict else "warning"
    dv.error = "请从下拉列表中选择。"
    dv.errorTitle = "无效的值"
    if prompt:
        dv.prompt, dv.promptTitle = prompt, title
    dv.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    ws.add_data_validation(dv)


def inline_list(values) -> str:
    return '"' + ",".join(values) + '"'


def lookup_sheet(wb, title: str, header: list[str], rows: list[list]) -> str | None:
    """A hidden sheet holding a long dropdown list (first column); returns its range formula,
    or None when the list is empty."""
    sheet = wb.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.sheet_state = "hidden"
    if not rows:
        return None
    return f"'{title}'!$A$2:$A${len(rows) + 1}"


def notes_sheet(wb, lines):
    notes = wb.create_sheet("说明")
    notes.column_dimensions["A"].width = 100
    for line in lines:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)


def workbook_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Reading workbooks -----------------------------------------------------------------------

def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(upload, columns, sheet_name) -> list[tuple[int, dict]]:
    """[(row number, {key: raw cell value})] of the data rows, or ImportFileError."""
    limit = settings.ZEREN_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ImportFileError(f"文件过大：“{upload.name}”超过 {limit // 1048576} MB 上限。")
    if not upload.name.lower().endswith(".xlsx"):
        raise ImportFileError("只能上传 .xlsx 格式的 Excel 文件。")
    try:
        upload.seek(0)
        wb = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        try:
            ws = wb[sheet_name] if sheet_name in wb.sheetnames else wb.worksheets[0]
            raw_rows = ws.iter_rows(values_only=True)
            header = next(raw_rows, None)
            by_header = {header: key for key, header, _w, _r in columns}
            positions = {}
            for index, title in enumerate(header or ()):
                key = by_header.get(cell_text(title).rstrip("*").strip())
                if key is not None and key not in positions:
                    positions[key] = index
            missing = [h for key, h, _w, required in columns if required and key not in positions]
            if missing:
                raise ImportFileError(
                    f"工作表“{ws.title}”缺少必需的列：{'、'.join(missing)}。"
                    "第一行应为表头，请使用“下载导入模板”得到的文件。")
            rows = []
            for number, raw in enumerate(raw_rows, start=2):
                values = {key: (raw[i] if i < len(raw) else None) for key, i in positions.items()}
                if all(cell_text(v) == "" for v in values.values()):
                    continue
                if len(rows) >= MAX_ROWS:
                    raise ImportFileError(f"行数过多：一次最多导入 {MAX_ROWS} 行，请分批导入。")
                rows.append((number, values))
        finally:
            wb.close()
    except ImportFileError:
        raise
    except Exception:  # zip, XML and openpyxl errors all mean one thing to the user
        raise ImportFileError(BROKEN_FILE)
    if not rows:
        raise ImportFileError("文件中没有数据行（第一行为表头，从第二行开始填写）。")
    return rows


def flag(values, key, labels) -> bool | None:
    """是/否 (and the usual spellings of yes and no); empty → None."""
    text = cell_text(values.get(key))
    if text == "":
        return None
    if text in {YES, "Y", "y", "1", "TRUE", "True", "true", "√"}:
        return True
    if text in {NO, "N", "n", "0", "FALSE", "False", "false", "×"}:
        return False
    raise RowError(labels[key], f"“{text}” 不是有效的值，请填写“是”或“否”")


def row_id(values) -> int | None:
    text = cell_text(values.get("id"))
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise RowError("ID", f"“{text}” 不是有效的 ID（新建请留空）")


def required_text(values, key, labels, max_length) -> str:
    text = cell_text(values.get(key))
    if not text:
        raise RowError(labels[key], "不能为空")
    if len(text) > max_length:
        raise RowError(labels[key], f"不能超过 {max_length} 个字")
    return text


def service_errors(error: ValidationError, labels) -> list[tuple[str | None, str]]:
    """A service's ValidationError as (column header, message) pairs."""
    if hasattr(error, "error_dict"):
        return [(labels.get(name), message)
                for name, errors in error.message_dict.items() for message in errors]
    return [(None, message) for message in error.messages]


def format_row_error(number: int, column: str | None, message: str) -> str:
    message = message.rstrip("。")
    return f"第{number}行 {column}：{message}" if column else f"第{number}行：{message}"


def _collect(result: ImportResult, number: int, labels, call) -> None:
    try:
        call()
    except RowError as error:
        result.errors.append(format_row_error(number, error.column, error.message))
    except ValidationError as error:
        result.errors.extend(format_row_error(number, column, message)
                             for column, message in service_errors(error, labels))
    except PermissionDenied as error:
        result.errors.append(format_row_error(number, None, str(error) or "没有权限"))


def run_import(*, actor, upload, columns, sheet, labels, object_type, noun, handle_row,
               check_row=None):
    """Read the rows and pass each to handle_row(actor, values, result, context) inside one
    transaction; any row error rolls back everything. Audited as IMPORT either way.

    With check_row(actor, values, context), every row is first parsed and checked without
    writing; a file with such errors is refused before anything is written."""
    try:
        rows = read_rows(upload, columns, sheet)
    except ImportFileError as error:
        audit.record(A.IMPORT, actor=actor, object_type=object_type, success=False,
                     detail=f"导入{noun}失败：{upload.name}：{error.message}")
        raise
    result = ImportResult(rows=len(rows))
    try:
        with transaction.atomic():
            context: dict = {}
            if check_row is not None:
                for number, values in rows:
                    _collect(result, number, labels,
                             lambda values=values: check_row(actor, values, context))
            if not result.errors:
                for number, values in rows:
                    _collect(result, number, labels,
                             lambda values=values: handle_row(actor, values, result, context))
            if result.errors:
                raise _Rollback()
            audit.record(A.IMPORT, actor=actor, object_type=object_type,
                         detail=f"导入{noun}：{upload.name}：{result.summary()}")
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
        audit.record(A.IMPORT, actor=actor, object_type=object_type, success=False,
                     detail=f"导入{noun}失败，未保存任何数据：{upload.name}："
                            f"{len(result.errors)} 处错误，首个：{result.errors[0]}")
    return result
