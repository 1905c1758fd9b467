"""Excel (.xlsx) templates, exports and imports of units and people.

An import is all-or-nothing: every row goes through the services (so each write is
checked and audited) inside one transaction, and if any row has an error nothing
is kept and every row error is reported in Chinese ("第57行 类型：…"). An export
of the user's visible units/people imports back unchanged (rows carry their ID).
Phones are masked in exports; a masked phone in an import leaves the stored one.
"""

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError

from zeren.core import audit
from zeren.core.excel import (  # shared with the ledger's Excel (zeren/core/excel.py)
    BROKEN_FILE,  # noqa: F401 (part of this module's interface)
    MAX_ROWS,
    XLSX_CONTENT_TYPE,  # noqa: F401
    ImportFileError,  # noqa: F401 (raised by imports; views catch excel.ImportFileError)
    ImportResult,
    RowError,
    inline_list,
    lookup_sheet,
    notes_sheet,
    run_import,
    workbook_bytes,
    write_sheet,
)
from zeren.core.excel import cell_text as _text
from zeren.core.excel import column_letter as _column_letter
from zeren.core.excel import flag as _flag
from zeren.core.excel import list_validation as _shared_list_validation
from zeren.core.excel import required_text as _required
from zeren.core.excel import row_id as _row_id
from zeren.core.excel import yes_no as _yes_no
from zeren.core.models import AuditEvent
from zeren.org import services
from zeren.org.forms import clean_phone
from zeren.org.models import Person, Unit
from zeren.org.selectors import in_tree_order

A = AuditEvent.Action
YES, NO = "是", "否"
CODES_SHEET = "代码表"

# (key, header, width, required on import). Keys starting with "_" are for reading only.
UNIT_COLUMNS = [
    ("id", "ID", 8, False),
    ("name", "名称", 28, True),
    ("code", "编码", 14, True),
    ("type", "类型", 10, True),
    ("stage", "学段", 10, False),
    ("parent_code", "上级单位编码", 16, False),
    ("_parent_name", "上级单位名称", 24, False),
    ("order", "排序", 8, False),
    ("is_active", "启用", 8, False),
]
PERSON_COLUMNS = [
    ("id", "ID", 8, False),
    ("name", "姓名", 12, True),
    ("unit_code", "单位编码", 14, True),
    ("_unit_name", "单位名称", 24, False),
    ("is_party_member", "党员", 8, False),
    ("is_employee", "教职工", 8, False),
    ("is_cadre", "干部", 8, False),
    ("title", "职务", 14, False),
    ("phone", "手机号", 16, False),
    ("is_active", "在册", 8, False),
]
UNIT_LABELS = {key: header for key, header, _w, _r in UNIT_COLUMNS}
PERSON_LABELS = {key: header for key, header, _w, _r in PERSON_COLUMNS}
TYPE_BY_LABEL = {str(label): value for value, label in Unit.Type.choices}
STAGE_BY_LABEL = {str(label): value for value, label in Unit.Stage.choices if value}


# Writing workbooks -----------------------------------------------------------------------

def _list_validation(ws, columns, key, *, formula, strict=True, prompt=""):
    _shared_list_validation(ws, columns, key, formula=formula, strict=strict, prompt=prompt,
                            title=UNIT_LABELS.get(key) or PERSON_LABELS.get(key) or "")


def _codes_sheet(wb, units) -> str | None:
    """A hidden sheet with the visible unit codes: a dropdown too long for an inline list."""
    return lookup_sheet(wb, CODES_SHEET, ["单位编码", "单位名称"],
                        [[unit.code, unit.name] for unit in units])


