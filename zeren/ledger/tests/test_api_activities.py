"""The ledger API's activities and evidence: scoped CRUD, review, conflicts, uploads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zeren.core.models import AuditEvent
from zeren.ledger import services
from zeren.ledger.models import Activity, CampaignTag, Category, Evidence
from zeren.org import accounts

API = "/api/v1/ledger"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    return tmp_path / "media"


@pytest.fixture
def bearer(county):
    def _bearer(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {accounts.token_create(user=user, name='t')[1]}"}

    return _bearer


def test_school_b_token_gets_404_on_every_school_a_activity_route(client, county, record,
                                                                   bearer):
    activity = record(county.school_a, title="甲中学读书", submit=True)
    auth = bearer(county.admin_b)
    url = f"{API}/activities/{activity.pk}"
    assert client.get(url, **auth).status_code == 404
    assert client.patch(url, {"version": 1, "title": "越权"}, content_type="application/json",
                        **auth).status_code == 404
    assert client.delete(url, **auth).status_code == 404
    for action, body in (("submit", {}), ("approve", {}), ("return", {"reason": "越权"})):
        response = client.post(f"{url}/{action}", body, content_type="application/json", **auth)
        assert response.status_code == 404, action
    assert client.get(f"{url}/evidence", **auth).status_code == 404
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(f"{url}/evidence", {"file": upload}, **auth).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "甲中学读书" and activity.status == Activity.Status.SUBMITTED
    assert Evidence.objects.count() == 0


def test_list_is_scoped_filtered_and_paginated_with_count(client, county, record, bearer):
    record(county.school_a, title="甲中学读书")
    for i in range(3):
        record(county.school_b, title=f"乙小学读书{i}", date=datetime.date(2023, 3, 1 + i))
    record(county.branch_b, code="lecture", title="支部宣讲", date=datetime.date(2023, 5, 1))
    auth = bearer(county.admin_b)
    page = client.get(f"{API}/activities", {"limit": 2}, **auth).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert "甲中学" not in str(page)
    lecture = client.get(f"{API}/activities", {"q": "宣讲"}, **auth).json()
    assert [a["title"] for a in lecture["items"]] == ["支部宣讲"]
    assert lecture["items"][0]["venue"] == "campus"
    march = client.get(f"{API}/activities", {"start": "2023-03-02", "end": "2023-03-31",
                                             "unit": county.school_b.pk}, **auth).json()
    assert march["count"] == 2
    assert client.get(f"{API}/activities", {"unit": county.school_a.pk},
                      **auth).status_code == 404


def test_list_has_no_n_plus_one(client, county, record, bearer, django_assert_max_num_queries):
    tags = list(CampaignTag.objects.all())
    for i in range(25):
        record(county.school_b, title=f"读书{i}").tags.set(tags)
    auth = bearer(county.admin_b)
    with django_assert_max_num_queries(12):
        response = client.get(f"{API}/activities", {"limit": 100}, **auth)
    assert response.json()["count"] == 25
    assert response.json()["items"][0]["tags"] == sorted(t.name for t in tags)


def test_create_update_conflict_and_delete(client, county, bearer):
    auth = bearer(county.admin_b)
    body = {"category_id": Category.objects.get(code="festival").pk,
            "unit_id": county.school_b.pk, "date": "2023-06-01", "title": "六一活动",
            "participants": 120, "festival": "children", "tags": ["清廉学校"]}
    created = client.post(f"{API}/activities", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and data["tags"] == ["清廉学校"]
    url = f"{API}/activities/{data['id']}"
    changed = client.patch(url, {"version": data["version"], "title": "庆六一"},
                           content_type="application/json", **auth)
    assert changed.status_code == 200 and changed.json()["title"] == "庆六一"
    stale = client.patch(url, {"version": data["version"], "title": "旧版本的修改"},
                         content_type="application/json", **auth)
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    assert Activity.objects.get(pk=data["id"]).title == "庆六一"
    assert client.delete(url, **auth).status_code == 204
    assert Activity.objects.get(pk=data["id"]).deleted_at is not None
    assert client.get(url, **auth).status_code == 404


def test_bad_input_is_422_naming_the_field(client, county, bearer):
    auth = bearer(county.admin_b)
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    body = {"category_id": Category.objects.get(code="reading").pk,
            "unit_id": county.school_b.pk, "date": future, "title": "明天的活动"}
    response = client.post(f"{API}/activities", body, content_type="application/json", **auth)
    assert response.status_code == 422
    assert "日期" in response.json()["detail"] and "不能晚于今天" in response.json()["detail"]
    body.update(date="2023-03-01", participants=-3)
    response = client.post(f"{API}/activities", body, content_type="application/json", **auth)
    assert response.status_code == 422 and "参加人数" in response.json()["detail"]
    body.update(participants=3, unit_id=county.school_a.pk)
    response = client.post(f"{API}/activities", body, content_type="application/json", **auth)
    assert response.status_code == 422 and "单位" in response.json()["detail"]
    assert Activity.objects.count() == 0


def test_submit_approve_and_return(client, county, record, bearer):
    activity = record(county.school_b, by=county.admin_b)
    url = f"{API}/activities/{activity.pk}"
    submitted = client.post(f"{url}/submit", **bearer(county.admin_b))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    # A unit admin does not review their own unit's records.
    assert client.post(f"{url}/approve", **bearer(county.admin_b)).status_code == 403
    approved = client.post(f"{url}/approve", **bearer(county.staff))
    assert approved.json()["status"] == "approved"
    no_reason = client.post(f"{url}/return", {"reason": " "}, content_type="application/json",
                            **bearer(county.staff))
    assert no_reason.status_code == 422 and "退回原因" in no_reason.json()["detail"]
    returned = client.post(f"{url}/return", {"reason": "缺少照片"},
                           content_type="application/json", **bearer(county.staff))
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "缺少照片"


def test_member_cannot_write(client, county, bearer):
    body = {"category_id": Category.objects.get(code="reading").pk,
            "unit_id": county.school_b.pk, "date": "2023-03-01", "title": "成员记录"}
    response = client.post(f"{API}/activities", body, content_type="application/json",
                           **bearer(county.member_b))
    assert response.status_code == 403


def test_exe_renamed_jpg_is_refused_with_a_chinese_message_naming_the_file(client, county,
                                                                           record, bearer):
    activity = record(county.school_b, by=county.admin_b)
    fake = SimpleUploadedFile("合影.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200,
                              content_type="image/jpeg")
    response = client.post(f"{API}/activities/{activity.pk}/evidence", {"file": fake},
                           **bearer(county.admin_b))
    assert response.status_code == 422
    assert "合影.jpg" in response.json()["detail"]
    assert "可执行程序" in response.json()["detail"]
    assert Evidence.objects.count() == 0


def test_upload_list_and_download_evidence(client, county, record, bearer):
    activity = record(county.school_b, by=county.admin_b)
    auth = bearer(county.admin_b)
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    created = client.post(f"{API}/activities/{activity.pk}/evidence", {"file": pdf}, **auth)
    assert created.status_code == 201, created.content
    evidence_id = created.json()["id"]
    listed = client.get(f"{API}/activities/{activity.pk}/evidence", **auth).json()
    assert [e["original_name"] for e in listed] == ["签到表.pdf"]
    download = client.get(f"{API}/evidence/{evidence_id}/download", **auth)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(f"{API}/evidence/{evidence_id}/download",
                      **bearer(county.admin_a)).status_code == 404
    assert AuditEvent.objects.filter(object_type="ledger.evidence",
                                     action=AuditEvent.Action.CREATE).count() == 1


def test_evidence_cannot_be_added_to_an_approved_record(client, county, record, bearer):
    activity = record(county.school_b, by=county.admin_b, submit=True)
    services.activity_approve(actor=county.staff, activity=activity)
    pdf = SimpleUploadedFile("补充.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(f"{API}/activities/{activity.pk}/evidence", {"file": pdf},
                           **bearer(county.admin_b))
    assert response.status_code == 422 and "已通过" in response.json()["detail"]
