"""Account management by the 系统管理员: list, create, reset, unlock, (de)activate."""

import pytest
from django.utils import timezone

from zeren.core.models import AuditEvent
from zeren.org import accounts, services
from zeren.org.models import User
from zeren.org.roles import Role

A = AuditEvent.Action


@pytest.fixture
def sysadmin_b(county):
    """A system admin whose data scope is school B only."""
    accounts.role_grant(actor=None, user=county.admin_b, role=Role.SYSADMIN)
    return User.objects.get(pk=county.admin_b.pk)


def test_sysadmin_sees_every_account_with_roles_and_status(login, county):
    User.objects.filter(pk=county.member_a.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=10))
    page = login(county.sysadmin).get("/accounts/users/").content.decode()
    for username in ["sysadmin", "admin_a", "admin_b", "member_b"]:
        assert username in page
    assert "单位管理员" in page and "已锁定" in page


def test_user_list_query_count_does_not_grow_with_accounts(login, county,
                                                            django_assert_max_num_queries):
    client = login(county.sysadmin)
    for i in range(15):
        person = services.person_create(actor=None, unit=county.school_a, name=f"教师{i}")
        user = accounts.user_create(actor=None, username=f"t{i}", unit=county.school_a,
                                    password="Zeren#2026pass", person=person)
        accounts.role_grant(actor=None, user=user, role=Role.MEMBER)
    with django_assert_max_num_queries(16):
        response = client.get("/accounts/users/")
    assert "t14" in response.content.decode()


def test_user_list_search_finds_by_person_name(login, county):
    page = login(county.sysadmin).get("/accounts/users/", {"q": "周甲"}).content.decode()
    assert "admin_a" in page and "admin_b" not in page


@pytest.mark.parametrize("who", ["secadmin", "auditor", "staff", "admin_a", "member_a"])
def test_only_the_sysadmin_may_manage_accounts(login, county, who):
    client = login(county.users[who])
    assert client.get("/accounts/users/").status_code == 403
    assert client.get(f"/accounts/users/{county.member_a.pk}/").status_code == 403
    assert client.post(f"/accounts/users/{county.member_a.pk}/active/",
                       {"active": "0"}).status_code == 403
    assert User.objects.get(pk=county.member_a.pk).is_active


def test_school_b_sysadmin_gets_404_on_school_a_accounts_and_does_not_list_them(
        login, county, sysadmin_b):
    client = login(sysadmin_b)
    page = client.get("/accounts/users/").content.decode()
    assert "member_b" in page and "admin_a" not in page and "member_a" not in page
    pk = county.admin_a.pk
    assert client.get(f"/accounts/users/{pk}/").status_code == 404
    assert client.get(f"/accounts/users/{pk}/password/").status_code == 404
    assert client.post(f"/accounts/users/{pk}/unlock/").status_code == 404
    assert client.post(f"/accounts/users/{pk}/active/", {"active": "0"}).status_code == 404
    assert User.objects.get(pk=pk).is_active


def test_sysadmin_creates_an_account_that_must_change_its_password(login, county):
    client = login(county.sysadmin)
    person = services.person_create(actor=None, unit=county.school_a, name="新教师")
    response = client.post("/accounts/users/new/", {
        "username": "newteacher", "person": person.pk, "unit": county.school_a.pk,
        "password1": "Start#pass2026", "password2": "Start#pass2026"})
    assert response.status_code == 302
    user = User.objects.get(username="newteacher")
    assert user.person == person and user.unit == county.school_a
    assert user.must_change_password
    assert AuditEvent.objects.filter(action=A.CREATE, object_id=str(user.pk)).exists()


def test_weak_initial_password_is_refused_with_chinese_rule(login, county):
    response = login(county.sysadmin).post("/accounts/users/new/", {
        "username": "weak", "unit": county.school_a.pk,
        "password1": "Abcdefgh", "password2": "Abcdefgh"})
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_person_picker_offers_only_visible_people_without_an_account(login, county, sysadmin_b):
    free_a = services.person_create(actor=None, unit=county.school_a, name="甲校无账号")
    free_b = services.person_create(actor=None, unit=county.school_b, name="乙校无账号")
    page = login(sysadmin_b).get("/accounts/users/new/").content.decode()
    assert free_b.name in page
    assert free_a.name not in page
    assert "郑乙" not in page.split('name="person"')[1].split("</select>")[0]  # has an account


def test_crafted_unit_outside_scope_is_refused_on_create(login, county, sysadmin_b):
    response = login(sysadmin_b).post("/accounts/users/new/", {
        "username": "sneaky", "unit": county.school_a.pk,
        "password1": "Start#pass2026", "password2": "Start#pass2026"})
    assert response.status_code == 200
    assert "不在您的数据范围内" in response.content.decode()
    assert not User.objects.filter(username="sneaky").exists()


def test_duplicate_username_gets_a_chinese_message(login, county):
    response = login(county.sysadmin).post("/accounts/users/new/", {
        "username": "admin_a", "unit": county.school_a.pk,
        "password1": "Start#pass2026", "password2": "Start#pass2026"})
    assert "已被使用" in response.content.decode()


def test_reset_password_unlocks_and_forces_a_change(login, county):
    User.objects.filter(pk=county.admin_a.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=10), failed_logins=3)
    response = login(county.sysadmin).post(
        f"/accounts/users/{county.admin_a.pk}/password/",
        {"password1": "Reset#pass2026", "password2": "Reset#pass2026"})
    assert response.status_code == 302
    user = User.objects.get(pk=county.admin_a.pk)
    assert user.check_password("Reset#pass2026")
    assert user.must_change_password and not user.is_locked()
    assert AuditEvent.objects.filter(action=A.PASSWORD_RESET, object_id=str(user.pk)).exists()


def test_unlock_clears_the_lock(login, county):
    User.objects.filter(pk=county.admin_a.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=10))
    login(county.sysadmin).post(f"/accounts/users/{county.admin_a.pk}/unlock/")
    assert not User.objects.get(pk=county.admin_a.pk).is_locked()
    assert AuditEvent.objects.filter(action=A.UNLOCK).exists()


def test_deactivate_and_reactivate_an_account(login, county):
    client = login(county.sysadmin)
    url = f"/accounts/users/{county.member_a.pk}/active/"
    client.post(url, {"active": "0"})
    assert not User.objects.get(pk=county.member_a.pk).is_active
    client.post(url, {"active": "1"})
    assert User.objects.get(pk=county.member_a.pk).is_active
    assert AuditEvent.objects.filter(action=A.DEACTIVATE).exists()


def test_sysadmin_cannot_deactivate_themselves(login, county):
    client = login(county.sysadmin)
    response = client.post(f"/accounts/users/{county.sysadmin.pk}/active/", {"active": "0"},
                           follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    assert User.objects.get(pk=county.sysadmin.pk).is_active


def test_unlock_and_active_refuse_get(login, county):
    client = login(county.sysadmin)
    assert client.get(f"/accounts/users/{county.admin_a.pk}/unlock/").status_code == 405
    assert client.get(f"/accounts/users/{county.admin_a.pk}/active/").status_code == 405
