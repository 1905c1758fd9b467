"""Personal API tokens: own only, the key shown once, revocable."""

import pytest

from zeren.core.models import AuditEvent
from zeren.org import accounts
from zeren.org.models import ApiToken

A = AuditEvent.Action


def test_token_key_is_shown_once_and_only_its_hash_is_stored(login, county):
    client = login(county.admin_a)
    response = client.post("/accounts/tokens/new/", {"name": "统计对接"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=county.admin_a)
    page = response.content.decode()
    key = page.split('id="new-token"')[1].split("<code")[1].split(">")[1].split("<")[0]
    assert key.startswith(token.prefix) and accounts.hash_token(key) == token.key_hash
    assert accounts.token_user(key) == county.admin_a
    assert key not in client.get("/accounts/tokens/").content.decode()
    assert AuditEvent.objects.filter(action=A.TOKEN_CREATE, username="admin_a").exists()


def test_token_without_a_name_gets_a_chinese_message(login, county):
    response = login(county.admin_a).post("/accounts/tokens/new/", {"name": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_list_shows_own_tokens_only(login, county):
    accounts.token_create(user=county.admin_a, name="甲的令牌")
    accounts.token_create(user=county.admin_b, name="乙的令牌")
    page = login(county.admin_b).get("/accounts/tokens/").content.decode()
    assert "乙的令牌" in page and "甲的令牌" not in page


def test_revoking_own_token_stops_it(login, county):
    token, key = accounts.token_create(user=county.admin_a, name="临时")
    response = login(county.admin_a).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert accounts.token_user(key) is None
    assert AuditEvent.objects.filter(action=A.TOKEN_REVOKE, username="admin_a").exists()


def test_school_b_user_gets_404_revoking_a_school_a_token(login, county):
    token, key = accounts.token_create(user=county.admin_a, name="甲的令牌")
    response = login(county.admin_b).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert accounts.token_user(key) == county.admin_a


@pytest.mark.parametrize("who", ["secadmin", "auditor"])
def test_roles_without_api_access_get_403(login, county, who):
    client = login(county.users[who])
    assert client.get("/accounts/tokens/").status_code == 403
    assert client.post("/accounts/tokens/new/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
