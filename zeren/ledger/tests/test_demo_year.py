"""`zeren demo` builds the 2023 ledger of 示范县教育局 whose January–July figures are the
reference work report's (../shared/reference/work-report-2023.txt)."""

import datetime
import io

import pytest
from django.core.management import call_command

from zeren.core.models import AuditEvent
from zeren.ledger.models import Activity, Article, Commitment, Evidence, Fulfilment, Team
from zeren.org.models import Unit
from zeren.reports import counting

PERIOD = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    return tmp_path / "media"


@pytest.fixture
def demo(db, media_root):
    out = io.StringIO()
    call_command("demo", "--password", "Shifan#2026demo", stdout=out)
    return out.getvalue()


def bureau_summary():
    return counting.summary(None, Unit.objects.get(code="SFX"), PERIOD)


def test_demo_year_gives_the_reference_report_figures(demo):
    s = bureau_summary()
    # 局党委召开专题会议4次: the bureau's own meetings.
    assert s.category("meeting").count == 4
    meetings = counting.counted_activities(None, Unit.objects.get(code="SFX"), PERIOD).filter(
        category__code="meeting")
    assert set(meetings.values_list("unit__code", flat=True)) == {"SFX"}
    assert s.category("theme_activity").count == 57  # 主题活动57次
    assert s.category("lecture").count == 84  # 宣讲84余场次
    assert sum(s.venues.values()) == 84
    assert set(s.venues) == {"organ", "campus", "classroom", "community"}
    assert s.category("ideology_class").figure == 3  # 大练兵活动3轮次
    assert s.category("reading").count == 72  # 读书活动72余次
    assert s.category("moral_education").count == 97  # 道德教育97余场次
    assert s.articles["xuexi"]["submitted"] == 10  # 学习强国稿件10余篇
    assert 0 < s.articles["xuexi"]["adopted"] < 10
    assert s.category("volunteer").count == 82  # 志愿服务82余次
    assert s.category("safety_publicity").count == 50  # 安全宣传50余次
    assert s.category("commemoration").count == 43  # 清明“祭英烈”43余次
    for festival in ("labour", "children", "dragon_boat", "party"):  # 五一 六一 端午 七一
        assert s.festivals.get(festival, 0) > 0, festival
    assert s.teams["teams"] == 20  # 宣传队20余支
    assert 90 <= s.teams["members"] <= 100  # 近百人
    assert s.roles["supervisor"] >= 60  # 舆情监督员60余名
    assert s.category("incident").count == 0  # 未发生意识形态方面的各类问题


def test_demo_records_look_like_real_work(demo):
    counted = counting.counted_activities(None, Unit.objects.get(code="SFX"), PERIOD)
    # Rounds of 思政课练兵 are in the high schools only, several records each round.
    classes = counted.filter(category__code="ideology_class")
    assert classes.count() > 3
    assert set(classes.values_list("unit__stage", flat=True)) == {Unit.Stage.HIGH}
    assert set(classes.values_list("round_no", flat=True)) == {1, 2, 3}
    # 纪念活动 around 清明.
    days = counted.filter(category__code="commemoration").values_list("date", flat=True)
    assert min(days) >= datetime.date(2023, 3, 20) and max(days) <= datetime.date(2023, 4, 15)
    # Schools record more than branches, the spring term more than the Spring Festival weeks.
    by_type = {t: counted.filter(unit__type=t).count() for t in Unit.Type.values}
    assert by_type["school"] > by_type["branch"] > by_type["district"] > by_type["bureau"]
    festival_weeks = counted.filter(date__range=(datetime.date(2023, 1, 16),
                                                 datetime.date(2023, 2, 5))).count()
    april = counted.filter(date__month=4).count()
    assert festival_weeks * 10 < april
    # Other categories: 分析研判 by the 包抓 leaders in every district, 中心组学习, 党员主题日…
    analyses = counted.filter(category__code="analysis")
    assert analyses.filter(unit__type=Unit.Type.DISTRICT).count() == analyses.count() >= 12
    assert all("分析研判" in t for t in analyses.values_list("title", flat=True))
    for code in ("group_study", "party_day", "info_release", "integrity"):
        assert counted.filter(category__code=code).exists(), code
    # Highlights with narrative, and a photo on each.
    highlights = counted.filter(is_highlight=True)
    assert highlights.count() >= 8
    assert all(len(a.description) > 50 for a in highlights)
    assert Evidence.objects.filter(activity__in=highlights, kind="image").count() >= 8
    # Approved records say who reviewed them and when.
    approved = Activity.objects.filter(status=Activity.Status.APPROVED)
    assert not approved.filter(reviewed_by__isnull=True).exists()
    assert not approved.filter(reviewed_at__isnull=True).exists()
    assert all(a.place and a.participants > 0 and a.description for a in counted[:200])
    # Commitments of party members with fulfilments.
    assert Commitment.objects.filter(year=2023).count() > 100
    assert Fulfilment.objects.count() >= Commitment.objects.count()
    assert Commitment.objects.exclude(person__is_party_member=True).count() == 0
    # Bulk inserts are on the audit log as one IMPORT per kind.
    imports = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT,
                                        object_type__startswith="ledger.")
    assert imports.filter(object_type="ledger.activity").count() == 1
    assert imports.count() == 4


