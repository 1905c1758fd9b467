"""Login, lockout, password policy and forced password change (等保 2.0 8.1.4.1)."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from zeren.core.models import AuditEvent
from zeren.org import accounts
from zeren.org.models import User

A = AuditEvent.Action


def _events(action, username):
    return AuditEvent.objects.filter(action=action, username=username)


def _fail(client, username, times=1):
    response = None
    for _ in range(times):
        response = client.post("/login/", {"username": username, "password": "Wrong#pass1"})
    return response


def test_successful_login_and_logout_are_audited(client, county, password):
    response = client.post("/login/", {"username": "admin_a", "password": password})
    assert response.status_code == 302
    assert _events(A.LOGIN, "admin_a").filter(success=True).count() == 1

    client.post("/logout/")
    assert _events(A.LOGOUT, "admin_a").count() == 1
    assert client.get("/").status_code == 302  # logged out: back to the login page


def test_wrong_password_is_refused_and_audited_as_failed_login(client, county):
    response = _fail(client, "admin_a")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    event = _events(A.LOGIN_FAILED, "admin_a").get()
    assert event.success is False
    assert not _events(A.LOGIN, "admin_a").exists()


def test_unknown_username_is_audited_and_answers_like_a_wrong_password(client, county):
    response = client.post("/login/", {"username": "nobody", "password": "x"})
    assert "用户名或密码错误" in response.content.decode()
    assert _events(A.LOGIN_FAILED, "nobody").exists()


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
        client, county, password):
    response = _fail(client, "admin_a", settings.ZEREN_LOCKOUT_FAILURES)
    assert "锁定" in response.content.decode()
    assert User.objects.get(username="admin_a").is_locked()
    assert _events(A.LOCKOUT, "admin_a").count() == 1

    response = client.post("/login/", {"username": "admin_a", "password": password})
    assert response.status_code == 200
    assert "锁定" in response.content.decode()
    assert not _events(A.LOGIN, "admin_a").exists()
    assert client.get("/").status_code == 302  # still not logged in


def test_the_lock_expires_after_the_lockout_minutes(client, county, password):
    _fail(client, "admin_a", settings.ZEREN_LOCKOUT_FAILURES)
    locked_until = User.objects.get(username="admin_a").locked_until
    expected = datetime.timedelta(minutes=settings.ZEREN_LOCKOUT_MINUTES)
    assert abs(locked_until - timezone.now() - expected) < datetime.timedelta(minutes=1)

    later = timezone.now() + expected + datetime.timedelta(seconds=5)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: later)
        response = client.post("/login/", {"username": "admin_a", "password": password})
    assert response.status_code == 302
    user = User.objects.get(username="admin_a")
    assert user.locked_until is None and user.failed_logins == 0


def test_a_success_before_the_limit_resets_the_failure_count(client, county, password):
    _fail(client, "admin_a", settings.ZEREN_LOCKOUT_FAILURES - 1)
    client.post("/login/", {"username": "admin_a", "password": password})
    assert User.objects.get(username="admin_a").failed_logins == 0


@pytest.mark.parametrize("weak", ["abcdefgh", "Abcdefgh"])
def test_weak_password_is_refused_with_a_chinese_rule(client, county, password, weak):
    client.force_login(county.admin_a)
    response = client.post("/password/", {"old_password": password, "new_password1": weak,
                                          "new_password2": weak})
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    assert User.objects.get(username="admin_a").check_password(password)


def test_short_password_is_refused_with_the_length_rule_in_chinese(client, county, password):
    client.force_login(county.admin_a)
    response = client.post("/password/", {"old_password": password, "new_password1": "Ab#1",
                                          "new_password2": "Ab#1"})
    assert "密码长度不能少于 8 个字符" in response.content.decode()
    assert User.objects.get(username="admin_a").check_password(password)


def test_one_of_the_last_five_passwords_cannot_be_reused(county, password):
    user = county.admin_a
    for new in ["Second#pass2", "Third#pass3"]:
        accounts.password_change(user=user, new_password=new)
    for old in [password, "Second#pass2", "Third#pass3"]:
        with pytest.raises(ValidationError) as info:
            accounts.password_change(user=user, new_password=old)
        assert "最近 5 次" in info.value.messages[0]
    assert user.check_password("Third#pass3")


def test_password_change_page_refuses_reuse_with_a_message(client, county, password):
    accounts.password_change(user=county.admin_a, new_password="Second#pass2")
    client.force_login(User.objects.get(username="admin_a"))
    response = client.post("/password/", {"old_password": "Second#pass2",
                                          "new_password1": password,
                                          "new_password2": password})
    assert "不能与最近 5 次使用过的密码相同" in response.content.decode()


def test_must_change_password_sends_every_page_to_the_password_form(client, county, password):
    accounts.password_reset(actor=county.sysadmin, user=county.admin_a,
                            new_password="Temp#pass123")
    response = client.post("/login/", {"username": "admin_a", "password": "Temp#pass123"})
    assert response["Location"] == "/password/"
    for url in ["/", "/accounts/tokens/", "/org/", "/audit/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/password/", url

    response = client.post("/password/", {"old_password": "Temp#pass123",
                                          "new_password1": "Fresh#pass456",
                                          "new_password2": "Fresh#pass456"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert _events(A.PASSWORD_CHANGE, "admin_a").exists()


def test_session_expires_after_the_idle_timeout_and_moves_with_every_request():
    assert settings.SESSION_COOKIE_AGE == settings.ZEREN_IDLE_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