def unit_workbook(*, user, with_data: bool) -> tuple[bytes, int]:
    """The unit template (with_data=False) or export; returns (xlsx bytes, row count)."""
    units = in_tree_order(list(Unit.objects.visible_to(user).select_related("parent")))
    visible_ids = {u.pk for u in units}
    rows = []
    if with_data:
        for u in units:
            rows.append([
                u.pk, u.name, u.code, u.get_type_display(),
                u.get_stage_display() if u.stage else "",
                u.parent.code if u.parent else "",
                u.parent.name if u.parent and u.parent_id in visible_ids else "",
                u.order, _yes_no(u.is_active),
            ])
    wb = openpyxl.Workbook()
    ws = write_sheet(wb, "单位", UNIT_COLUMNS, rows)
    _list_validation(ws, UNIT_COLUMNS, "type", formula=inline_list(TYPE_BY_LABEL))
    _list_validation(ws, UNIT_COLUMNS, "stage", formula=inline_list(STAGE_BY_LABEL))
    _list_validation(ws, UNIT_COLUMNS, "is_active", formula=f'"{YES},{NO}"')
    codes = _codes_sheet(wb, [u for u in units if u.is_active])
    if codes:
        # A warning, not a stop: a new unit may sit under another new unit of the same file.
        _list_validation(ws, UNIT_COLUMNS, "parent_code", formula=codes, strict=False,
                         prompt="选择已有单位的编码，或填写本表中排在前面的新单位的编码。")
    notes_sheet(wb, [
        "单位导入说明",
        "1. 在“单位”工作表中每行填写一个单位；红色表头为必填列。",
        "2. ID 留空表示新建单位；带 ID 的行会更新该单位（用“导出”得到的文件修改后再导入即可）。",
        "3. 类型从下拉列表选择：" + "、".join(TYPE_BY_LABEL) + "；学段可留空。",
        "4. 上级单位编码：新建单位必须填写，且必须是您数据范围内的单位；"
        "可以填写本表中排在它前面的新单位的编码。修改已有单位的上级单位编码即为移动该单位。",
        "5. “上级单位名称”列仅供查看，导入时忽略。",
        "6. 启用：是/否；留空表示新建时启用、更新时不变。",
        "7. 导入是“全部成功或全部不导入”：任何一行有错，都不会保存任何数据，并列出每行的错误。",
        f"8. 文件不超过 {settings.ZEREN_IMPORT_MAX_BYTES // 1048576} MB，最多 {MAX_ROWS} 行。",
    ])
    return workbook_bytes(wb), len(rows)


def person_workbook(*, user, with_data: bool) -> tuple[bytes, int]:
    """The people template or export (phones masked); returns (xlsx bytes, row count)."""
    rows = []
    if with_data:
        people = Person.objects.visible_to(user).select_related("unit").order_by(
            "unit__path", "name", "id")
        for p in people:
            rows.append([
                p.pk, p.name, p.unit.code, p.unit.name, _yes_no(p.is_party_member),
                _yes_no(p.is_employee), _yes_no(p.is_cadre), p.title, p.masked_phone,
                _yes_no(p.is_active),
            ])
    units = list(Unit.objects.visible_to(user).filter(is_active=True))
    wb = openpyxl.Workbook()
    ws = write_sheet(wb, "人员", PERSON_COLUMNS, rows)
    for key in ("is_party_member", "is_employee", "is_cadre", "is_active"):
        _list_validation(ws, PERSON_COLUMNS, key, formula=f'"{YES},{NO}"')
    codes = _codes_sheet(wb, units)
    if codes:
        _list_validation(ws, PERSON_COLUMNS, "unit_code", formula=codes)
    # Phones must stay text, or Excel shows 1.38E+10.
    phone_letter = _column_letter(PERSON_COLUMNS, "phone")
    for row in range(2, len(rows) + 2):
        ws[f"{phone_letter}{row}"].number_format = "@"
    notes_sheet(wb, [
        "人员导入说明",
        "1. 在“人员”工作表中每行填写一人；红色表头为必填列。",
        "2. ID 留空表示新建；带 ID 的行会更新该人员（用“导出”得到的文件修改后再导入即可）。",
        "3. 单位编码从下拉列表选择，必须是您数据范围内的单位；“单位名称”列仅供查看，导入时忽略。",
        "4. 党员、教职工、干部、在册：是/否；留空表示新建时取默认值"
        "（教职工、在册为“是”，其余为“否”），更新时不变。",
        "5. 手机号在导出时已打码（如 138****5678）；打码的号码导入时不会覆盖已存的号码。"
        "要修改请填写完整号码；清空该格则删除已存的号码。",
        "6. 导入是“全部成功或全部不导入”：任何一行有错，都不会保存任何数据，并列出每行的错误。",
        f"7. 文件不超过 {settings.ZEREN_IMPORT_MAX_BYTES // 1048576} MB，最多 {MAX_ROWS} 行。",
    ])
    return workbook_bytes(wb), len(rows)


