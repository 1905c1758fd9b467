"""The sidebar menu shows each role the pages it may open, and nothing else."""

import pytest
from django.urls import reverse

from zeren.core import navigation


def menu_labels(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return [str(item["label"]) for item in response.context["menu"]]


def test_auditor_menu_has_audit_log_and_no_org_pages(client, county):
    labels = menu_labels(client, county.auditor)
    assert "审计日志" in labels
    assert "组织机构" not in labels
    assert "人员" not in labels
    assert "账号管理" not in labels


def test_sysadmin_menu_has_accounts_but_not_the_audit_log_or_grants(client, county):
    labels = menu_labels(client, county.sysadmin)
    assert "账号管理" in labels
    assert "组织机构" in labels
    assert "审计日志" not in labels
    assert "角色与数据范围" not in labels


def test_secadmin_menu_has_only_grants(client, county):
    labels = menu_labels(client, county.secadmin)
    assert "角色与数据范围" in labels
    assert "组织机构" not in labels
    assert "账号管理" not in labels
    assert "审计日志" not in labels


@pytest.mark.parametrize("username", ["leader", "staff", "admin_a", "member_a"])
def test_business_roles_see_org_pages_but_no_admin_pages(client, county, username):
    labels = menu_labels(client, county.users[username])
    assert {"工作台", "组织机构", "人员"} <= set(labels)
    assert not {"账号管理", "角色与数据范围", "审计日志"} & set(labels)


def test_menu_links_render_in_the_sidebar(client, county):
    client.force_login(county.auditor)
    html = client.get("/").content.decode()
    assert f'href="{reverse("audit:event_list")}"' in html
    assert f'href="{reverse("org:unit_tree")}"' not in html
    assert 'id="menu-toggle"' in html


def test_current_page_is_marked_active_in_the_menu(client, county):
    client.force_login(county.admin_a)
    response = client.get(reverse("org:person_list"))
    active = [str(item["label"]) for item in response.context["menu"] if item["active"]]
    assert active == ["人员"]


def test_a_menu_page_that_does_not_exist_is_left_out_instead_of_breaking(
    client, county, monkeypatch
):
    monkeypatch.setattr(
        navigation, "MENU",
        [*navigation.MENU, ("未上线", "nowhere:missing", "x", None, navigation.WORK)],
    )
    monkeypatch.setattr(
        navigation, "NEXT_STEPS",
        [*navigation.NEXT_STEPS, ("未上线", "", "nowhere:missing", "x", None, False)],
    )
    client.force_login(county.member_a)
    response = client.get("/")
    assert response.status_code == 200
    assert "未上线" not in response.content.decode()


def test_anonymous_visitor_gets_no_menu_and_is_sent_to_login(client, county):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert 'id="menu-toggle"' not in client.get(reverse("login")).content.decode()
