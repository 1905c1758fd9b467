"""`zeren report`: writes the docx (and xlsx) for --unit, uses an uploaded template, and
refuses an unknown unit code or a bad date with a Chinese message."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from zeren.core.models import AuditEvent
from zeren.ledger import services
from zeren.ledger.models import Activity, Category
from zeren.reports.fixtures.samples import template_docx
from zeren.reports.templating import template_deactivate, template_upload


@pytest.fixture
def lectures(county):
    category = Category.objects.get(code="lecture")
    for unit, n in ((county.school_a, 3), (county.school_b, 2)):
        for i in range(n):
            a = services.activity_create(actor=None, category=category, unit=unit,
                                         date=datetime.date(2023, 4, 1 + i), title="宣讲",
                                         participants=40, venue=Activity.Venue.CAMPUS,
                                         submit=True)
            services.activity_approve(actor=None, activity=a)
    return county


def _run(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_writes_the_docx_of_the_unit_subtree(lectures, tmp_path):
    target = tmp_path / "report.docx"
    out = _run("--from", "2023-01-01", "--to", "2023-07-31", "--unit", "T-D1",
               "--output", str(target))
    assert "已生成" in out
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "第一学区关于2023年年初以来" in text
    assert "宣讲3场次" in text  # school A only: school B is in the other district
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert "docx" in event.detail and "第一学区" in event.detail


def test_writes_the_workbook_beside_it(lectures, tmp_path):
    _run("--from", "2023-01-01", "--to", "2023-07-31", "--unit", "T-BUREAU",
         "--output", str(tmp_path / "r.docx"), "--xlsx", str(tmp_path / "stats.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "stats.xlsx")
    assert book.sheetnames
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_draws_with_an_uploaded_template(lectures, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    template = template_upload(
        actor=lectures.staff, name="简版",
        upload=SimpleUploadedFile("t.docx", template_docx(["{{ title }}",
                                                           "宣讲{{ counts.lecture }}场次"])))
    target = tmp_path / "custom.docx"
    _run("--from", "2023-01-01", "--to", "2023-07-31", "--unit", "T-BUREAU",
         "--output", str(target), "--template", str(template.pk))
    assert [p.text for p in docx.Document(str(target)).paragraphs][1] == "宣讲5场次"
    template_deactivate(actor=lectures.staff, template=template)
    with pytest.raises(CommandError, match="已停用"):
        _run("--from", "2023-01-01", "--to", "2023-07-31", "--unit", "T-BUREAU",
             "--output", str(target), "--template", str(template.pk))


def test_refuses_an_unknown_unit_code_in_chinese(county, tmp_path):
    with pytest.raises(CommandError, match="找不到编码为“NOPE”的单位"):
        _run("--from", "2023-01-01", "--to", "2023-07-31", "--unit", "NOPE",
             "--output", str(tmp_path / "r.docx"))
    assert not (tmp_path / "r.docx").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.parametrize("start, end, message", [
    ("2023-13-01", "2023-07-31", "开始日期“2023-13-01”不是有效日期"),
    ("2023-08-01", "2023-07-31", "开始日期不能晚于结束日期"),
])
def test_refuses_bad_dates_in_chinese(county, tmp_path, start, end, message):
    with pytest.raises(CommandError, match=message):
        _run("--from", start, "--to", end, "--unit", "T-BUREAU",
             "--output", str(tmp_path / "r.docx"))


def test_refuses_an_unknown_template(county, tmp_path):
    with pytest.raises(CommandError, match="找不到编号为 999 的汇报模板"):
        _run("--from", "2023-01-01", "--to", "2023-07-31", "--unit", "T-BUREAU",
             "--output", str(tmp_path / "r.docx"), "--template", "999")
