"""Bureau staff build the year-to-date 2023 report, preview it, click a figure and land on
its records, and download the Word document; the dashboard draws its charts."""

import io
import re

import pytest
from playwright.sync_api import expect

from zeren.reports.tests.ledger_records import build_ledger
from zeren.testing import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def live_ledger(live_county):
    build_ledger(live_county)
    return live_county


def test_staff_build_preview_follow_a_figure_and_download_the_docx(page, log_in, live_ledger):
    from docx import Document

    log_in("staff", PASSWORD)
    page.locator("#sidebar").get_by_role("link", name="工作汇报").click()
    page.locator("#report-new").click()
    expect(page).to_have_url(re.compile(r"/reports/new/$"))
    page.select_option("#id_period_kind", "ytd")
    page.fill("#id_year", "2023")
    page.fill("#id_end", "2023-07-31")
    expect(page.locator("#id_start")).to_be_hidden()  # the custom range is not asked for
    page.fill("#id_recipient", "县委宣传部")
    page.locator("#report-build").click()

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    preview = page.locator("#report-preview")
    expect(preview).to_contain_text("测试县教育局党委关于2023年年初以来意识形态工作责任制落实情况的报告")
    expect(preview).to_contain_text("县委宣传部：")
    expect(preview).to_contain_text("现将有关情况报告如下：")
    report_url = page.url

    figure = preview.locator("a.report-figure", has_text="5场次")
    expect(figure).to_have_count(1)
    figure.click()
    expect(page).to_have_url(re.compile(r"/ledger/activities/\?"))
    expect(page.locator("h1")).to_contain_text("5 条")
    expect(page.locator("#activity-table tbody tr")).to_have_count(5)
    expect(page.locator("#activity-table")).to_contain_text("乙小学宣讲2")
    expect(page.locator("#activity-table")).not_to_contain_text("甲中学草稿宣讲")

    page.goto(report_url)
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "意识形态工作责任制落实情况的报告" in text and "5场次" in text


def test_staff_edit_a_text_block_and_the_preview_follows(page, log_in, live_ledger):
    log_in("staff", PASSWORD)
    page.goto("/reports/new/")
    page.fill("#id_year", "2023")
    page.fill("#id_end", "2023-07-31")
    page.locator("#report-build").click()
    expect(page.locator("#report-preview")).to_be_visible()
    page.fill("#text-blocks #id_problems", "理论学习的形式还不够丰富。")
    page.locator("#text-save").click()
    expect(page.locator("#text-saved")).to_be_visible()
    expect(page.locator("#preview-tail")).to_contain_text("理论学习的形式还不够丰富。")
    # A second save carries the new version and is accepted too.
    page.fill("#text-blocks #id_next_steps", "继续办好读书会。")
    page.locator("#text-save").click()
    expect(page.locator("#preview-tail")).to_contain_text("继续办好读书会。")
    expect(page.locator("#text-blocks .alert-danger")).to_have_count(0)


def test_dashboard_draws_its_charts_from_the_local_echarts(page, log_in, live_ledger):
    log_in("staff", PASSWORD)
    page.locator("#sidebar").get_by_role("link", name="统计看板").click()
    page.fill("#id_year", "2023")
    page.fill("#id_end", "2023-07-31")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("#dashboard-total")).to_have_text("11")  # approved records Jan–Jul 2023
    for chart in ("#chart-areas", "#chart-months", "#chart-heat"):
        expect(page.locator(f"{chart} canvas").first).to_be_attached()
