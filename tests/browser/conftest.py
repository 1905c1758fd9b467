"""Browser tests: pytest-django's live_server driven by Playwright and /usr/bin/chromium.

One browser per test session; a fresh context (cookies, viewport) per test.
"""

import pytest
from playwright.sync_api import sync_playwright

from zeren.testing import build_county, reseed_data_migrations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_county(live_server, transactional_db, settings):
    """The fixture county, in the database the live server reads (with the seeded
    taxonomy, which the previous live-server test's flush removed)."""
    reseed_data_migrations()
    return build_county()


@pytest.fixture
def page(browser, live_server):
    # A Chinese browser: LocaleMiddleware would otherwise follow Chromium's en-US.
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 860}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """log_in(username, password): fill in and send the login form, as a person would."""

    def _log_in(username: str, password: str) -> None:
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_load_state()

    return _log_in
