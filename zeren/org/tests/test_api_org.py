"""The REST API: who may call it, what each caller sees (same scoping as the pages)."""

import json

import pytest
from django.test import Client

from zeren.core.models import AuditEvent
from zeren.org import accounts, services
from zeren.org.models import Person, Position, Unit, User

SCHOOL_A_MARKERS = ("甲中学", "T-SA", "周甲", "吴甲")


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def token_for(user):
    _, key = accounts.token_create(user=user, name="测试")
    return key


def patch(client, url, data, **extra):
    return client.patch(url, json.dumps(data), content_type="application/json", **extra)


def post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


# Authentication ---------------------------------------------------------------------------

def test_token_holder_reads_who_they_are(client, county):
    key = token_for(county.admin_b)
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "admin_b"
    assert body["scope_unit"]["name"] == "乙小学"
    assert body["roles"] == ["unit_admin"]


def test_revoked_token_is_refused_with_401(client, county):
    token, key = accounts.token_create(user=county.admin_b, name="临时")
    accounts.token_revoke(user=county.admin_b, token=token)
    response = client.get("/api/v1/units", **bearer(key))
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_unknown_token_is_refused_even_with_a_session(client, county):
    client.force_login(county.admin_b)
    assert client.get("/api/v1/me", **bearer("zrn_not-a-real-token")).status_code == 401


def test_anonymous_caller_gets_401(client, county):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/units").status_code == 401
    assert post(client, "/api/v1/units", {}).status_code == 401


def test_session_user_reads_the_api(client, county):
    client.force_login(county.admin_a)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "admin_a"


def test_session_write_without_csrf_token_is_refused(county):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(county.staff)
    response = post(browser, "/api/v1/units", {
        "name": "新学校", "code": "T-NEW", "type": "school", "parent_id": county.district_1.pk,
    })
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Unit.objects.filter(code="T-NEW").exists()


def test_token_write_needs_no_csrf_token(county):
    integration = Client(enforce_csrf_checks=True)
    response = post(integration, "/api/v1/units", {
        "name": "新学校", "code": "T-NEW", "type": "school", "parent_id": county.district_1.pk,
    }, **bearer(token_for(county.staff)))
    assert response.status_code == 201, response.content


def test_auditor_cannot_read_org_data_through_the_api(client, county):
    response = client.get("/api/v1/units", **bearer(token_for(county.auditor)))
    assert response.status_code == 403


# Scoping ----------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["token", "session"])
def test_school_b_user_cannot_open_school_a_unit_or_person(client, county, how):
    extra = {}
    if how == "token":
        extra = bearer(token_for(county.admin_b))
    else:
        client.force_login(county.admin_b)
    person_a = county.people["admin_a"]
    for url in (f"/api/v1/units/{county.school_a.pk}",
                f"/api/v1/units/{county.school_a.pk}/positions",
                f"/api/v1/people/{person_a.pk}"):
        response = client.get(url, **extra)
        assert response.status_code == 404, url
        assert not any(m in response.content.decode() for m in SCHOOL_A_MARKERS)
    edit = patch(client, f"/api/v1/units/{county.school_a.pk}",
                 {"version": county.school_a.version, "name": "改名"}, **extra)
    assert edit.status_code == 404
    edit = patch(client, f"/api/v1/people/{person_a.pk}",
                 {"version": person_a.version, "name": "改名"}, **extra)
    assert edit.status_code == 404
    assert Unit.objects.get(pk=county.school_a.pk).name == "甲中学"


def test_school_b_user_lists_and_totals_exclude_school_a(client, county):
    extra = bearer(token_for(county.admin_b))
    units = client.get("/api/v1/units", **extra).json()
    assert units["count"] == 2
    assert {u["name"] for u in units["items"]} == {"乙小学", "乙小学党支部"}
    people = client.get("/api/v1/people", **extra).json()
    assert people["count"] == Person.objects.filter(unit=county.school_b).count()
    assert not any(m in json.dumps(people, ensure_ascii=False) for m in SCHOOL_A_MARKERS)
    # Naming school A's unit as a filter finds nothing rather than school A's people.
    filtered = client.get(f"/api/v1/people?unit={county.school_a.pk}", **extra).json()
    assert filtered == {"items": [], "count": 0}


def test_school_b_admin_cannot_create_under_school_a(client, county):
    response = post(client, "/api/v1/people", {"name": "新人", "unit_id": county.school_a.pk},
                    **bearer(token_for(county.admin_b)))
    assert response.status_code == 422
    assert "所在单位" in response.json()["detail"]
    assert not Person.objects.filter(name="新人").exists()


def test_bureau_leader_filters_units_by_type_parent_and_active(client, county):
    extra = bearer(token_for(county.leader))
    schools = client.get("/api/v1/units?type=school", **extra).json()
    assert schools["count"] == 2
    children = client.get(f"/api/v1/units?parent={county.bureau.pk}", **extra).json()
    assert {u["name"] for u in children["items"]} == {"第一学区", "第二学区"}
    assert client.get("/api/v1/units?active=false", **extra).json()["count"] == 0
    page = client.get("/api/v1/units?limit=3&offset=3", **extra).json()
    assert page["count"] == 7 and len(page["items"]) == 3


def test_people_filter_by_unit_subtree_and_name(client, county):
    extra = bearer(token_for(county.leader))
    district = client.get(f"/api/v1/people?unit={county.district_1.pk}", **extra).json()
    assert {p["name"] for p in district["items"]} == {"陈学区", "周甲", "吴甲"}
    named = client.get("/api/v1/people?name=周", **extra).json()
    assert [p["name"] for p in named["items"]] == ["周甲"]


