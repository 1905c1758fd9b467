"""Roles and data scopes: only the 安全管理员 grants, never beyond their own scope; 三员分立."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zeren.core.models import AuditEvent
from zeren.org import accounts
from zeren.org.models import RoleGrant, User
from zeren.org.roles import Role

A = AuditEvent.Action


@pytest.fixture
def district_secadmin(county):
    """A 安全管理员 whose data scope is 第一学区 only."""
    user = accounts.user_create(actor=None, username="sec_d1", unit=county.district_1,
                                password="Zeren#2026pass", must_change_password=False)
    accounts.role_grant(actor=None, user=user, role=Role.SECADMIN)
    accounts.scope_set(actor=None, user=user, scope=county.district_1)
    return User.objects.get(pk=user.pk)


def _roles(user):
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def _post(client, user, roles, scope=None, version=None):
    user.refresh_from_db()
    data = {"version": version if version is not None else user.version, "roles": roles}
    if scope is not None:
        data["scope"] = scope
    return client.post(f"/accounts/grants/{user.pk}/", data)


def test_secadmin_lists_accounts_with_roles_and_scope(login, county,
                                                      django_assert_max_num_queries):
    client = login(county.secadmin)
    with django_assert_max_num_queries(16):
        page = client.get("/accounts/grants/").content.decode()
    assert "admin_a" in page and "单位管理员" in page and "测试县教育局党委" in page


@pytest.mark.parametrize("who", ["sysadmin", "staff", "auditor", "leader", "admin_a"])
def test_only_the_secadmin_may_open_grant_pages(login, county, who):
    client = login(county.users[who])
    assert client.get("/accounts/grants/").status_code == 403
    assert client.get(f"/accounts/grants/{county.member_a.pk}/").status_code == 403
    response = _post(client, county.member_a, [Role.MEMBER, Role.LEADER])
    assert response.status_code == 403
    assert _roles(county.member_a) == {Role.MEMBER}


@pytest.mark.parametrize("who", ["sysadmin", "staff"])
def test_grant_services_refuse_anyone_but_the_secadmin(county, who):
    actor = county.users[who]
    with pytest.raises(PermissionDenied):
        accounts.role_grant(actor=actor, user=county.member_a, role=Role.LEADER)
    with pytest.raises(PermissionDenied):
        accounts.role_revoke(actor=actor, user=county.member_a, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        accounts.scope_set(actor=actor, user=county.member_a, scope=county.bureau)
    assert _roles(county.member_a) == {Role.MEMBER}


def test_secadmin_grants_and_revokes_roles_and_sets_scope(login, county):
    client = login(county.secadmin)
    response = _post(client, county.member_a, [Role.UNIT_ADMIN], scope=county.district_1.pk)
    assert response.status_code == 302
    user = User.objects.get(pk=county.member_a.pk)
    assert _roles(user) == {Role.UNIT_ADMIN}
    assert user.scope == county.district_1
    events = AuditEvent.objects.filter(object_id=str(user.pk), username="secadmin")
    assert events.filter(action=A.ROLE_GRANT, after={"role": Role.UNIT_ADMIN}).exists()
    assert events.filter(action=A.ROLE_REVOKE, before={"role": Role.MEMBER}).exists()
    assert events.filter(action=A.SCOPE_CHANGE, after={"scope": county.district_1.pk}).exists()


def test_three_admin_roles_never_meet_on_one_account(login, county):
    client = login(county.secadmin)
    response = _post(client, county.sysadmin, [Role.SYSADMIN, Role.AUDITOR])
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert _roles(county.sysadmin) == {Role.SYSADMIN}
    with pytest.raises(ValidationError, match="三员分立"):
        accounts.role_grant(actor=county.secadmin, user=county.auditor, role=Role.SECADMIN)
    assert _roles(county.auditor) == {Role.AUDITOR}


def test_a_clash_rolls_back_every_change_of_the_form(login, county):
    before = User.objects.get(pk=county.sysadmin.pk)
    response = _post(login(county.secadmin), county.sysadmin,
                     [Role.SYSADMIN, Role.AUDITOR, Role.LEADER], scope=county.district_2.pk)
    assert response.status_code == 200
    after = User.objects.get(pk=county.sysadmin.pk)
    assert _roles(after) == {Role.SYSADMIN}
    assert after.scope_id == before.scope_id and after.version == before.version
    assert not AuditEvent.objects.filter(action=A.ROLE_GRANT, username="secadmin").exists()


def test_swapping_one_admin_role_for_another_works(login, county):
    _post(login(county.secadmin), county.sysadmin, [Role.AUDITOR])
    assert _roles(county.sysadmin) == {Role.AUDITOR}


def test_crafted_unit_id_outside_the_granters_scope_is_refused(login, county, district_secadmin):
    client = login(district_secadmin)
    before = User.objects.get(pk=county.admin_a.pk)
    response = _post(client, county.admin_a, [Role.UNIT_ADMIN], scope=county.bureau.pk)
    assert response.status_code == 200
    assert "不在您的数据范围内" in response.content.decode()
    after = User.objects.get(pk=county.admin_a.pk)
    assert after.scope_id == before.scope_id is None and after.version == before.version
    assert not AuditEvent.objects.filter(action=A.SCOPE_CHANGE, username="sec_d1").exists()


def test_district_secadmin_cannot_grant_bureau_scope_through_the_service(county,
                                                                          district_secadmin):
    with pytest.raises(ValidationError, match="超出您自己数据范围"):
        accounts.scope_set(actor=district_secadmin, user=county.admin_a, scope=county.bureau)
    assert User.objects.get(pk=county.admin_a.pk).scope_id is None


def test_district_secadmin_unit_picker_offers_only_their_subtree(login, county,
                                                                 district_secadmin):
    page = login(district_secadmin).get(f"/accounts/grants/{county.admin_a.pk}/")
    select = page.content.decode().split('name="scope"')[1].split("</select>")[0]
    assert "第一学区" in select and "甲中学" in select
    assert "测试县教育局党委" not in select and "乙小学" not in select


def test_district_secadmin_may_scope_within_their_district(login, county, district_secadmin):
    response = _post(login(district_secadmin), county.admin_a, [Role.UNIT_ADMIN],
                     scope=county.district_1.pk)
    assert response.status_code == 302
    assert User.objects.get(pk=county.admin_a.pk).scope == county.district_1


def test_school_b_account_is_404_for_a_district_1_secadmin_and_not_listed(
        login, county, district_secadmin):
    client = login(district_secadmin)
    page = client.get("/accounts/grants/").content.decode()
    assert "admin_a" in page and "admin_b" not in page
    assert client.get(f"/accounts/grants/{county.admin_b.pk}/").status_code == 404
    response = _post(client, county.admin_b, [Role.LEADER])
    assert response.status_code == 404
    assert _roles(county.admin_b) == {Role.UNIT_ADMIN}


def test_secadmin_cannot_change_their_own_grants(login, county):
    response = _post(login(county.secadmin), county.secadmin, [Role.SECADMIN, Role.LEADER])
    assert "不能修改自己的角色" in response.content.decode()
    assert _roles(county.secadmin) == {Role.SECADMIN}


def test_stale_grant_form_is_refused(login, county):
    client = login(county.secadmin)
    county.member_a.refresh_from_db()
    stale = county.member_a.version
    _post(client, county.member_a, [Role.MEMBER], scope=county.school_a.pk)
    response = _post(client, county.member_a, [Role.LEADER], version=stale)
    assert "已被他人修改" in response.content.decode()
    assert _roles(county.member_a) == {Role.MEMBER}