def export_units(*, actor, template: bool = False) -> bytes:
    """The xlsx of the actor's visible units (or the empty template); audited as EXPORT."""
    data, count = unit_workbook(user=actor, with_data=not template)
    audit.record(A.EXPORT, actor=actor, object_type="org.unit",
                 detail="下载单位导入模板" if template else f"导出单位 {count} 条")
    return data


def export_people(*, actor, template: bool = False) -> bytes:
    """The xlsx of the actor's visible people, phones masked (or the template); audited."""
    data, count = person_workbook(user=actor, with_data=not template)
    audit.record(A.EXPORT, actor=actor, object_type="org.person",
                 detail="下载人员导入模板" if template else f"导出人员 {count} 条（手机号已打码）")
    return data


# Units import ----------------------------------------------------------------------------

def _visible_unit_by_code(actor, code: str, column: str) -> Unit:
    unit = Unit.objects.visible_to(actor).filter(code=code).first()
    if unit is None:
        raise RowError(column, f"“{code}” 不存在或不在您的数据范围内")
    return unit


def _parse_unit(values) -> dict:
    labels = UNIT_LABELS
    data = {
        "name": _required(values, "name", labels, 100),
        "code": _required(values, "code", labels, 32),
    }
    type_text = _required(values, "type", labels, 50)
    if type_text in TYPE_BY_LABEL:
        data["type"] = TYPE_BY_LABEL[type_text]
    elif type_text in Unit.Type.values:
        data["type"] = type_text
    else:
        raise RowError(labels["type"], f"“{type_text}” 不是有效的类型"
                                       f"（可选：{'、'.join(TYPE_BY_LABEL)}）")
    stage_text = _text(values.get("stage"))
    if stage_text in ("", "—"):
        data["stage"] = ""
    elif stage_text in STAGE_BY_LABEL:
        data["stage"] = STAGE_BY_LABEL[stage_text]
    else:
        raise RowError(labels["stage"], f"“{stage_text}” 不是有效的学段"
                                        f"（可选：{'、'.join(STAGE_BY_LABEL)}，或留空）")
    order_text = _text(values.get("order"))
    try:
        data["order"] = int(order_text) if order_text else 0
    except ValueError:
        raise RowError(labels["order"], f"“{order_text}” 不是整数")
    return data


def _import_unit_row(actor, values, result: ImportResult, context: dict) -> None:
    row_id = _row_id(values)
    data = _parse_unit(values)
    active = _flag(values, "is_active", UNIT_LABELS)
    parent_code = _text(values.get("parent_code"))
    parent_label = UNIT_LABELS["parent_code"]
    if row_id is None:
        if not parent_code:
            raise RowError(parent_label, "新建单位必须填写上级单位编码")
        parent = _visible_unit_by_code(actor, parent_code, parent_label)
        unit = services.unit_create(actor=actor, parent=parent, **data)
        if active is False:
            services.unit_set_active(actor=actor, unit=unit, active=False)
        result.created += 1
        return
    unit = Unit.objects.visible_to(actor).select_related("parent").filter(pk=row_id).first()
    if unit is None:
        raise RowError("ID", f"“{row_id}” 不存在或不在您的数据范围内")
    changed = False
    fields = {k: v for k, v in data.items() if getattr(unit, k) != v}
    if fields:
        unit = services.unit_update(actor=actor, unit=unit, expected_version=unit.version,
                                    **fields)
        changed = True
    current_parent_code = unit.parent.code if unit.parent else ""
    if parent_code != current_parent_code:
        if not parent_code:
            raise RowError(parent_label, "已有单位的上级单位编码不能清空")
        new_parent = _visible_unit_by_code(actor, parent_code, parent_label)
        unit = services.unit_move(actor=actor, unit=unit, new_parent=new_parent)
        changed = True
    if active is not None and active != unit.is_active:
        services.unit_set_active(actor=actor, unit=unit, active=active)
        changed = True
    if changed:
        result.updated += 1
    else:
        result.unchanged += 1


