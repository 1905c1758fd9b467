"""The report builder, its preview (every figure a link to its records), text blocks,
downloads and comparison, as bureau staff, unit admins, leaders and members see them."""

import datetime
import io
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from zeren.core.models import AuditEvent
from zeren.reports import content as report_content
from zeren.reports import counting, services
from zeren.reports.models import Report
from zeren.reports.tests.ledger_records import build_ledger

D = datetime.date
YTD_2023 = counting.Period(D(2023, 1, 1), D(2023, 7, 31))


@pytest.fixture
def ledger(county):
    return build_ledger(county)


def _ytd_post(unit, **extra):
    data = {"unit": unit.pk, "period_kind": "ytd", "year": 2023, "end": "2023-07-31",
            "half": "1", "quarter": "1", "template": "", "title": "", "recipient": "县委宣传部",
            "opening": "", "problems": "学习形式还不够丰富。", "next_steps": "继续抓好理论学习。",
            "signature": "", "issued_on": ""}
    data.update(extra)
    return data


def _report(county, unit=None, by=None, start=YTD_2023.start, end=YTD_2023.end, **fields):
    unit = unit or county.bureau
    return services.report_save(actor=by or county.staff, unit=unit, period_kind="ytd",
                                start=start, end=end, title=fields.pop("title", f"{unit.name}汇报"),
                                **fields)


def _figure_links(html: str) -> list[tuple[str, str]]:
    return [(unescape(href), text) for href, text in
            re.findall(r'<a class="report-figure" href="([^"]+)"[^>]*>([^<]+)</a>', html)]


