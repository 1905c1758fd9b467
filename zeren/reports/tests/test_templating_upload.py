"""Custom report templates: a good upload is stored and renders the report; a broken one
(bad Jinja, unknown variable, not a docx) gets a Chinese error naming the problem and
where, stores nothing, and the previous template stays in use."""

import datetime
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zeren.core.models import AuditEvent
from zeren.reports import content, counting
from zeren.reports.fixtures.samples import SAMPLE_LINES, SAMPLE_TEMPLATE, template_docx
from zeren.reports.models import ReportTemplate
from zeren.reports.templating import render_template, template_deactivate, template_upload

PERIOD = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}


def _upload(data: bytes, name="汇报模板.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _broken(county, data, name="汇报模板.docx"):
    before = (ReportTemplate.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        template_upload(actor=county.staff, name="县委模板", upload=_upload(data, name))
    assert (ReportTemplate.objects.count(), AuditEvent.objects.count()) == before
    return " ".join(caught.value.messages)


@pytest.fixture
def active(county):
    return template_upload(actor=county.staff, name="县委模板",
                           upload=_upload(SAMPLE_TEMPLATE.read_bytes()))


def test_committed_sample_template_is_the_one_the_helper_makes():
    reopened = docx.Document(io.BytesIO(SAMPLE_TEMPLATE.read_bytes()))
    assert [p.text for p in reopened.paragraphs] == SAMPLE_LINES


def test_staff_upload_a_template_and_it_renders_the_report(county, active):
    assert active.is_active and active.original_name == "汇报模板.docx"
    assert set(active.variables) >= {"title", "sections", "counts", "supervisors", "date"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE,
                                   object_type="reports.reporttemplate")
    assert event.user == county.staff and "县委模板" in event.detail
    c = content.build(county.staff, county.bureau, PERIOD, recipient="县委宣传部 & <办公室>")
    rendered = docx.Document(io.BytesIO(render_template(active, c)))
    texts = [p.text for p in rendered.paragraphs]
    assert texts[0] == c.title
    assert texts[1] == "县委宣传部 & <办公室>："  # escaped in the XML, intact in Word
    assert "一、加强组织领导" in texts or any(t.startswith("一、") for t in texts)
    assert "2023年7月31日" in texts
    assert not any("{{" in t or "{%" in t for t in texts)


def test_a_new_upload_of_the_same_name_replaces_the_old_one(county, active):
    newer = template_upload(actor=county.staff, name="县委模板",
                            upload=_upload(template_docx(["{{ title }}", "{{ date }}"])))
    active.refresh_from_db()
    assert newer.is_active and newer.replaces == active and not active.is_active
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DEACTIVATE,
                                     object_id=str(active.pk)).exists()


def test_bad_jinja_is_named_with_its_paragraph_and_the_previous_template_stays(county, active):
    lines = ["{{ title }}", "开展宣讲{{ counts.lecture }场次", "{{ date }}"]
    message = _broken(county, template_docx(lines))
    assert "语法错误" in message and "正文第2段" in message and "开展宣讲" in message
    active.refresh_from_db()
    assert active.is_active
    assert list(ReportTemplate.objects.filter(is_active=True)) == [active]


def test_an_unclosed_loop_says_which_end_tag_is_missing(county, active):
    message = _broken(county, template_docx(["{%p for s in sections %}", "{{ s.title }}"]))
    assert "endfor" in message and "正文第1段" in message
    assert ReportTemplate.objects.get(is_active=True) == active


def test_an_unknown_tag_is_named(county):
    message = _broken(county, template_docx(["{% fro s in sections %}{% endfor %}"]))
    assert "fro" in message and "正文第1段" in message


def test_an_unknown_variable_is_named(county, active):
    message = _broken(county, template_docx(["{{ title }}", "共有{{ school_count }}所学校"]))
    assert "未知的变量" in message and "school_count" in message and "正文第2段" in message
    assert ReportTemplate.objects.get(is_active=True) == active


def test_an_unknown_filter_is_caught_before_saving(county):
    message = _broken(county, template_docx(["{{ title|shout }}"]))
    assert "shout" in message


@pytest.mark.parametrize("data, name", [
    (b"%PDF-1.7 not a word file", "汇报模板.docx"),
    (b"", "空.docx"),
    (b"PK\x03\x04 broken zip", "汇报模板.docx"),
])
def test_a_file_that_is_not_a_docx_is_refused_by_its_content(county, active, data, name):
    message = _broken(county, data, name)
    assert "Word" in message or "空" in message
    assert ReportTemplate.objects.get(is_active=True) == active


def test_a_zip_without_word_document_is_not_a_docx(county):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "不是 Word" in _broken(county, out.getvalue(), "伪装.docx")


def test_only_bureau_staff_manage_templates(county):
    for user in (county.admin_a, county.leader, county.member_a):
        with pytest.raises(PermissionDenied):
            template_upload(actor=user, name="模板", upload=_upload(SAMPLE_TEMPLATE.read_bytes()))
    assert not ReportTemplate.objects.exists()


def test_a_name_is_required(county):
    with pytest.raises(ValidationError, match="模板名称"):
        template_upload(actor=county.staff, name=" ", upload=_upload(SAMPLE_TEMPLATE.read_bytes()))


def test_deactivating_a_template_is_audited(county, active):
    template_deactivate(actor=county.staff, template=active)
    assert not active.is_active
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DEACTIVATE,
                                     object_id=str(active.pk)).exists()


def test_staff_deactivate_a_template_from_the_template_page(client, county, active):
    client.force_login(county.admin_a)
    assert client.post(f"/reports/templates/{active.pk}/deactivate/").status_code == 403
    client.force_login(county.staff)
    page = client.get("/reports/templates/").content.decode()
    assert f"/reports/templates/{active.pk}/deactivate/" in page
    response = client.post(f"/reports/templates/{active.pk}/deactivate/")
    assert response.status_code == 302
    active.refresh_from_db()
    assert not active.is_active
    assert AuditEvent.objects.filter(action="deactivate", object_id=str(active.pk)).exists()
    assert client.post("/reports/templates/999999/deactivate/").status_code == 404
