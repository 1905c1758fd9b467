"""With `zeren demo`, the bureau's 2023 年初以来 report preview: every figure's link lists the
records (or people, or articles) the figure counts — the number shown on the list page."""

import datetime
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from zeren.ledger.models import Activity
from zeren.org.models import Unit, User
from zeren.reports import services

ROUND_CATEGORIES = {"思政课练兵"}  # a figure in rounds links to every record of those rounds


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    call_command("demo", "--password", "Shifan#2026demo", stdout=io.StringIO())


def test_demo_report_figures_link_to_exactly_their_records(client, demo):
    staff = User.objects.get(username="staff")
    report = services.report_save(actor=staff, unit=Unit.objects.get(code="SFX"),
                                  period_kind="ytd", start=datetime.date(2023, 1, 1),
                                  end=datetime.date(2023, 7, 31), title="示范县汇报")
    client.force_login(staff)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    links = re.findall(r'<a class="report-figure" href="([^"]+)"[^>]*data-label="([^"]*)"'
                       r'[^>]*>(\d+)[^<]*</a>', html)
    labels = {label for _, label, _ in links}
    # The reference report's figures are on the page, each a link.
    for text in ("4次", "57次", "84场次", "3轮次", "72次", "97场次", "10篇", "82次", "50次",
                 "43次", "20支"):
        assert f">{text}</a>" in html, text
    assert {"专题会议", "宣讲", "学习强国稿件", "舆情监督员", "宣传队"} <= labels
    checked = []
    for href, label, value in links:
        href = unescape(href)
        response = client.get(href)
        assert response.status_code == 200, href
        if "page" in response.context:
            listed = response.context["page"].paginator.count
        else:  # the team list: the teams in the unit on the period's last day
            listed = len(response.context["teams"])
        if label in ROUND_CATEGORIES:
            listed_ids = list(response.context["page"].paginator.object_list)  # ids, by id first
            rounds = set(Activity.objects.filter(pk__in=listed_ids)
                         .values_list("round_no", flat=True))
            assert len(rounds) == int(value) and listed >= int(value), label
        else:
            assert listed == int(value), (label, value, listed, href)
        checked.append(label)
    assert len(checked) == len(links) >= 15
    # The list a figure opens is filtered to the report's unit and period.
    lecture = next(unescape(h) for h, label, _ in links if label == "宣讲")
    query = parse_qs(urlsplit(lecture).query)
    assert query["start"] == ["2023-01-01"] and query["end"] == ["2023-07-31"]
