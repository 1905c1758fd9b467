import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeren.core.models import AuditEvent
from zeren.org.excel import PERSON_COLUMNS
from zeren.org.models import Person

HEADERS = [header for _key, header, _w, _r in PERSON_COLUMNS]


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("人员.xlsx", buffer.getvalue())


def _row(name, unit_code="T-SA", phone="", pk=None, party="是", active=""):
    # ID, 姓名, 单位编码, 单位名称, 党员, 教职工, 干部, 职务, 手机号, 在册
    return [pk, name, unit_code, "", party, "", "", "教师", phone, active]


def _people_state():
    return list(Person.objects.order_by("pk").values_list(
        "pk", "name", "unit_id", "is_party_member", "is_employee", "is_cadre", "title",
        "phone", "is_active", "version"))


def _edit_workbook(data, edit):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for row in wb["人员"].iter_rows(min_row=2):
        edit(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("人员.xlsx", buffer.getvalue())


def test_import_creates_people_with_defaults(client, county):
    client.force_login(county.admin_a)
    upload = _xlsx([_row("新教师", phone=13900001111), _row("支部书记", "T-SA-B", party="")])
    response = client.post(reverse("org:person_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()
    teacher = Person.objects.get(name="新教师")
    assert teacher.phone == "13900001111" and teacher.is_party_member and teacher.is_employee
    assert not Person.objects.get(name="支部书记").is_party_member
    assert AuditEvent.objects.filter(action="import", object_type="org.person").exists()


def test_bad_flag_and_unit_outside_scope_name_their_rows_and_nothing_is_saved(client, county):
    client.force_login(county.admin_a)
    before = _people_state()
    upload = _xlsx([_row("甲"), _row("乙", party="也许"), _row("丙", unit_code="T-SB")])
    response = client.post(reverse("org:person_import"), {"file": upload})
    page = response.content.decode()
    assert "第3行 党员：“也许” 不是有效的值" in page
    assert "第4行 单位编码：“T-SB” 不存在或不在您的数据范围内" in page
    assert _people_state() == before


def test_bad_phone_is_a_row_error(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("org:person_import"), {"file": _xlsx([_row("甲", phone="x1")])})
    assert "第2行 手机号" in response.content.decode()
    assert not Person.objects.filter(name="甲").exists()


def test_export_masks_phones_and_excludes_other_schools(client, county):
    client.force_login(county.admin_b)
    response = client.get(reverse("org:person_export"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["人员"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in rows} == {"郑乙", "孙乙"}
    assert {r[8] for r in rows} == {"138****5678"}
    assert b"13812345678" not in response.content
    assert AuditEvent.objects.filter(action="export", object_type="org.person").exists()


def test_export_then_import_changes_nothing_and_keeps_stored_phones(client, county):
    client.force_login(county.staff)
    data = client.get(reverse("org:person_export")).content
    before = _people_state()
    response = client.post(reverse("org:person_import"),
                           {"file": SimpleUploadedFile("p.xlsx", data)}, follow=True)
    assert "新建 0 条，更新 0 条，未变 10 条" in response.content.decode()
    assert _people_state() == before
    assert set(Person.objects.values_list("phone", flat=True)) == {"13812345678"}


def test_edited_export_updates_by_id_and_a_new_full_phone_replaces_the_old(client, county):
    member = county.people["member_a"]
    client.force_login(county.admin_a)
    data = client.get(reverse("org:person_export")).content

    def edit(row):
        if row[0].value == member.pk:
            row[7].value = "班主任"
            row[8].value = "13700002222"
            row[2].value = "T-SA-B"

    response = client.post(reverse("org:person_import"), {"file": _edit_workbook(data, edit)})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.title, member.phone, member.unit) == ("班主任", "13700002222",
                                                         county.branch_a)
    admin = county.people["admin_a"]
    admin.refresh_from_db()
    assert admin.phone == "13812345678"


def test_a_masked_phone_on_a_new_row_is_refused(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("org:person_import"),
                           {"file": _xlsx([_row("新人", phone="138****5678")])})
    assert "第2行 手机号" in response.content.decode()


def test_person_template_has_unit_codes_and_yes_no_dropdowns(client, county):
    client.force_login(county.admin_a)
    wb = openpyxl.load_workbook(io.BytesIO(client.get(reverse("org:person_template")).content))
    assert wb.sheetnames == ["人员", "代码表", "说明"]
    formulas = [dv.formula1 for dv in wb["人员"].data_validations.dataValidation]
    assert '"是,否"' in formulas and any("代码表" in f for f in formulas)
    codes = {r[0] for r in wb["代码表"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"T-SA", "T-SA-B"}


def test_a_text_file_renamed_xlsx_gets_a_chinese_message(client, county):
    client.force_login(county.admin_a)
    upload = SimpleUploadedFile("人员.xlsx", b"just text")
    response = client.post(reverse("org:person_import"), {"file": upload})
    assert "不是有效的 Excel（.xlsx）文件" in response.content.decode()
