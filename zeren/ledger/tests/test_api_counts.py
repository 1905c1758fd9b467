"""GET /api/v1/ledger/counts: the counting service's figures, scoped."""

import datetime

import pytest

from zeren.ledger import services
from zeren.ledger.models import Activity, Article
from zeren.org import accounts
from zeren.org import services as org_services
from zeren.org.models import Position
from zeren.reports import counting

API = "/api/v1/ledger/counts"
PERIOD = {"start": "2023-01-01", "end": "2023-07-31"}


@pytest.fixture
def bearer(county):
    def _bearer(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {accounts.token_create(user=user, name='t')[1]}"}

    return _bearer


def approved(record, unit, county, code="reading", **fields):
    activity = record(unit, code=code, submit=True, **fields)
    return services.activity_approve(actor=county.staff, activity=activity)


@pytest.fixture
def ledger(county, record):
    for unit in (county.school_a, county.school_b, county.branch_b):
        approved(record, unit, county)
        approved(record, unit, county, code="lecture", venue=Activity.Venue.COMMUNITY,
                 participants=50)
    approved(record, county.school_a, county, code="festival",
             festival=Activity.Festival.DRAGON_BOAT)
    approved(record, county.school_b, county, code="ideology_class", round_no=2)
    record(county.school_b, title="草稿不计")
    approved(record, county.school_b, county, date=datetime.date(2022, 12, 31))
    for unit in (county.school_a, county.school_b):
        services.article_create(actor=None, title="稿件", unit=unit, platform="xuexi",
                                submitted_date=datetime.date(2023, 4, 1), is_adopted=True,
                                adopted_date=datetime.date(2023, 4, 2))
    services.team_create(actor=None, name="乙小学宣传队", unit=county.school_b,
                         members=[county.people["admin_b"], county.people["member_b"]])
    services.team_create(actor=None, name="甲中学宣传队", unit=county.school_a,
                         members=[county.people["admin_a"]])
    org_services.position_create(actor=None, person=county.people["member_a"],
                                 unit=county.school_a, role=Position.Role.SUPERVISOR)
    services.commitment_create(actor=None, person=county.people["member_b"], year=2023,
                               promise="按时参加学习")


def expected(user, unit) -> dict:
    s = counting.summary(user, unit, counting.Period(datetime.date(2023, 1, 1),
                                                     datetime.date(2023, 7, 31)))
    return {
        "areas": {a.area.code: (a.count, a.participants) for a in s.areas},
        "categories": {c.category.code: (c.count, c.participants, c.figure)
                       for c in s.categories},
        "venues": s.venues, "festivals": s.festivals, "articles": s.articles,
        "teams": s.teams, "roles": s.roles, "commitments": s.commitments,
    }


def as_seen(data: dict) -> dict:
    return {
        "areas": {a["code"]: (a["count"], a["participants"]) for a in data["areas"]},
        "categories": {c["code"]: (c["count"], c["participants"], c["figure"])
                       for a in data["areas"] for c in a["categories"]},
        **{k: data[k] for k in ("venues", "festivals", "articles", "teams", "roles",
                                "commitments")},
    }


def test_counts_equal_the_counting_service_for_the_same_unit_and_period(client, county,
                                                                         ledger, bearer):
    response = client.get(API, {**PERIOD, "unit": county.bureau.pk}, **bearer(county.staff))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["unit"]["id"] == county.bureau.pk
    assert as_seen(data) == expected(county.staff, county.bureau)
    assert as_seen(data)["categories"]["lecture"][:2] == (3, 150)
    assert data["venues"] == {"community": 3}
    assert data["articles"] == {"xuexi": {"submitted": 2, "adopted": 2}}


def test_school_b_token_counts_exclude_school_a(client, county, ledger, bearer):
    response = client.get(API, PERIOD, **bearer(county.admin_b))
    data = response.json()
    assert data["unit"]["id"] == county.school_b.pk  # defaults to the scope unit
    assert as_seen(data) == expected(county.admin_b, county.school_b)
    seen = as_seen(data)
    assert seen["categories"]["reading"][0] == 2  # school B and its branch, not school A
    assert seen["categories"]["ideology_class"][2] == 1
    assert data["festivals"] == {} and data["roles"] == {}
    assert data["teams"] == {"teams": 1, "members": 2}
    assert data["articles"] == {"xuexi": {"submitted": 1, "adopted": 1}}
    assert "甲中学" not in response.content.decode()


def test_unit_outside_scope_is_404(client, county, ledger, bearer):
    auth = bearer(county.admin_b)
    assert client.get(API, {**PERIOD, "unit": county.school_a.pk}, **auth).status_code == 404
    assert client.get(API, {**PERIOD, "unit": county.bureau.pk}, **auth).status_code == 404


def test_bad_period_is_422(client, county, bearer):
    response = client.get(API, {"start": "2023-08-01", "end": "2023-01-01"},
                          **bearer(county.staff))
    assert response.status_code == 422 and "开始日期" in response.json()["detail"]
    response = client.get(API, {"start": "去年"}, **bearer(county.staff))
    assert response.status_code == 422


def test_default_period_is_this_year(client, county, bearer):
    data = client.get(API, **bearer(county.staff)).json()
    today = datetime.date.today()
    assert data["start"] == f"{today.year}-01-01" and data["end"] == today.isoformat()


def test_counts_take_a_fixed_number_of_queries(client, county, ledger, bearer,
                                               django_assert_max_num_queries):
    auth = bearer(county.staff)
    with django_assert_max_num_queries(20):
        assert client.get(API, PERIOD, **auth).status_code == 200
    assert Article.objects.count() == 2
