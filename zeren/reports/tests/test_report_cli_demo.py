"""Acceptance: with `zeren demo`, `zeren report` for 示范县教育局, 2023-01-01…2023-07-31,
carries the reference report's figures in the matching sections, python-docx reopens it,
LibreOffice converts it to PDF; a unit admin's report covers only their subtree."""

import datetime
import io
import re

import docx
import pytest
from django.core.management import call_command

from zeren.core.models import AuditEvent
from zeren.org.models import Unit, User
from zeren.reports import content, counting
from zeren.reports.docx_builder import build_docx

PERIOD = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    call_command("demo", "--password", "Shifan#2026demo", stdout=io.StringIO())


def _sections(paragraphs: list[str]) -> dict[str, str]:
    """Section number (一…八) → the text of its paragraphs."""
    out, current = {}, None
    for text in paragraphs:
        heading = re.match(r"^([一二三四五六七八九十]+)、", text)
        if heading:
            current = heading[1]
            out[current] = ""
        elif current:
            out[current] += text + "\n"
    return out


def test_demo_bureau_report_has_the_reference_figures_and_a_unit_admin_sees_only_their_subtree(
        demo, tmp_path):
    docx_path, pdf_path = tmp_path / "report.docx", tmp_path / "report.pdf"
    out = io.StringIO()
    call_command("report", "--from", "2023-01-01", "--to", "2023-07-31", "--unit", "SFX",
                 "--output", str(docx_path), "--pdf", str(pdf_path),
                 "--recipient", "中共示范县委宣传部", stdout=out)
    assert "已生成" in out.getvalue()

    document = docx.Document(str(docx_path))  # python-docx reopens it
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("示范县教育局")
    assert texts[0].endswith("意识形态工作责任制落实情况的报告")
    assert texts[2] == "中共示范县委宣传部："
    assert texts[3].endswith("现将有关情况报告如下：")
    s = _sections(texts)
    assert set(s) >= set("一二三四五六")
    assert "专题会议4次" in s["一"]
    assert "主题活动57次" in s["二"]
    assert "宣讲84场次" in s["二"]
    assert "3轮次" in s["二"]
    assert "72次" in s["二"]
    assert "97场次" in s["三"]
    assert re.search(r"学习强国.*?10篇", s["三"])
    assert "82次" in s["三"] and "50次" in s["三"] and "43次" in s["三"]
    supervisors = int(re.search(r"监督员(\d+)名", s["四"])[1])
    assert supervisors >= 60
    assert "未发生意识形态方面的各类问题" in s["五"]
    assert "宣传队20支" in s["六"]
    assert 90 <= int(re.search(r"队员(\d+)人", s["六"])[1]) <= 100
    assert texts[-4:] == ["特此报告。", "", Unit.objects.get(code="SFX").name, "2023年7月31日"]

    # LibreOffice headless converted it without error.
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT,
                                        object_type="reports.report")
    assert exports.count() == 2

    # A unit admin's report covers only their subtree: even asked for the whole bureau,
    # every figure is their school's.
    admin = User.objects.get(username="school01")
    school = admin.unit
    own = content.build(admin, school, PERIOD)
    asked_bureau = content.build(admin, Unit.objects.get(code="SFX"), PERIOD)
    system_view = content.build(None, school, PERIOD)
    figures = [(f.label, f.value) for f in own.figures]
    assert figures == [(f.label, f.value) for f in system_view.figures]
    assert sorted(f.value for f in asked_bureau.figures) == sorted(f.value for f in own.figures)
    bureau = content.build(None, Unit.objects.get(code="SFX"), PERIOD)
    assert sum(f.value for f in own.figures) < sum(f.value for f in bureau.figures)
    school_text = "\n".join(p.text for p in docx.Document(io.BytesIO(build_docx(own))).paragraphs)
    others = Unit.objects.filter(type=Unit.Type.SCHOOL).exclude(path__startswith=school.path)
    assert not [u.name for u in others if u.name in school_text]
