"""Each role lands on a page of its own: unit, duties, 包抓 units and what to do next."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zeren.org import services
from zeren.org.models import Position
from zeren.testing import build_county

USERNAMES = ["sysadmin", "secadmin", "auditor", "leader", "staff", "admin_d1",
             "admin_a", "member_a", "admin_b", "member_b"]


def landing(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def next_step_urls(response) -> set[str]:
    return {step["url"] for step in response.context["next_steps"]}


@pytest.mark.parametrize("username", USERNAMES)
def test_every_county_user_lands_on_a_page_with_their_unit(client, county, username):
    user = county.users[username]
    html = landing(client, user).content.decode()
    assert user.unit.name in html
    assert user.display_name in html


def test_unit_admin_is_offered_their_own_unit_and_its_people(client, county):
    response = landing(client, county.admin_a)
    urls = next_step_urls(response)
    assert reverse("org:unit_detail", args=[county.school_a.pk]) in urls
    assert reverse("org:person_list") in urls
    assert reverse("accounts:user_list") not in urls
    assert "本单位组织机构" in response.content.decode()


def test_sysadmin_is_offered_account_management(client, county):
    urls = next_step_urls(landing(client, county.sysadmin))
    assert reverse("accounts:user_list") in urls
    assert reverse("audit:event_list") not in urls


def test_secadmin_is_offered_roles_and_scopes_and_no_business_data(client, county):
    response = landing(client, county.secadmin)
    urls = next_step_urls(response)
    assert reverse("accounts:grant_list") in urls
    assert reverse("org:unit_tree") not in urls
    assert "您的角色不查看业务数据" in response.content.decode()


def test_auditor_is_offered_the_audit_log_only(client, county):
    urls = next_step_urls(landing(client, county.auditor))
    assert reverse("audit:event_list") in urls
    assert reverse("org:unit_tree") not in urls
    assert reverse("accounts:user_list") not in urls


def test_leader_sees_their_baozhua_units_highlighted_first(client, county):
    services.assignment_create(actor=None, leader=county.people["leader"], unit=county.school_b)
    html = landing(client, county.leader).content.decode()
    card = html[html.index('id="home-assignments"') - 80:html.index('id="home-unit-card"')]
    assert "card-highlight" in card
    assert "乙小学" in card
    assert reverse("org:unit_detail", args=[county.school_b.pk]) in card
    assert html.index("我包抓的单位") < html.index("我的单位")


def test_member_sees_their_own_positions(client, county):
    services.position_create(actor=None, person=county.people["member_a"],
                             unit=county.school_a, role=Position.Role.PUBLICIST)
    html = landing(client, county.member_a).content.decode()
    card = html[html.index('id="home-positions"'):]
    assert "宣传员" in card
    assert "甲中学" in card
    assert "我包抓的单位" not in html  # a member answers for no units


def test_school_b_admin_landing_never_names_school_a(client, county):
    html = landing(client, county.admin_b).content.decode()
    assert "乙小学" in html
    assert "甲中学" not in html
    assert reverse("org:unit_detail", args=[county.school_a.pk]) not in html


def test_ended_position_is_not_listed(client, county):
    import datetime

    position = services.position_create(
        actor=None, person=county.people["member_a"], unit=county.school_a,
        role=Position.Role.SUPERVISOR, start_date=datetime.date(2020, 1, 1))
    services.position_end(actor=None, position=position, end_date=datetime.date(2020, 12, 31))
    html = landing(client, county.member_a).content.decode()
    assert "舆情监督员" not in html


def _landing_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_landing_page_query_count_is_bounded_and_does_not_grow_with_the_county(
    client, django_assert_max_num_queries
):
    county = build_county()
    leader = county.people["leader"]
    services.assignment_create(actor=None, leader=leader, unit=county.school_a)
    services.position_create(actor=None, person=leader, unit=county.bureau,
                             role=Position.Role.GROUP_LEADER)
    small = _landing_queries(client, county.leader)

    for i in range(8):
        unit = services.unit_create(actor=None, parent=county.district_1, name=f"新学校{i}",
                                    code=f"T-N{i}", type="school")
        services.assignment_create(actor=None, leader=leader, unit=unit)
        services.position_create(actor=None, person=leader, unit=unit,
                                 role=Position.Role.GROUP_MEMBER)
    assert _landing_queries(client, county.leader) == small

    with django_assert_max_num_queries(20):
        client.get("/")
