import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from zeren.ledger import services
from zeren.ledger.models import Activity, Category, Evidence


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    return tmp_path / "media"


def photo(name="现场.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (20, 120, 200)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def form_data(county, **overrides):
    data = {"category": Category.objects.get(code="reading").pk, "unit": county.school_a.pk,
            "date": "2023-03-15", "title": "读书分享会", "place": "图书馆",
            "participants": "25", "description": "共读一本书"}
    data.update(overrides)
    return data


def test_activity_pages_render_for_every_ledger_role(client, county, record):
    activity = record(county.school_a, by=county.admin_a)
    for user in (county.staff, county.leader, county.admin_d1, county.admin_a, county.member_a):
        client.force_login(user)
        assert client.get(reverse("ledger:activity_list")).status_code == 200, user
        detail = client.get(reverse("ledger:activity_detail", args=[activity.pk]))
        assert detail.status_code == 200, user
        assert "读书学习活动" in detail.content.decode()
    for user in (county.staff, county.admin_a):
        client.force_login(user)
        assert client.get(reverse("ledger:activity_create")).status_code == 200
        assert client.get(reverse("ledger:activity_edit", args=[activity.pk])).status_code == 200
        assert client.get(reverse("ledger:recycle_bin")).status_code == 200
    for user in (county.staff, county.admin_d1):
        client.force_login(user)
        assert client.get(reverse("ledger:review_queue")).status_code == 200


def test_system_admin_without_ledger_role_gets_403(client, county):
    client.force_login(county.sysadmin)
    assert client.get(reverse("ledger:activity_list")).status_code == 403


def test_member_cannot_create_activities(client, county):
    client.force_login(county.member_a)
    assert client.get(reverse("ledger:activity_create")).status_code == 403
    assert client.post(reverse("ledger:activity_create"), form_data(county)).status_code == 403
    assert Activity.objects.count() == 0


def test_school_b_admin_gets_404_on_school_a_activity_and_list_excludes_it(client, county,
                                                                           record):
    mine = record(county.school_b, by=county.admin_b, title="乙小学读书会")
    theirs = record(county.school_a, by=county.admin_a, title="甲中学读书会", submit=True)
    client.force_login(county.admin_b)
    for name in ("activity_detail", "activity_edit"):
        assert client.get(reverse(f"ledger:{name}", args=[theirs.pk])).status_code == 404
    for name in ("activity_submit", "activity_approve", "activity_return", "activity_delete",
                 "activity_restore", "evidence_upload"):
        assert client.post(reverse(f"ledger:{name}", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("ledger:activity_list")).content.decode()
    assert "乙小学读书会" in page and "甲中学读书会" not in page
    assert "甲中学" not in page  # not even in the unit picker
    assert client.get(reverse("ledger:activity_detail", args=[mine.pk])).status_code == 200


def test_create_form_with_a_photo_saves_activity_and_evidence(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("ledger:activity_create"),
                           {**form_data(county), "files": [photo()], "submit": "1"})
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:activity_detail", args=[activity.pk])
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.created_by == county.admin_a
    evidence = Evidence.objects.get()
    assert (evidence.activity, evidence.original_name, evidence.kind) == (activity, "现场.jpg",
                                                                           "image")
    detail = client.get(response["Location"]).content.decode()
    assert reverse("ledger:evidence_thumbnail", args=[evidence.pk]) in detail


def test_draft_button_keeps_the_record_a_draft(client, county):
    client.force_login(county.admin_a)
    client.post(reverse("ledger:activity_create"), {**form_data(county), "draft": "1"})
    assert Activity.objects.get().status == Activity.Status.DRAFT


def test_exe_renamed_jpg_in_create_form_names_the_file_and_saves_nothing(client, county,
                                                                          media_root):
    client.force_login(county.admin_a)
    exe = SimpleUploadedFile("签到表.jpg", b"MZ\x90\x00" + b"\x00" * 300)
    response = client.post(reverse("ledger:activity_create"),
                           {**form_data(county), "files": [photo(), exe], "submit": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "签到表.jpg" in page and "可执行程序" in page
    assert Activity.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_future_date_and_negative_participants_get_field_messages(client, county):
    client.force_login(county.admin_a)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client.post(reverse("ledger:activity_create"),
                           form_data(county, date=tomorrow.isoformat(), participants="-3"))
    form = response.context["form"]
    assert "日期不能晚于今天" in form.errors["date"][0]
    assert form.errors["participants"] == ["参加人数不能为负数。"]
    assert Activity.objects.count() == 0


def test_category_extra_field_is_required_by_the_service(client, county):
    client.force_login(county.admin_a)
    lecture = Category.objects.get(code="lecture")
    response = client.post(reverse("ledger:activity_create"),
                           form_data(county, category=lecture.pk))
    assert "请选择宣讲场所" in response.context["form"].errors["venue"][0]
    response = client.post(reverse("ledger:activity_create"),
                           form_data(county, category=lecture.pk, venue="campus"))
    assert response.status_code == 302
    assert Activity.objects.get().venue == "campus"


def test_create_form_marks_the_extra_fields_of_each_category(client, county):
    client.force_login(county.admin_a)
    page = client.get(reverse("ledger:activity_create")).content.decode()
    lecture = Category.objects.get(code="lecture")
    assert f'value="{lecture.pk}" data-asks="venue"' in page
    assert 'data-extra="meeting"' in page and "<optgroup" in page
    assert f'<option value="{county.school_a.pk}" selected' in page  # the user's unit


def test_school_a_admin_cannot_pick_a_school_b_unit(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("ledger:activity_create"),
                           form_data(county, unit=county.school_b.pk))
    assert "unit" in response.context["form"].errors
    assert Activity.objects.count() == 0


def test_concurrent_edit_shows_conflict_message_and_saves_nothing(client, county, record):
    activity = record(county.school_a, by=county.admin_a, title="原标题")
    client.force_login(county.admin_a)
    url = reverse("ledger:activity_edit", args=[activity.pk])
    stale = client.get(url).context["form"].initial["version"]
    first = client.post(url, form_data(county, title="第一人修改", version=stale))
    assert first.status_code == 302
    second = client.post(url, form_data(county, title="第二人修改", version=stale))
    assert second.status_code == 200
    assert "已被他人修改" in second.content.decode()
    assert Activity.objects.get().title == "第一人修改"


def test_district_admin_approves_from_the_review_queue(client, county, record):
    activity = record(county.school_a, by=county.admin_a, submit=True, title="待审读书会")
    client.force_login(county.admin_d1)
    queue = client.get(reverse("ledger:review_queue")).content.decode()
    assert "待审读书会" in queue
    client.post(reverse("ledger:activity_approve", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED
    assert not client.get(reverse("ledger:review_queue")).context["page"].object_list
    history = client.get(reverse("ledger:activity_detail", args=[activity.pk])).content
    assert "审核通过" in history.decode()


def test_school_admin_does_not_see_own_units_records_in_review_queue(client, county, record):
    record(county.school_a, by=county.admin_a, submit=True, title="本校记录")
    client.force_login(county.admin_a)
    assert "本校记录" not in client.get(reverse("ledger:review_queue")).content.decode()


def test_return_with_reason_shows_the_reason(client, county, record):
    activity = record(county.school_a, by=county.admin_a, submit=True)
    client.force_login(county.staff)
    url = reverse("ledger:activity_return", args=[activity.pk])
    client.post(url, {"reason": ""})
    assert Activity.objects.get().status == Activity.Status.SUBMITTED
    client.post(url, {"reason": "缺少签到表照片"})
    assert Activity.objects.get().status == Activity.Status.RETURNED
    client.force_login(county.admin_a)
    page = client.get(reverse("ledger:activity_detail", args=[activity.pk])).content.decode()
    assert "缺少签到表照片" in page


def test_bulk_approve_approves_all_selected(client, county, record):
    ids = [record(county.school_a, by=county.admin_a, submit=True).pk for _ in range(3)]
    client.force_login(county.admin_d1)
    client.post(reverse("ledger:review_bulk_approve"), {"ids": ids})
    assert set(Activity.objects.values_list("status", flat=True)) == {"approved"}


def test_bulk_approve_is_all_or_nothing(client, county, record):
    ok = record(county.school_a, by=county.admin_a, submit=True)
    other = record(county.school_b, by=county.admin_b, submit=True)  # not district 1's
    client.force_login(county.admin_d1)
    response = client.post(reverse("ledger:review_bulk_approve"), {"ids": [ok.pk, other.pk]},
                           follow=True)
    assert "未通过任何记录" in response.content.decode()
    assert set(Activity.objects.values_list("status", flat=True)) == {"submitted"}


def test_delete_to_recycle_bin_and_restore(client, county, record):
    activity = record(county.school_a, by=county.admin_a, title="误删记录")
    client.force_login(county.admin_a)
    deleted = client.post(reverse("ledger:activity_delete", args=[activity.pk]), follow=True)
    assert "已将“误删记录”移入回收站" in deleted.content.decode()
    assert not client.get(reverse("ledger:activity_list")).context["page"].object_list
    assert "误删记录" in client.get(reverse("ledger:recycle_bin")).content.decode()
    client.post(reverse("ledger:activity_restore", args=[activity.pk]))
    assert Activity.objects.get().deleted_at is None


def test_list_filters_by_the_report_parameters(client, county, record):
    record(county.school_a, by=county.admin_a, title="亮点读书", is_highlight=True)
    record(county.school_a, code="volunteer", by=county.admin_a, title="志愿服务队",
           description="社区清扫")
    record(county.school_b, by=county.admin_b, title="乙校读书",
           date=datetime.date(2022, 5, 1))
    client.force_login(county.staff)
    url = reverse("ledger:activity_list")

    def titles(**params):
        page = client.get(url, params).context["page"]
        return {a.title for a in page}

    assert titles(highlight="1") == {"亮点读书"}
    assert titles(q="清扫") == {"志愿服务队"}
    assert titles(unit=county.school_b.pk) == {"乙校读书"}
    assert titles(start="2023-01-01", end="2023-12-31") == {"亮点读书", "志愿服务队"}
    volunteer = Category.objects.get(code="volunteer")
    assert titles(area=volunteer.area_id) == {"志愿服务队"}
    assert titles(category=volunteer.pk) == {"志愿服务队"}
    assert titles(status="draft") == {"亮点读书", "志愿服务队", "乙校读书"}


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_activity_list_uses_the_same_queries_whatever_the_page_size(
        client, county, record, django_assert_max_num_queries):
    client.force_login(county.admin_d1)
    url = reverse("ledger:activity_list")
    record(county.school_a, by=county.admin_a)
    few = _list_queries(client, url)
    for n in range(34):
        activity = record(county.school_a, by=county.admin_a)
        if n < 3:  # evidence counts come from the same annotated query
            services.evidence_attach(actor=county.admin_a, activity=activity,
                                     upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"))
    many = _list_queries(client, url)
    assert few == many
    with django_assert_max_num_queries(many):
        client.get(url)


def test_review_queue_uses_the_same_queries_whatever_its_length(client, county, record):
    client.force_login(county.admin_d1)
    url = reverse("ledger:review_queue")
    record(county.school_a, by=county.admin_a, submit=True)
    few = _list_queries(client, url)
    for _ in range(20):
        record(county.school_a, by=county.admin_a, submit=True)
    assert _list_queries(client, url) == few


def test_export_and_import_buttons_carry_the_filters_when_the_routes_exist(client, county):
    from zeren.ledger.views.common import optional_url

    client.force_login(county.admin_a)
    page = client.get(reverse("ledger:activity_list"), {"status": "approved", "q": "读书"})
    export = optional_url("ledger:activity_export")
    text = page.content.decode()
    if export is None:
        assert 'id="activity-export"' not in text
    else:
        assert f"{export}?status=approved&amp;q=" in text
