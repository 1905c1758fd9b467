import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from zeren.core.models import AuditEvent
from zeren.org.excel import UNIT_COLUMNS
from zeren.org.models import Unit

HEADERS = [header for _key, header, _w, _r in UNIT_COLUMNS]


def _xlsx(rows, headers=HEADERS, name="单位.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _new(name, code, type_="党支部", parent="T-SA"):
    # ID, 名称, 编码, 类型, 学段, 上级单位编码, 上级单位名称, 排序, 启用
    return [None, name, code, type_, "", parent, "", 0, "是"]


def _units_state():
    return list(Unit.objects.order_by("pk").values_list(
        "pk", "name", "code", "type", "stage", "parent_id", "path", "order", "is_active",
        "version"))


def test_import_creates_units_including_children_of_new_units(client, county):
    client.force_login(county.admin_a)
    upload = _xlsx([_new("新支部", "N-1"), _new("新支部小组", "N-2", "其他", parent="N-1")])
    response = client.post(reverse("org:unit_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()
    child = Unit.objects.get(code="N-2")
    assert child.parent.code == "N-1" and child.path.startswith(county.school_a.path)
    assert AuditEvent.objects.filter(action="import", success=True,
                                     object_type="org.unit").exists()
    # each row's write is audited through the services
    assert AuditEvent.objects.filter(action="create", object_id=str(child.pk)).exists()


def test_import_with_a_bad_type_in_row_n_names_the_row_and_creates_nothing(client, county):
    client.force_login(county.admin_a)
    rows = [_new(f"支部{i}", f"N-{i}") for i in range(55)]
    rows.append(_new("坏行", "N-BAD", type_="中学"))  # spreadsheet row 57
    before = _units_state()
    response = client.post(reverse("org:unit_import"), {"file": _xlsx(rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第57行 类型：“中学” 不是有效的类型" in page
    assert "未导入任何数据" in page
    assert _units_state() == before
    assert AuditEvent.objects.filter(action="import", success=False).exists()


def test_import_reports_every_bad_row(client, county):
    client.force_login(county.admin_a)
    upload = _xlsx([_new("", "N-1"), _new("好", "N-2"), _new("重复", "T-SB")])
    response = client.post(reverse("org:unit_import"), {"file": upload})
    errors = response.context["errors"]
    assert any(e.startswith("第2行 名称") for e in errors)
    assert any(e.startswith("第4行 编码") for e in errors)
    assert not Unit.objects.filter(code="N-2").exists()


def test_import_refuses_a_parent_outside_the_importers_scope(client, county):
    client.force_login(county.admin_b)
    response = client.post(reverse("org:unit_import"),
                           {"file": _xlsx([_new("冒充", "N-X", parent="T-SA")])})
    assert "第2行 上级单位编码：“T-SA” 不存在或不在您的数据范围内" in response.content.decode()
    assert not Unit.objects.filter(code="N-X").exists()


def test_import_refuses_to_update_a_unit_outside_scope_by_id(client, county):
    client.force_login(county.admin_b)
    row = [county.branch_a.pk, "改名", "T-SA-B", "党支部", "", "T-SA", "", 0, "是"]
    response = client.post(reverse("org:unit_import"), {"file": _xlsx([row])})
    assert "第2行 ID" in response.content.decode()
    county.branch_a.refresh_from_db()
    assert county.branch_a.name == "甲中学党支部"


def test_a_text_file_renamed_xlsx_gets_a_chinese_message(client, county):
    client.force_login(county.admin_a)
    upload = SimpleUploadedFile("单位.xlsx", "名称,编码\n甲,1\n".encode())
    response = client.post(reverse("org:unit_import"), {"file": upload})
    assert response.status_code == 200
    assert "不是有效的 Excel（.xlsx）文件" in response.content.decode()
    assert AuditEvent.objects.filter(action="import", success=False).exists()


def test_a_csv_file_is_refused_by_type(client, county):
    client.force_login(county.admin_a)
    upload = SimpleUploadedFile("单位.csv", b"a,b\n")
    response = client.post(reverse("org:unit_import"), {"file": upload})
    assert "只能上传 .xlsx 格式" in response.content.decode()


def test_a_sheet_without_the_required_columns_is_refused(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("org:unit_import"),
                           {"file": _xlsx([["x"]], headers=["随便"])})
    assert "缺少必需的列：名称、编码、类型" in response.content.decode()


@override_settings(ZEREN_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(client, county):
    client.force_login(county.admin_a)
    upload = _xlsx([_new(f"支部{i}", f"N-{i}") for i in range(50)])
    response = client.post(reverse("org:unit_import"), {"file": upload})
    assert "文件过大" in response.content.decode()
    assert not Unit.objects.filter(code="N-1").exists()


def test_export_then_import_changes_nothing(client, county):
    client.force_login(county.staff)
    response = client.get(reverse("org:unit_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    before = _units_state()
    events = AuditEvent.objects.filter(action__in=["create", "update", "move"]).count()
    upload = SimpleUploadedFile("单位.xlsx", response.content)
    response = client.post(reverse("org:unit_import"), {"file": upload}, follow=True)
    assert "新建 0 条，更新 0 条，未变 7 条" in response.content.decode()
    assert _units_state() == before
    assert AuditEvent.objects.filter(action__in=["create", "update", "move"]).count() == events


def test_school_admin_export_round_trip_keeps_their_scope_root(client, county):
    client.force_login(county.admin_a)
    data = client.get(reverse("org:unit_export")).content
    before = _units_state()
    response = client.post(reverse("org:unit_import"),
                           {"file": SimpleUploadedFile("u.xlsx", data)})
    assert response.status_code == 302
    assert _units_state() == before


def test_edited_export_updates_and_moves_by_id(client, county):
    client.force_login(county.staff)
    data = client.get(reverse("org:unit_export")).content
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["单位"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == county.branch_a.pk:
            row[1].value = "甲中学第一党支部"
        if row[0].value == county.school_b.pk:
            row[5].value = "T-D1"
    buffer = io.BytesIO()
    wb.save(buffer)
    response = client.post(reverse("org:unit_import"),
                           {"file": SimpleUploadedFile("u.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    county.branch_a.refresh_from_db()
    county.branch_b.refresh_from_db()
    assert county.branch_a.name == "甲中学第一党支部"
    assert county.branch_b.path.startswith(county.district_1.path)


def test_export_excludes_other_schools_and_is_audited(client, county):
    client.force_login(county.admin_b)
    response = client.get(reverse("org:unit_export"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["单位"]
    codes = {row[2] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert codes == {"T-SB", "T-SB-B"}
    assert AuditEvent.objects.filter(action="export", object_type="org.unit",
                                     username="admin_b").exists()


def test_template_has_dropdowns_a_hidden_code_sheet_and_notes(client, county):
    client.force_login(county.admin_b)
    response = client.get(reverse("org:unit_template"))
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["单位", "代码表", "说明"]
    assert wb["代码表"].sheet_state == "hidden"
    codes = {row[0] for row in wb["代码表"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"T-SB", "T-SB-B"}
    formulas = [dv.formula1 for dv in wb["单位"].data_validations.dataValidation]
    assert '"局党委,学区,学校,党支部,其他"' in formulas
    assert any("代码表" in f for f in formulas)
    assert wb["单位"].max_row == 1
    assert AuditEvent.objects.filter(action="export", detail="下载单位导入模板").exists()


def test_member_cannot_import_or_export(client, county):
    client.force_login(county.member_a)
    assert client.get(reverse("org:unit_export")).status_code == 403
    assert client.get(reverse("org:unit_import")).status_code == 403
    assert client.get(reverse("org:unit_template")).status_code == 403
