"""A small ledger for the report page tests: approved records in both schools, the
districts and the bureau, in 2022 and 2023, built with the ledger's services."""

import datetime

from zeren.ledger import services
from zeren.ledger.models import Activity, Article, Category

D = datetime.date


def approved(unit, code, date, title=None, *, highlight=False, participants=30, submit=True,
             approve=True, **extra):
    category = Category.objects.get(code=code)
    fields = {}
    if category.asks_venue:
        fields["venue"] = Activity.Venue.CAMPUS
    if category.asks_round:
        fields["round_no"] = 1
    if category.asks_festival:
        fields["festival"] = Activity.Festival.CHILDREN
    if category.asks_meeting:
        fields["topics"] = "学习有关文件"
    fields.update(extra)
    activity = services.activity_create(
        actor=None, category=category, unit=unit, date=date, submit=submit,
        title=title or f"{unit.name}{category.name}", participants=participants,
        description=f"{unit.name}开展{category.name}", is_highlight=highlight, **fields)
    if submit and approve:
        services.activity_approve(actor=None, activity=activity)
    return activity


def build_ledger(county) -> dict:
    """Records of 2023 (and a few of 2022, for the same period last year)."""
    c = county
    made = []
    for i in range(3):
        made.append(approved(c.school_a, "lecture", D(2023, 3, 1 + i), f"甲中学宣讲{i + 1}"))
    made.append(approved(c.school_a, "reading", D(2023, 4, 2), "甲中学读书会",
                         highlight=True))
    made.append(approved(c.branch_a, "volunteer", D(2023, 5, 6), "甲中学党支部志愿服务"))
    for i in range(2):
        made.append(approved(c.school_b, "lecture", D(2023, 3, 10 + i), f"乙小学宣讲{i + 1}"))
    made.append(approved(c.school_b, "moral_education", D(2023, 6, 1), "乙小学道德讲堂",
                         highlight=True))
    made.append(approved(c.district_1, "reading", D(2023, 2, 20), "第一学区读书分享"))
    made.append(approved(c.bureau, "meeting", D(2023, 1, 15), "局党委专题会议"))
    made.append(approved(c.bureau, "meeting", D(2023, 7, 20), "局党委第二次专题会议"))
    # Not counted: a draft, a submitted record, one in the recycle bin, one outside the period.
    approved(c.school_a, "lecture", D(2023, 3, 20), "甲中学草稿宣讲", submit=False)
    approved(c.school_a, "lecture", D(2023, 3, 21), "甲中学待审宣讲", approve=False)
    gone = approved(c.school_a, "lecture", D(2023, 3, 22), "甲中学已删宣讲")
    services.activity_delete(actor=None, activity=gone)
    approved(c.school_a, "lecture", D(2023, 9, 1), "甲中学秋季宣讲")
    # Last year's same period.
    approved(c.school_a, "lecture", D(2022, 3, 1), "甲中学去年宣讲")
    approved(c.school_b, "reading", D(2022, 5, 1), "乙小学去年读书")
    services.article_create(actor=None, title="甲中学稿件", unit=c.school_a,
                            platform=Article.Platform.XUEXI, submitted_date=D(2023, 4, 1),
                            is_adopted=True, adopted_date=D(2023, 4, 5))
    services.article_create(actor=None, title="乙小学稿件", unit=c.school_b,
                            platform=Article.Platform.COUNTY_MEDIA,
                            submitted_date=D(2023, 5, 1))
    return {"activities": made}
