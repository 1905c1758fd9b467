"""Excel export/template/import of activities: all-or-nothing, row errors in Chinese, scope."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zeren.core.excel import XLSX_CONTENT_TYPE
from zeren.core.models import AuditEvent
from zeren.ledger import excel
from zeren.ledger.models import Activity, CampaignTag

HEADERS = [header for _k, header, _w, _r in excel.ACTIVITY_COLUMNS]


def xlsx(rows, headers=HEADERS, name="台账.xlsx") -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账记录"
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def row(**overrides) -> dict:
    data = {"类别": "读书学习", "单位编码": "T-SB", "日期": datetime.date(2023, 3, 1),
            "标题": "读书分享会", "参加人数": 20, "亮点": "否"}
    data.update(overrides)
    return data


def read_sheet(content: bytes, sheet="台账记录") -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def upload(client, file, data=None, **headers):
    return client.post("/ledger/activities/import/", {"file": file, **(data or {})}, **headers)


def test_wrong_category_in_row_57_is_named_and_nothing_is_saved(client, county):
    rows = [row(标题=f"第{i}次读书") for i in range(2, 57)] + [row(类别="读书活动")]
    rows += [row(标题="最后一条")]
    client.force_login(county.admin_b)
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    text = response.content.decode()
    assert "第57行 类别：“读书活动”不是有效的类别" in text
    assert "已读取并校验 57 行" in text
    assert Activity.objects.count() == 0
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, success=False)
    assert failed.count() == 1


def test_future_date_negative_participants_and_wrong_types_are_row_errors(client, county):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [row(), row(日期=tomorrow), row(参加人数=-5), row(参加人数="三十"),
            row(日期="昨天"), row(亮点="也许")]
    client.force_login(county.admin_b)
    text = upload(client, xlsx(rows)).content.decode()
    assert "第3行 日期：日期不能晚于今天" in text
    assert "第4行 参加人数：不能为负数" in text
    assert "第5行 参加人数：“三十” 不是整数" in text
    assert "第6行 日期：“昨天” 不是有效的日期" in text
    assert "第7行 亮点：“也许” 不是有效的值" in text
    assert "第2行" not in text
    assert Activity.objects.count() == 0


def test_service_rules_are_row_errors_too(client, county):
    rows = [row(), row(类别="宣讲"), row(类别="专题会议", 议题="学习", 应到人数=5, 实到人数=6)]
    client.force_login(county.admin_b)
    text = upload(client, xlsx(rows)).content.decode()
    assert "第3行 宣讲场所：请选择宣讲场所" in text
    assert "第4行 实到人数：实到人数不能多于应到人数" in text
    assert Activity.objects.count() == 0


def test_unit_outside_scope_is_a_row_error(client, county):
    client.force_login(county.admin_b)
    text = upload(client, xlsx([row(), row(单位编码="T-SA")])).content.decode()
    assert "第3行 单位编码：“T-SA” 不存在或不在您的数据范围内" in text
    assert Activity.objects.count() == 0


def test_good_file_creates_drafts_with_tags_and_extra_fields(client, county):
    rows = [row(专项标签="三个年、清廉学校", 亮点="是"),
            row(类别="宣讲", 宣讲场所="进社区", 单位编码="T-SB-B"),
            row(类别="专题会议", 议题="研究意识形态工作", 应到人数=10, 实到人数=9)]
    client.force_login(county.admin_b)
    response = upload(client, xlsx(rows))
    assert response.status_code == 302
    assert Activity.objects.count() == 3
    first = Activity.objects.get(tags__name="三个年")
    assert first.is_highlight and first.status == Activity.Status.DRAFT
    assert set(first.tags.values_list("name", flat=True)) == {"三个年", "清廉学校"}
    assert Activity.objects.get(category__code="lecture").venue == Activity.Venue.COMMUNITY
    meeting = Activity.objects.get(category__code="meeting")
    assert (meeting.expected_count, meeting.present_count) == (10, 9)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE,
                                     object_type="ledger.activity").count() == 3


def test_import_may_submit_for_review(client, county):
    client.force_login(county.admin_b)
    upload(client, xlsx([row()]), {"submit": "on"})
    assert Activity.objects.get().status == Activity.Status.SUBMITTED


def test_a_file_that_is_not_xlsx_gets_a_chinese_message(client, county):
    client.force_login(county.admin_b)
    fake = SimpleUploadedFile("台账.xlsx", b"MZ\x90\x00 not a workbook")
    text = upload(client, fake).content.decode()
    assert "不是有效的 Excel（.xlsx）文件" in text
    assert Activity.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, county, settings):
    settings.ZEREN_IMPORT_MAX_BYTES = 1024
    client.force_login(county.admin_b)
    text = upload(client, xlsx([row(内容="很长" * 2000)])).content.decode()
    assert "文件过大" in text
    assert Activity.objects.count() == 0


def test_htmx_upload_answers_with_the_result_panel(client, county):
    client.force_login(county.admin_b)
    response = upload(client, xlsx([row(), row()]), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-panel"' in text and "<html" not in text
    assert "导入成功：已读取并校验 2 行" in text


def test_export_then_import_changes_nothing(client, county, record):
    tag = CampaignTag.objects.get(name="三个年")
    draft = record(county.school_b, title="读书 ", description="内容\n第二行",
                   by=county.admin_b)
    draft.tags.set([tag])
    record(county.school_b, code="lecture", by=county.admin_b, submit=True)
    approved = record(county.branch_b, code="meeting", by=county.admin_b, submit=True)
    from zeren.ledger import services

    services.activity_approve(actor=county.staff, activity=approved)
    before = {a.pk: (a.version, a.updated_at) for a in Activity.objects.all()}
    client.force_login(county.admin_b)
    exported = client.get("/ledger/activities/export.xlsx")
    assert exported.status_code == 200
    file = SimpleUploadedFile("export.xlsx", exported.content)
    response = upload(client, file, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "新建 0 条，更新 0 条，未变 3 条" in text, text
    assert {a.pk: (a.version, a.updated_at) for a in Activity.objects.all()} == before


def test_export_update_by_id(client, county, record):
    activity = record(county.school_b, title="旧标题", by=county.admin_b)
    client.force_login(county.admin_b)
    rows = read_sheet(client.get("/ledger/activities/export.xlsx").content)
    rows[0]["标题"] = "新标题"
    response = upload(client, xlsx(rows))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "新标题" and activity.version == 2


def test_school_b_export_excludes_school_a_and_is_audited(client, county, record):
    record(county.school_a, title="甲中学读书")
    record(county.school_b, title="乙小学读书")
    client.force_login(county.admin_b)
    response = client.get("/ledger/activities/export.xlsx")
    rows = read_sheet(response.content)
    assert [r["标题"] for r in rows] == ["乙小学读书"]
    assert "甲中学" not in str(rows)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT,
                                     object_type="ledger.activity").exists()


def test_export_uses_the_list_filters(client, county, record):
    record(county.school_b, title="三月读书", date=datetime.date(2023, 3, 1))
    record(county.school_b, title="五月宣讲", code="lecture", date=datetime.date(2023, 5, 1))
    client.force_login(county.staff)
    rows = read_sheet(client.get("/ledger/activities/export.xlsx",
                                 {"start": "2023-04-01", "q": "宣讲"}).content)
    assert [r["标题"] for r in rows] == ["五月宣讲"]


def test_export_filtered_on_a_unit_outside_scope_is_404(client, county):
    client.force_login(county.admin_b)
    response = client.get("/ledger/activities/export.xlsx", {"unit": county.school_a.pk})
    assert response.status_code == 404


def test_export_has_no_n_plus_one(client, county, record, django_assert_max_num_queries):
    for i in range(30):
        activity = record(county.school_b, title=f"读书{i}")
        activity.tags.set(CampaignTag.objects.all())
    client.force_login(county.admin_b)
    with django_assert_max_num_queries(20):
        assert client.get("/ledger/activities/export.xlsx").status_code == 200


def test_template_has_dropdowns_and_instructions(client, county):
    client.force_login(county.admin_b)
    response = client.get("/ledger/activities/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["台账记录", "类别表", "单位表", "说明"]
    assert book["类别表"].sheet_state == "hidden" and book["单位表"].sheet_state == "hidden"
    units = [r[0] for r in book["单位表"].iter_rows(min_row=2, values_only=True)]
    assert units == ["T-SB", "T-SB-B"]
    categories = [r[0] for r in book["类别表"].iter_rows(min_row=2, values_only=True)]
    assert "读书学习" in categories and "宣讲" in categories
    ws = book["台账记录"]
    formulas = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
                for dv in ws.data_validations.dataValidation}
    letters = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(HEADERS, start=1)}
    assert "类别表" in formulas[letters["类别"]]
    assert "单位表" in formulas[letters["单位编码"]]
    assert "进校园" in formulas[letters["宣讲场所"]]
    assert "端午" in formulas[letters["节日"]]
    assert formulas[letters["亮点"]] == '"是,否"'
    assert "导入说明" in book["说明"]["A1"].value


def test_member_cannot_import_or_download_the_template(client, county):
    client.force_login(county.member_b)
    assert client.get("/ledger/activities/template.xlsx").status_code == 403
    assert upload(client, xlsx([row()])).status_code == 403
    assert Activity.objects.count() == 0


def test_two_thousand_rows_import_all_or_nothing(client, county):
    rows = [row(标题=f"读书{i}", 日期=datetime.date(2023, 1 + i % 12, 1 + i % 28))
            for i in range(2000)]
    client.force_login(county.admin_b)
    broken = [*rows[:-1], row(参加人数=-1)]
    text = upload(client, xlsx(broken), HTTP_HX_REQUEST="true").content.decode()
    assert "第2001行 参加人数：不能为负数" in text and "已读取并校验 2000 行" in text
    assert Activity.objects.count() == 0
    text = upload(client, xlsx(rows), HTTP_HX_REQUEST="true").content.decode()
    assert "导入成功：已读取并校验 2000 行" in text
    assert Activity.objects.filter(unit=county.school_b).count() == 2000
