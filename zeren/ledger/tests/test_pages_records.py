"""Commitment, article and team pages."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zeren.ledger import services
from zeren.ledger.models import Article, Commitment, Evidence, Fulfilment, Team


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    return tmp_path / "media"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 0)).save(out, format="JPEG")
    return out.getvalue()


# Commitments -----------------------------------------------------------------------------

def test_member_keeps_their_own_commitment_with_a_fulfilment_photo(client, county):
    client.force_login(county.member_a)
    assert client.get(reverse("ledger:commitment_create")).status_code == 200
    response = client.post(reverse("ledger:commitment_create"), {
        "person": county.people["admin_a"].pk, "year": 2023, "promise": "冒名承诺"})
    assert "person" in response.context["form"].errors  # only their own person is offered
    client.post(reverse("ledger:commitment_create"), {
        "person": county.people["member_a"].pk, "year": 2023, "promise": "每月读一本书"})
    commitment = Commitment.objects.get()
    url = reverse("ledger:fulfilment_add", args=[commitment.pk])
    client.post(url, {"date": "2023-05-01", "description": "读完《习近平谈治国理政》",
                      "files": [SimpleUploadedFile("读书笔记.jpg", jpeg())]})
    entry = Fulfilment.objects.get()
    assert entry.evidence.get().original_name == "读书笔记.jpg"
    page = client.get(reverse("ledger:commitment_detail", args=[commitment.pk])).content
    assert "读书笔记.jpg" in page.decode()


def test_fulfilment_with_a_bad_file_saves_nothing(client, county):
    commitment = services.commitment_create(actor=None, person=county.people["member_a"],
                                            year=2023, promise="带头学习")
    client.force_login(county.member_a)
    response = client.post(reverse("ledger:fulfilment_add", args=[commitment.pk]), {
        "date": "2023-05-01", "description": "已学习",
        "files": [SimpleUploadedFile("照片.jpg", b"<?php echo 1; ?>")]})
    assert "照片.jpg" in response.content.decode()
    assert not Fulfilment.objects.exists() and not Evidence.objects.exists()


def test_members_see_only_their_own_commitments_admins_their_units(client, county):
    own = services.commitment_create(actor=None, person=county.people["member_a"], year=2023,
                                     promise="我的承诺")
    other = services.commitment_create(actor=None, person=county.people["admin_a"], year=2023,
                                       promise="同事承诺")
    client.force_login(county.member_a)
    page = client.get(reverse("ledger:commitment_list")).content.decode()
    assert "我的承诺" in page and "同事承诺" not in page
    assert client.get(reverse("ledger:commitment_detail", args=[other.pk])).status_code == 404
    client.force_login(county.admin_a)
    page = client.get(reverse("ledger:commitment_list"), {"year": 2023}).content.decode()
    assert "我的承诺" in page and "同事承诺" in page
    client.force_login(county.admin_b)
    assert client.get(reverse("ledger:commitment_detail", args=[own.pk])).status_code == 404
    assert "我的承诺" not in client.get(reverse("ledger:commitment_list")).content.decode()


def test_commitment_edit_conflict(client, county):
    commitment = services.commitment_create(actor=None, person=county.people["member_a"],
                                            year=2023, promise="带头学习")
    client.force_login(county.member_a)
    url = reverse("ledger:commitment_edit", args=[commitment.pk])
    data = {"year": 2023, "promise": "带头学习", "status": "kept", "version": commitment.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "status": "not_kept"})
    assert "已被他人修改" in response.content.decode()
    assert Commitment.objects.get().status == "kept"


# Articles --------------------------------------------------------------------------------

def test_article_record_filter_edit_and_delete(client, county):
    client.force_login(county.admin_a)
    client.post(reverse("ledger:article_create"), {
        "title": "我校开展读书月", "unit": county.school_a.pk, "author": "周甲",
        "platform": "xuexi", "submitted_date": "2023-04-01", "is_adopted": "on",
        "adopted_date": "2023-04-03", "files": [SimpleUploadedFile("截图.jpg", jpeg())]})
    article = Article.objects.get()
    assert article.evidence.get().original_name == "截图.jpg"
    url = reverse("ledger:article_list")
    assert client.get(url, {"platform": "xuexi", "adopted": "1"}).context["page"].object_list
    assert not client.get(url, {"platform": "county_media"}).context["page"].object_list
    assert not client.get(url, {"adopted": "0"}).context["page"].object_list
    edit = reverse("ledger:article_edit", args=[article.pk])
    response = client.post(edit, {
        "title": "我校开展读书月", "unit": county.school_a.pk, "platform": "xuexi",
        "submitted_date": "2023-04-01", "is_adopted": "on", "version": article.version})
    assert "已采用的稿件请填写采用日期" in response.content.decode()
    client.post(reverse("ledger:article_delete", args=[article.pk]))
    assert not client.get(url).context["page"].object_list


def test_school_b_admin_gets_404_on_school_a_article(client, county):
    article = services.article_create(actor=None, title="甲中学来稿", unit=county.school_a,
                                      platform="xuexi", submitted_date=datetime.date(2023, 4, 1))
    client.force_login(county.admin_b)
    assert client.get(reverse("ledger:article_edit", args=[article.pk])).status_code == 404
    assert "甲中学来稿" not in client.get(reverse("ledger:article_list")).content.decode()


def test_member_reads_articles_but_cannot_record(client, county):
    client.force_login(county.member_a)
    assert client.get(reverse("ledger:article_list")).status_code == 200
    assert client.get(reverse("ledger:article_create")).status_code == 403


# Teams -----------------------------------------------------------------------------------

def test_team_create_edit_members_and_activities(client, county, record):
    activity = record(county.school_a, code="team_activity", by=county.admin_a,
                      title="宣传队进社区")
    client.force_login(county.admin_a)
    client.post(reverse("ledger:team_create"), {
        "name": "甲中学红色宣讲队", "unit": county.school_a.pk,
        "leader": county.people["admin_a"].pk, "members": [county.people["member_a"].pk]})
    team = Team.objects.get()
    edit = reverse("ledger:team_edit", args=[team.pk])
    assert f'value="{activity.pk}"' in client.get(edit).content.decode()
    client.post(edit, {"name": team.name, "leader": county.people["admin_a"].pk,
                       "members": [county.people["member_a"].pk, county.people["admin_a"].pk],
                       "activities": [activity.pk], "is_active": "on",
                       "version": team.version})
    assert set(team.members.all()) == {county.people["member_a"], county.people["admin_a"]}
    page = client.get(reverse("ledger:team_detail", args=[team.pk])).content.decode()
    assert "宣传队进社区" in page and "吴甲" in page
    listing = client.get(reverse("ledger:team_list")).content.decode()
    assert "甲中学红色宣讲队" in listing


def test_team_members_of_another_school_are_refused(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("ledger:team_create"), {
        "name": "越权队", "unit": county.school_a.pk, "members": [county.people["member_b"].pk]})
    assert "members" in response.context["form"].errors
    assert not Team.objects.exists()


def test_school_b_admin_gets_404_on_school_a_team(client, county):
    team = services.team_create(actor=None, name="甲中学宣传队", unit=county.school_a)
    client.force_login(county.admin_b)
    assert client.get(reverse("ledger:team_detail", args=[team.pk])).status_code == 404
    assert client.get(reverse("ledger:team_edit", args=[team.pk])).status_code == 404
    assert "甲中学宣传队" not in client.get(reverse("ledger:team_list")).content.decode()