def import_units(*, actor, upload) -> ImportResult:
    """Create/update units from an uploaded xlsx, all or nothing; audited as IMPORT.

    Raises ImportFileError when the file itself is unreadable; row errors come back
    in the result (and then nothing was saved).
    """
    return run_import(actor=actor, upload=upload, columns=UNIT_COLUMNS, sheet="单位",
                       labels=UNIT_LABELS, object_type="org.unit", noun="单位",
                       handle_row=_import_unit_row)


# People import ---------------------------------------------------------------------------

def _import_person_row(actor, values, result: ImportResult, context: dict) -> None:
    labels = PERSON_LABELS
    if "units" not in context:
        context["units"] = {u.code: u for u in Unit.objects.visible_to(actor)}
    row_id = _row_id(values)
    name = _required(values, "name", labels, 50)
    unit_code = _required(values, "unit_code", labels, 32)
    unit = context["units"].get(unit_code)
    if unit is None:
        raise RowError(labels["unit_code"], f"“{unit_code}” 不存在或不在您的数据范围内")
    title = _text(values.get("title"))
    if len(title) > 50:
        raise RowError(labels["title"], "不能超过 50 个字")
    flags = {key: _flag(values, key, labels)
             for key in ("is_party_member", "is_employee", "is_cadre")}
    active = _flag(values, "is_active", labels)
    phone = _text(values.get("phone"))
    keep_phone = "*" in phone
    if not keep_phone:
        try:
            phone = clean_phone(phone)
        except ValidationError as error:
            raise RowError(labels["phone"], f"“{phone}” {error.messages[0]}")

    if row_id is None:
        if keep_phone:
            raise RowError(labels["phone"], "打码的号码（含 *）只能出现在已有人员的行中，"
                                            "新建人员请填写完整号码或留空")
        defaults = {"is_party_member": False, "is_employee": True, "is_cadre": False}
        fields = {k: (defaults[k] if v is None else v) for k, v in flags.items()}
        person = services.person_create(actor=actor, unit=unit, name=name, title=title,
                                        phone=phone, **fields)
        if active is False:
            services.person_set_active(actor=actor, person=person, active=False)
        result.created += 1
        return
    person = Person.objects.visible_to(actor).select_related("unit").filter(pk=row_id).first()
    if person is None:
        raise RowError("ID", f"“{row_id}” 不存在或不在您的数据范围内")
    wanted = {"name": name, "title": title, **{k: v for k, v in flags.items() if v is not None}}
    if not keep_phone:
        wanted["phone"] = phone
    changes = {k: v for k, v in wanted.items() if getattr(person, k) != v}
    if unit.pk != person.unit_id:
        changes["unit"] = unit
    changed = False
    if changes:
        person = services.person_update(actor=actor, person=person,
                                        expected_version=person.version, **changes)
        changed = True
    if active is not None and active != person.is_active:
        services.person_set_active(actor=actor, person=person, active=active)
        changed = True
    if changed:
        result.updated += 1
    else:
        result.unchanged += 1


def import_people(*, actor, upload) -> ImportResult:
    """Create/update people from an uploaded xlsx, all or nothing; audited as IMPORT.

    A masked phone (138****5678, as exported) never overwrites the stored number.
    """
    return run_import(actor=actor, upload=upload, columns=PERSON_COLUMNS, sheet="人员",
                       labels=PERSON_LABELS, object_type="org.person", noun="人员",
                       handle_row=_import_person_row)
