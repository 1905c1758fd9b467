"""Chinese first; English through Django's i18n (the language switch or its cookie)."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

import zeren


def test_login_page_is_chinese_by_default(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert "Log in" not in html


def test_browser_asking_for_english_still_gets_chinese_until_the_switch(client, db):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "Log in" not in html


def test_login_page_is_english_with_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_language_switch_turns_the_pages_english(client, county):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert "Log in" in client.get(reverse("login")).content.decode()
    client.force_login(county.admin_a)
    html = client.get("/").content.decode()
    assert "What you can do next" in html
    assert "My unit" in html
    assert "甲中学" in html  # data stays as entered


def test_switching_back_to_chinese(client, county):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    client.force_login(county.admin_a)
    assert "我的单位" in client.get("/").content.decode()


def test_menu_and_shell_strings_have_english_translations():
    with translation.override("en"):
        assert translation.gettext("工作台") == "Home"
        assert translation.gettext("审计日志") == "Audit log"
        assert translation.gettext("退出登录") == "Log out"
        assert translation.gettext("修改密码") == "Change password"


def test_compiled_english_catalog_is_committed_and_matches_the_po_file():
    folder = Path(zeren.__file__).parent / "locale" / "en" / "LC_MESSAGES"
    po, mo = folder / "django.po", folder / "django.mo"
    assert mo.exists(), "run: zeren compilemessages -l en, and commit django.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = _singular_entries(po.read_text(encoding="utf-8"))
    assert len(entries) > 40
    untranslated = [msgid for msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    stale = [msgid for msgid, msgstr in entries if compiled.gettext(msgid) != msgstr]
    assert stale == [], "django.mo is older than django.po: run zeren compilemessages -l en"


def _singular_entries(text):
    """(msgid, msgstr) of each live entry without context or plural; wrapped strings joined."""
    entries = []
    for block in text.split("\n\n"):
        if "#~" in block or "msgctxt" in block or "msgid_plural" in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if match:
            msgid, msgstr = (
                "".join(re.findall(r'"(.*)"', part)) for part in match.groups())
            if msgid:
                entries.append((msgid, msgstr))
    return entries