def test_records_that_must_not_count_are_in_the_ledger_but_not_in_the_figures(demo):
    in_period = Activity.objects.filter(date__range=(PERIOD.start, PERIOD.end),
                                        category__code="theme_activity")
    assert in_period.filter(status=Activity.Status.DRAFT).exists()
    assert in_period.filter(status=Activity.Status.SUBMITTED).exists()
    assert in_period.filter(status=Activity.Status.RETURNED).exclude(return_reason="").exists()
    assert in_period.filter(status=Activity.Status.APPROVED, deleted_at__isnull=False).exists()
    assert in_period.count() > 57
    # Records outside the period exist (last year's comparison and the autumn) …
    assert Activity.objects.filter(date__gt=PERIOD.end, date__year=2023).count() > 300
    assert Activity.objects.filter(date__year=2022).count() > 500
    assert Article.objects.filter(platform="xuexi", deleted_at__isnull=False).exists()
    assert Team.objects.filter(founded_on__gt=PERIOD.end).exists()
    assert Team.objects.filter(is_active=False).exists()
    # … and last year's January–July is there for comparison, a little smaller.
    last = counting.summary(None, Unit.objects.get(code="SFX"), PERIOD.shifted_years(-1))
    assert 0 < last.category("theme_activity").count < 57


def test_records_outside_the_period_do_not_change_the_figures(demo):
    from zeren.ledger import services
    from zeren.ledger.models import Category

    before = bureau_summary()
    bureau = Unit.objects.get(code="SFX")
    school = Unit.objects.get(code="SFX-H01")
    extra = {"lecture": {"venue": "campus"}, "meeting": {"topics": "学习文件"},
             "ideology_class": {"round_no": 9}}
    for day in (datetime.date(2022, 12, 31), datetime.date(2023, 8, 1)):
        for code, unit in (("theme_activity", school), ("lecture", school),
                           ("ideology_class", school), ("meeting", bureau)):
            a = services.activity_create(actor=None, category=Category.objects.get(code=code),
                                         unit=unit, date=day, title="期外记录", participants=9,
                                         submit=True, **extra.get(code, {}))
            services.activity_approve(actor=None, activity=a)
    after = bureau_summary()
    assert [(c.category.code, c.count, c.figure) for c in after.categories] == \
        [(c.category.code, c.count, c.figure) for c in before.categories]
    assert after.category("ideology_class").figure == 3


def test_running_demo_again_adds_no_ledger_records(demo):
    counts = (Activity.objects.count(), Article.objects.count(), Team.objects.count(),
              Commitment.objects.count(), Fulfilment.objects.count(), Evidence.objects.count(),
              AuditEvent.objects.count())
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "新建台账记录 0 条" in out.getvalue()
    assert (Activity.objects.count(), Article.objects.count(), Team.objects.count(),
            Commitment.objects.count(), Fulfilment.objects.count(), Evidence.objects.count(),
            AuditEvent.objects.count()) == counts
    assert bureau_summary().category("lecture").count == 84