def test_phone_numbers_leave_the_api_masked(client, county):
    extra = bearer(token_for(county.admin_a))
    person = county.people["member_a"]
    listed = client.get("/api/v1/people", **extra)
    detail = client.get(f"/api/v1/people/{person.pk}", **extra)
    assert "13812345678" not in listed.content.decode()
    assert "13812345678" not in detail.content.decode()
    assert detail.json()["phone"] == "138****5678"
    created = post(client, "/api/v1/people",
                   {"name": "新老师", "unit_id": county.school_a.pk, "phone": "13987654321"},
                   **extra)
    assert created.status_code == 201
    assert created.json()["phone"] == "139****4321"


def test_unit_positions_lists_the_leadership_group(client, county):
    services.position_create(actor=None, person=county.people["admin_a"], unit=county.school_a,
                             role=Position.Role.GROUP_LEADER)
    response = client.get(f"/api/v1/units/{county.school_a.pk}/positions",
                          **bearer(token_for(county.admin_a)))
    assert response.status_code == 200
    assert response.json()[0]["person"]["name"] == "周甲"
    assert response.json()[0]["role_label"] == "领导小组组长"


# Writes -----------------------------------------------------------------------------------

def test_unit_admin_creates_a_branch_and_it_is_audited(client, county):
    response = post(client, "/api/v1/units", {
        "name": "甲中学第二党支部", "code": "T-SA-B2", "type": "branch",
        "parent_id": county.school_a.pk,
    }, **bearer(token_for(county.admin_a)))
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(code="T-SA-B2")
    assert unit.parent == county.school_a
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(unit.pk),
                                     username="admin_a").exists()


def test_member_lacking_capability_gets_403(client, county):
    extra = bearer(token_for(county.member_a))
    response = patch(client, f"/api/v1/units/{county.school_a.pk}",
                     {"version": county.school_a.version, "name": "改名"}, **extra)
    assert response.status_code == 403
    assert post(client, "/api/v1/people", {"name": "新人", "unit_id": county.school_a.pk},
                **extra).status_code == 403


def test_patch_with_a_stale_version_is_a_409_conflict(client, county):
    extra = bearer(token_for(county.admin_a))
    unit = county.school_a
    first = patch(client, f"/api/v1/units/{unit.pk}", {"version": unit.version, "order": 5},
                  **extra)
    assert first.status_code == 200
    assert first.json()["version"] == unit.version + 1
    second = patch(client, f"/api/v1/units/{unit.pk}", {"version": unit.version, "name": "旧名"},
                   **extra)
    assert second.status_code == 409
    assert "已被他人修改" in second.json()["detail"]
    assert Unit.objects.get(pk=unit.pk).name == "甲中学"


def test_person_patch_conflict_and_success(client, county):
    extra = bearer(token_for(county.admin_a))
    person = county.people["member_a"]
    ok = patch(client, f"/api/v1/people/{person.pk}",
               {"version": person.version, "title": "教师", "is_party_member": False}, **extra)
    assert ok.status_code == 200, ok.content
    assert ok.json()["title"] == "教师"
    stale = patch(client, f"/api/v1/people/{person.pk}",
                  {"version": person.version, "title": "校长"}, **extra)
    assert stale.status_code == 409
    assert Person.objects.get(pk=person.pk).title == "教师"


def test_duplicate_unit_code_is_a_422_in_chinese(client, county):
    response = post(client, "/api/v1/units", {
        "name": "重复", "code": "T-SA", "type": "branch", "parent_id": county.school_a.pk,
    }, **bearer(token_for(county.admin_a)))
    assert response.status_code == 422
    body = response.json()
    assert "编码" in body["detail"]
    assert "code" in body["errors"]


def test_malformed_request_is_a_422_naming_the_field(client, county):
    response = post(client, "/api/v1/units", {"name": "缺编码", "type": "school",
                                              "parent_id": county.district_1.pk},
                    **bearer(token_for(county.staff)))
    assert response.status_code == 422
    assert "code" in response.json()["detail"]
    assert "必填" in response.json()["detail"]


# Lists stay cheap -------------------------------------------------------------------------

def test_lists_do_not_grow_queries_with_rows(client, county, django_assert_max_num_queries):
    for i in range(30):
        services.person_create(actor=None, unit=county.school_a, name=f"教师{i}",
                               phone="13800000000")
        services.position_create(actor=None, person=county.people["admin_a"],
                                 unit=county.school_a, role=Position.Role.SUPERVISOR)
    for i in range(10):
        services.unit_create(actor=None, parent=county.school_a, name=f"支部{i}",
                             code=f"T-SA-X{i}", type=Unit.Type.BRANCH)
    extra = bearer(token_for(county.leader))
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/people?limit=100", **extra).json()["count"] >= 40
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/units?limit=100", **extra).json()["count"] == 17
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/units/{county.school_a.pk}/positions", **extra)
        assert len(response.json()) == 30


# Schema and docs --------------------------------------------------------------------------

def test_openapi_schema_lists_the_routes(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/me", "/api/v1/units", "/api/v1/units/{id}",
                 "/api/v1/units/{id}/positions", "/api/v1/people", "/api/v1/people/{id}"):
        assert path in paths
    assert set(paths["/api/v1/units/{id}"]) == {"get", "patch"}


def test_docs_page_loads_nothing_from_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html


def test_session_user_who_must_change_password_is_sent_away(client, county):
    User.objects.filter(pk=county.member_a.pk).update(must_change_password=True)
    client.force_login(User.objects.get(pk=county.member_a.pk))
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert "修改初始密码" in response.json()["detail"]
