"""A school admin records an activity with a photo on a phone and submits it; the district
admin approves it; the category's count rises by one."""

import datetime
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from zeren.ledger.models import Activity, Category, Evidence
from zeren.reports import counting
from zeren.testing import PASSWORD

pytestmark = pytest.mark.browser


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (180, 40, 40)).save(out, format="JPEG")
    return out.getvalue()


def reading_count(county) -> int:
    period = counting.Period.year(datetime.date.today().year)
    counts = counting.activity_counts(county.staff, county.bureau, period)
    return next(c.count for c in counts if c.category.code == "reading")


def test_phone_record_with_photo_then_district_approves_and_the_count_rises(
        page, log_in, live_county):
    before = reading_count(live_county)
    reading = Category.objects.get(code="reading")
    page.set_viewport_size({"width": 375, "height": 740})

    log_in("admin_a", PASSWORD)
    page.locator("#menu-toggle").click()
    page.locator("#sidebar").get_by_role("link", name="记录活动").click()
    expect(page).to_have_url(re.compile(r"/ledger/activities/new/$"))
    page.select_option("#id_category", str(reading.pk))
    page.fill("#id_title", "手机记录的读书分享会")
    page.fill("#id_participants", "26")
    page.fill("#id_description", "党员教师分享读书心得。")
    page.set_input_files("#id_files", files=[
        {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": photo()}])
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()

    activity = Activity.objects.get(title="手机记录的读书分享会")
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.unit == live_county.school_a
    assert Evidence.objects.filter(activity=activity, kind="image").count() == 1
    expect(page.locator("main")).to_contain_text("手机记录的读书分享会")
    assert reading_count(live_county) == before  # submitted records do not count yet

    page.context.clear_cookies()
    log_in("admin_d1", PASSWORD)
    page.goto("/ledger/review/")
    row = page.locator("#review-table tr", has_text="手机记录的读书分享会")
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="批量通过").click()
    page.wait_for_load_state()

    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED
    assert reading_count(live_county) == before + 1
