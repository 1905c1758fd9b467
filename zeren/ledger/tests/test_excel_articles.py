"""Excel export/template/import of articles (稿件): all-or-nothing, Chinese row errors, scope."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zeren.core.models import AuditEvent
from zeren.ledger import excel, services
from zeren.ledger.models import Article

HEADERS = [header for _k, header, _w, _r in excel.ARTICLE_COLUMNS]


def xlsx(rows) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "稿件"
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("稿件.xlsx", buffer.getvalue())


def row(**overrides) -> dict:
    data = {"标题": "我校开展读书月活动", "单位编码": "T-SB", "作者": "郑乙",
            "报送平台": "学习强国", "报送日期": datetime.date(2023, 4, 1), "已采用": "否"}
    data.update(overrides)
    return data


def article(unit, title, **fields):
    data = {"platform": Article.Platform.XUEXI, "submitted_date": datetime.date(2023, 4, 1)}
    data.update(fields)
    return services.article_create(actor=None, title=title, unit=unit, **data)


def test_bad_rows_are_named_and_nothing_is_saved(client, county):
    future = timezone.localdate() + datetime.timedelta(days=3)
    rows = [row(), row(报送平台="人民日报"), row(报送日期=future), row(单位编码="T-SA"),
            row(已采用="是")]
    client.force_login(county.admin_b)
    text = client.post("/ledger/articles/import/", {"file": xlsx(rows)}).content.decode()
    assert "第3行 报送平台：“人民日报”不是有效的报送平台" in text
    assert "第4行 报送日期：报送日期不能晚于今天" in text
    assert "第5行 单位编码：“T-SA” 不存在或不在您的数据范围内" in text
    assert Article.objects.count() == 0
    # The rows that parse are then checked by the service: an adopted one needs its date.
    text = client.post("/ledger/articles/import/",
                       {"file": xlsx([row(), row(已采用="是")])}).content.decode()
    assert "第3行 采用日期：已采用的稿件请填写采用日期" in text
    assert Article.objects.count() == 0


def test_good_file_creates_articles(client, county):
    rows = [row(), row(标题="县融媒体稿", 报送平台="县融媒体", 已采用="是",
                      采用日期=datetime.date(2023, 4, 3), 链接="https://example.org/a")]
    client.force_login(county.admin_b)
    assert client.post("/ledger/articles/import/", {"file": xlsx(rows)}).status_code == 302
    adopted = Article.objects.get(platform=Article.Platform.COUNTY_MEDIA)
    assert adopted.is_adopted and adopted.adopted_date == datetime.date(2023, 4, 3)
    assert Article.objects.count() == 2


def test_export_then_import_changes_nothing_and_excludes_school_a(client, county):
    article(county.school_a, "甲中学稿件")
    article(county.school_b, "乙小学稿件", is_adopted=True,
            adopted_date=datetime.date(2023, 4, 2), link="https://example.org/b")
    article(county.branch_b, "支部稿件", author="孙乙")
    before = {a.pk: a.version for a in Article.objects.all()}
    client.force_login(county.admin_b)
    exported = client.get("/ledger/articles/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    titles = [r[1] for r in book["稿件"].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["乙小学稿件", "支部稿件"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT,
                                     object_type="ledger.article").exists()
    response = client.post("/ledger/articles/import/",
                           {"file": SimpleUploadedFile("e.xlsx", exported.content)},
                           HTTP_HX_REQUEST="true")
    assert "新建 0 条，更新 0 条，未变 2 条" in response.content.decode()
    assert {a.pk: a.version for a in Article.objects.all()} == before


def test_article_template_has_platform_dropdown(client, county):
    client.force_login(county.admin_b)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/ledger/articles/template.xlsx").content))
    formulas = [dv.formula1 for dv in book["稿件"].data_validations.dataValidation]
    assert any("学习强国" in f for f in formulas)
    assert book["单位表"].sheet_state == "hidden"
