"""What a person at a browser sees: login, their landing page, scope, lockout, the phone menu."""

import re

import pytest
from playwright.sync_api import expect

from zeren.testing import PASSWORD

pytestmark = pytest.mark.browser


def test_school_admin_logs_in_sees_their_unit_and_cannot_open_school_b(page, log_in, live_county):
    log_in("admin_a", PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#home-unit")).to_have_text("甲中学")
    expect(page.locator("#top-user")).to_have_text("周甲")

    response = page.goto(f"/org/units/{live_county.school_b.pk}/")
    assert response.status == 404
    expect(page.locator("#error-404")).to_contain_text("不在您的数据范围内")

    response = page.goto(f"/org/units/{live_county.school_a.pk}/")
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("甲中学")


def test_five_wrong_passwords_lock_the_account(page, log_in, live_county):
    for _ in range(5):
        log_in("admin_a", "wrong-password-1")
    expect(page.locator(".alert-danger")).to_contain_text("账号已被锁定")

    log_in("admin_a", PASSWORD)  # even the right password is refused while locked
    expect(page.locator(".alert-danger")).to_contain_text("锁定")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_phone_menu_button_opens_the_sidebar_and_its_links_work(page, log_in, live_county):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in("admin_a", PASSWORD)
    sidebar = page.locator("#sidebar")
    expect(page.locator("#menu-toggle")).to_be_visible()
    expect(sidebar).not_to_be_visible()

    page.locator("#menu-toggle").click()
    expect(sidebar).to_be_visible()
    link = sidebar.get_by_role("link", name="人员")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/org/people/$"))
    expect(page.locator("#sidebar .nav-link.active")).to_have_text("人员")
