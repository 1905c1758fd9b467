"""The ledger API's commitments, articles and teams: scoped CRUD, conflicts, no N+1."""

import datetime

import pytest

from zeren.ledger import services
from zeren.ledger.models import Article, Commitment, Team
from zeren.org import accounts
from zeren.org import services as org_services

API = "/api/v1/ledger"
JSON = "application/json"


@pytest.fixture
def bearer(county):
    def _bearer(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {accounts.token_create(user=user, name='t')[1]}"}

    return _bearer


def article(unit, title="稿件", **fields):
    data = {"platform": Article.Platform.XUEXI, "submitted_date": datetime.date(2023, 4, 1)}
    data.update(fields)
    return services.article_create(actor=None, title=title, unit=unit, **data)


def test_articles_scoped_crud_and_conflict(client, county, bearer):
    school_a = article(county.school_a, "甲中学稿件")
    auth = bearer(county.admin_b)
    assert client.get(f"{API}/articles/{school_a.pk}", **auth).status_code == 404
    assert client.delete(f"{API}/articles/{school_a.pk}", **auth).status_code == 404
    created = client.post(f"{API}/articles", {
        "title": "乙小学稿件", "unit_id": county.school_b.pk, "platform": "county_media",
        "submitted_date": "2023-05-01"}, content_type=JSON, **auth)
    assert created.status_code == 201, created.content
    data = created.json()
    listed = client.get(f"{API}/articles", **auth).json()
    assert listed["count"] == 1 and "甲中学" not in str(listed)
    url = f"{API}/articles/{data['id']}"
    adopted = client.patch(url, {"version": data["version"], "is_adopted": True,
                                 "adopted_date": "2023-05-03"}, content_type=JSON, **auth)
    assert adopted.status_code == 200 and adopted.json()["is_adopted"] is True
    stale = client.patch(url, {"version": data["version"], "title": "旧"}, content_type=JSON,
                         **auth)
    assert stale.status_code == 409
    missing_date = client.patch(url, {"version": adopted.json()["version"],
                                      "adopted_date": None}, content_type=JSON, **auth)
    assert missing_date.status_code == 422 and "采用日期" in missing_date.json()["detail"]
    assert client.delete(url, **auth).status_code == 204
    assert client.get(f"{API}/articles", **auth).json()["count"] == 0
    outside = client.post(f"{API}/articles", {
        "title": "越权", "unit_id": county.school_a.pk, "platform": "xuexi",
        "submitted_date": "2023-05-01"}, content_type=JSON, **auth)
    assert outside.status_code == 422
    assert Article.objects.filter(unit=county.school_a).count() == 1


def test_commitments_scoped_and_members_see_their_own(client, county, bearer):
    services.commitment_create(actor=None, person=county.people["admin_a"], year=2023,
                               promise="甲中学承诺")
    own = services.commitment_create(actor=None, person=county.people["member_b"], year=2023,
                                     promise="按时学习")
    other = services.commitment_create(actor=None, person=county.people["admin_b"], year=2023,
                                       promise="带头宣讲")
    admin = client.get(f"{API}/commitments", **bearer(county.admin_b)).json()
    assert admin["count"] == 2 and "甲中学" not in str(admin)
    member = bearer(county.member_b)
    assert client.get(f"{API}/commitments", **member).json()["count"] == 1
    assert client.get(f"{API}/commitments/{other.pk}", **member).status_code == 404
    changed = client.patch(f"{API}/commitments/{own.pk}", {"version": own.version,
                                                           "status": "kept"},
                           content_type=JSON, **member)
    assert changed.status_code == 200 and changed.json()["status"] == "kept"
    refused = client.post(f"{API}/commitments", {"person_id": county.people["admin_b"].pk,
                                                 "year": 2023, "promise": "替别人承诺"},
                          content_type=JSON, **member)
    assert refused.status_code == 403
    created = client.post(f"{API}/commitments", {"person_id": county.people["member_b"].pk,
                                                 "year": 2024, "promise": "读两本书"},
                          content_type=JSON, **member)
    assert created.status_code == 201
    assert Commitment.objects.filter(person=county.people["member_b"]).count() == 2


def test_teams_scoped_crud_and_soft_delete(client, county, record, bearer):
    school_a = services.team_create(actor=None, name="甲中学宣传队", unit=county.school_a)
    auth = bearer(county.admin_b)
    assert client.get(f"{API}/teams/{school_a.pk}", **auth).status_code == 404
    activity = record(county.school_b, code="team_activity")
    created = client.post(f"{API}/teams", {
        "name": "乙小学宣传队", "unit_id": county.school_b.pk,
        "leader_id": county.people["admin_b"].pk,
        "member_ids": [county.people["admin_b"].pk, county.people["member_b"].pk],
        "activity_ids": [activity.pk]}, content_type=JSON, **auth)
    assert created.status_code == 201, created.content
    data = created.json()
    assert [m["name"] for m in data["members"]] == sorted(["郑乙", "孙乙"])
    assert data["activity_ids"] == [activity.pk]
    outsider = client.patch(f"{API}/teams/{data['id']}", {
        "version": data["version"], "member_ids": [county.people["admin_a"].pk]},
        content_type=JSON, **auth)
    assert outsider.status_code == 422 and "队员" in outsider.json()["detail"]
    assert client.delete(f"{API}/teams/{data['id']}", **auth).status_code == 204
    assert Team.objects.get(pk=data["id"]).is_active is False
    listed = client.get(f"{API}/teams", **auth).json()
    assert listed["count"] == 1 and "甲中学" not in str(listed)


def test_lists_have_no_n_plus_one(client, county, bearer, django_assert_max_num_queries):
    people = [org_services.person_create(actor=None, unit=county.school_b, name=f"队员{i}")
              for i in range(5)]
    for i in range(15):
        services.team_create(actor=None, name=f"宣传队{i}", unit=county.school_b, members=people)
        article(county.school_b, f"稿件{i}")
        services.commitment_create(actor=None, person=people[i % 5], year=2023,
                                   promise=f"承诺{i}")
    auth = bearer(county.admin_b)
    for path in ("teams", "articles", "commitments"):
        with django_assert_max_num_queries(12):
            response = client.get(f"{API}/{path}", {"limit": 100}, **auth)
        assert response.json()["count"] == 15, path