def _listed_count(client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["page"].paginator.count


def test_staff_build_the_year_to_date_report_and_land_on_its_preview(client, county, ledger):
    client.force_login(county.staff)
    response = client.post("/reports/new/", _ytd_post(county.bureau))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    assert (report.start, report.end, report.unit) == (D(2023, 1, 1), D(2023, 7, 31),
                                                       county.bureau)
    assert report.title == "测试县教育局党委关于2023年年初以来意识形态工作责任制落实情况的报告"
    assert AuditEvent.objects.filter(action="create", object_type="reports.report").exists()
    page = client.get(response["Location"]).content.decode()
    assert "县委宣传部：" in page
    assert "现将有关情况报告如下：" in page
    assert "学习形式还不够丰富。" in page
    assert "2023年7月31日" in page
    assert "一、" in page and "一是" in page


def test_every_figure_on_the_preview_links_to_exactly_that_many_records(client, county, ledger):
    client.force_login(county.staff)
    report = _report(county)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    links = _figure_links(html)
    content = report_content.build(county.staff, county.bureau, YTD_2023)
    assert len(links) == len([f for f in content.figures if f.link])
    assert links, "the preview shows figures"
    checked = 0
    for href, text in links:
        value = int(re.match(r"\d+", text).group())
        path = urlsplit(href).path
        if path in ("/ledger/activities/", "/ledger/articles/"):
            assert _listed_count(client, href) == value, (text, href)
            checked += 1
    # 宣讲 5 场次 (3 甲 + 2 乙), 读书 2, 志愿服务 1, 道德教育 1, 专题会议 2, 稿件 1 + 1
    assert checked >= 6
    assert "5场次" in html and "2次" in html


def test_figure_links_list_the_records_behind_them_demo_style_categories(client, county, ledger):
    client.force_login(county.staff)
    lecture = report_content.activity_link(county.bureau, YTD_2023,
                                           category=_category("lecture").pk)
    titles = {a.title for a in client.get(lecture).context["page"]}
    # The draft, the submitted, the deleted and the September records are not behind the figure.
    assert titles == {"甲中学宣讲1", "甲中学宣讲2", "甲中学宣讲3", "乙小学宣讲1", "乙小学宣讲2"}


def _category(code):
    from zeren.ledger.models import Category

    return Category.objects.get(code=code)


def test_unit_admin_report_covers_only_their_subtree(client, county, ledger):
    client.force_login(county.admin_b)
    response = client.post("/reports/new/", _ytd_post(county.school_b))
    report = Report.objects.get()
    assert response.status_code == 302 and report.unit == county.school_b
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "甲中学" not in html
    assert "2场次" in html  # 乙小学's two lectures only
    for href, text in _figure_links(html):
        if urlsplit(href).path == "/ledger/activities/":
            assert _listed_count(client, href) == int(re.match(r"\d+", text).group())


def test_school_b_admin_cannot_build_a_report_for_school_a(client, county, ledger):
    client.force_login(county.admin_b)
    response = client.post("/reports/new/", _ytd_post(county.school_a))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Report.objects.exists()


def test_school_b_admin_gets_404_on_school_a_reports(client, county, ledger):
    report = _report(county, unit=county.school_a, by=county.admin_a)
    mine = _report(county, unit=county.school_b, by=county.admin_b)
    client.force_login(county.admin_b)
    for suffix in ("", "report.docx", "stats.xlsx", "compare/", f"compare/?with={mine.pk}"):
        assert client.get(f"/reports/{report.pk}/{suffix}").status_code == 404, suffix
    assert client.get(f"/reports/{mine.pk}/compare/?with={report.pk}").status_code == 404
    response = client.post(f"/reports/{report.pk}/text/", {"title": "改", "version": 1})
    assert response.status_code == 404
    listing = client.get("/reports/").content.decode()
    assert "甲中学" not in listing and "乙小学汇报" in listing
    assert not AuditEvent.objects.filter(action="export").exists()


def test_leader_reads_reports_but_cannot_build_them(client, county, ledger):
    report = _report(county)
    client.force_login(county.leader)
    assert client.get("/reports/").status_code == 200
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'id="text-blocks"' not in page
    assert client.get("/reports/new/").status_code == 403
    assert client.post(f"/reports/{report.pk}/text/", {"title": "改", "version": 1}
                       ).status_code == 403


def test_members_and_the_auditor_have_no_report_pages(client, county):
    for user in (county.member_a, county.auditor):
        client.force_login(user)
        assert client.get("/reports/").status_code == 403
        assert client.get("/reports/dashboard/").status_code == 403


def test_custom_period_without_dates_names_the_fields_in_chinese(client, county):
    client.force_login(county.staff)
    response = client.post("/reports/new/", _ytd_post(county.bureau, period_kind="custom",
                                                      end="", start=""))
    errors = response.context["form"].errors
    assert errors["start"] == ["自定义期间请填写开始日期。"]
    assert errors["end"] == ["自定义期间请填写结束日期。"]
    assert not Report.objects.exists()
    response = client.post("/reports/new/", _ytd_post(county.bureau, period_kind="custom",
                                                      start="2023-07-01", end="2023-01-01"))
    assert response.context["form"].errors["end"] == ["结束日期不能早于开始日期。"]


@pytest.mark.parametrize("kind,extra,start,end", [
    ("year", {}, D(2023, 1, 1), D(2023, 12, 31)),
    ("half", {"half": "2"}, D(2023, 7, 1), D(2023, 12, 31)),
    ("quarter", {"quarter": "2"}, D(2023, 4, 1), D(2023, 6, 30)),
    ("custom", {"start": "2023-03-01", "end": "2023-03-31"}, D(2023, 3, 1), D(2023, 3, 31)),
])
def test_each_kind_of_period_saves_its_dates(client, county, kind, extra, start, end):
    client.force_login(county.staff)
    data = _ytd_post(county.bureau, period_kind=kind, end="")
    data.update(extra)
    assert client.post("/reports/new/", data).status_code == 302
    report = Report.objects.get()
    assert (report.period_kind, report.start, report.end) == (kind, start, end)


def test_text_blocks_save_with_htmx_and_refresh_the_preview(client, county, ledger):
    report = _report(county)
    client.force_login(county.staff)
    response = client.post(f"/reports/{report.pk}/text/", {
        "title": report.title, "recipient": "县委", "opening": "新的开头。",
        "problems": "问题一\n问题二", "next_steps": "打算一", "signature": "局党委",
        "issued_on": "2023-07-31", "version": report.version}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "已保存" in html and 'hx-swap-oob="true"' in html and "问题二" in html
    report.refresh_from_db()
    assert (report.opening, report.problems, report.version) == ("新的开头。", "问题一\n问题二", 2)
    assert AuditEvent.objects.filter(action="update", object_type="reports.report").exists()


def test_text_blocks_from_an_old_version_are_refused_with_the_conflict_message(client, county):
    report = _report(county, opening="原开头。")
    services.report_update(actor=county.staff, report=report, expected_version=1,
                           opening="别人改过的开头。")
    client.force_login(county.staff)
    response = client.post(f"/reports/{report.pk}/text/", {
        "title": report.title, "opening": "我的开头。", "version": 1}, HTTP_HX_REQUEST="true")
    assert "该记录已被他人修改，您的修改未保存" in response.content.decode()
    report.refresh_from_db()
    assert report.opening == "别人改过的开头。"


def test_workbook_download_is_audited_and_holds_the_report_figures(client, county, ledger):
    report = _report(county)
    client.force_login(county.staff)
    response = client.get(f"/reports/{report.pk}/stats.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["汇总", "单位×类别"]
    event = AuditEvent.objects.get(action="export")
    assert event.object_id == str(report.pk) and "xlsx" in event.detail


def test_docx_download_is_a_word_document_and_audited(client, county, ledger):
    from docx import Document

    report = _report(county)
    client.force_login(county.leader)  # leaders read (and download) reports
    response = client.get(f"/reports/{report.pk}/report.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert report.title in text and "5场次" in text
    assert AuditEvent.objects.filter(action="export", object_id=str(report.pk),
                                     user=county.leader).exists()


def test_pdf_is_offered_only_when_libreoffice_is_found(client, county, monkeypatch):
    from zeren.reports import pdf

    report = _report(county)
    client.force_login(county.staff)
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    assert 'id="download-pdf"' not in client.get(f"/reports/{report.pk}/").content.decode()
    assert client.get(f"/reports/{report.pk}/report.pdf").status_code == 404
    monkeypatch.setattr(pdf, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda data, **kw: b"%PDF-1.7 test")
    assert 'id="download-pdf"' in client.get(f"/reports/{report.pk}/").content.decode()
    response = client.get(f"/reports/{report.pk}/report.pdf")
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", detail__startswith="pdf").exists()


def test_compare_shows_this_half_year_against_the_last(client, county, ledger):
    first = _report(county, start=D(2022, 1, 1), end=D(2022, 6, 30), title="2022上半年")
    second = _report(county, start=D(2023, 1, 1), end=D(2023, 6, 30), title="2023上半年")
    client.force_login(county.staff)
    response = client.get(f"/reports/{second.pk}/compare/?with={first.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    lecture = next(r for r in response.context["rows"] if r["name"] == "宣讲")
    assert (lecture["a"], lecture["b"], lecture["change"]) == (5, 1, 4)
    assert "+4" in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_report_list_shows_reports_in_scope_with_a_fixed_number_of_queries(
        client, county, django_assert_max_num_queries):
    client.force_login(county.staff)
    _report(county, unit=county.school_a, title="汇报甲")
    few = _queries(client, "/reports/")
    for i in range(12):
        _report(county, unit=county.school_a if i % 2 else county.school_b,
                title=f"汇报{i}")
    assert _queries(client, "/reports/") == few
    with django_assert_max_num_queries(12):
        response = client.get("/reports/")
    assert response.context["page"].paginator.count == 13


def test_template_page_lists_the_variables_for_bureau_staff_only(client, county):
    client.force_login(county.staff)
    html = client.get("/reports/templates/").content.decode()
    for name in report_content.VARIABLES:
        assert f"<code>{name}</code>" in html
    client.force_login(county.admin_a)
    assert client.get("/reports/templates/").status_code == 403


def _docx(*paragraphs) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_staff_upload_a_template_and_draw_a_report_with_it(client, county, ledger, settings,
                                                           tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    client.force_login(county.staff)
    upload = SimpleUploadedFile("局模板.docx", _docx("{{ title }}", "宣讲{{ counts.lecture }}场次"))
    response = client.post("/reports/templates/upload/", {"name": "局模板", "upload": upload})
    assert response.status_code == 302
    response = client.post("/reports/new/", _ytd_post(county.bureau, template=_template_pk()))
    report = Report.objects.get()
    assert report.template.name == "局模板"
    docx = client.get(f"/reports/{report.pk}/report.docx")
    text = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert text == [report.title, "宣讲5场次"]


def _template_pk():
    from zeren.reports.models import ReportTemplate

    return ReportTemplate.objects.get(is_active=True).pk


def test_a_broken_template_gets_a_chinese_error_and_is_not_stored(client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zeren.reports.models import ReportTemplate

    client.force_login(county.staff)
    response = client.post("/reports/templates/upload/", {
        "name": "坏模板", "upload": SimpleUploadedFile("坏.docx", b"not a word file")})
    assert response.status_code == 200
    errors = response.context["form"].errors["upload"]
    assert any("不是 Word" in e for e in errors), errors
    assert "不是 Word（.docx）文档" in response.content.decode()
    unclosed = SimpleUploadedFile("坏.docx", _docx("{% for p in problems %}"))
    response = client.post("/reports/templates/upload/", {"name": "坏模板", "upload": unclosed})
    assert response.context["form"].errors["upload"]
    assert not ReportTemplate.objects.exists()
