"""The content of a work report (工作汇报), built from the counting service.

One structure feeds the HTML preview (every figure a link to its records), the Word
document and the custom templates: sections 一…六 for the six work areas, each made
of "一是/二是…" paragraphs, then 存在的问题, 下一步打算, the closing and signature.
Nothing here counts: every number comes from zeren.reports.counting.summary.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from zeren.ledger.models import Activity, Article, WorkArea
from zeren.org.models import Position, Unit
from zeren.reports import counting

CHINESE_NUMERALS = "一二三四五六七八九十"
HIGHLIGHTS_PER_AREA = 2


def chinese_numeral(n: int) -> str:
    if 1 <= n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    return str(n)


def ordinal(n: int) -> str:
    """一是、二是…十一是: the way the reference report counts its points."""
    return f"{chinese_numeral(n)}是"


def quoted(title: str) -> str:
    """“title”, unless the title carries quotation marks of its own."""
    title = title.strip()
    return title if any(mark in title for mark in "“”\"") else f"“{title}”"


def chinese_date(d: datetime.date) -> str:
    """2023年7月31日 — no zero padding (GB/T 9704-2012 7.3.5)."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class Figure:
    """A number in the report, with the query behind it (for the preview's link)."""

    value: int
    noun: str
    link: str | None = None
    label: str = ""

    def __str__(self) -> str:
        return f"{self.value}{self.noun}"


@dataclass
class Paragraph:
    parts: list  # str and Figure, in reading order

    @property
    def text(self) -> str:
        return "".join(str(p) for p in self.parts)

    @property
    def figures(self) -> list[Figure]:
        return [p for p in self.parts if isinstance(p, Figure)]


@dataclass
class Section:
    number: str  # 一、
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


@dataclass
class ReportContent:
    title: str
    recipient: str
    opening: str
    sections: list[Section]
    problems: list[str]
    next_steps: list[str]
    closing: str
    signature: str
    issued_on: datetime.date
    period: counting.Period
    unit: Unit
    summary: counting.Summary

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for p in s.paragraphs for f in p.figures]

    def as_context(self) -> dict:
        """Plain values for a docxtpl template (see VARIABLES)."""
        return {
            "title": self.title,
            "recipient": self.recipient,
            "opening": self.opening,
            "sections": [
                {"number": s.number, "heading": s.heading, "title": s.title,
                 "paragraphs": [p.text for p in s.paragraphs]}
                for s in self.sections
            ],
            "problems": self.problems,
            "next_steps": self.next_steps,
            "closing": self.closing,
            "signature": self.signature,
            "date": chinese_date(self.issued_on),
            "period_start": chinese_date(self.period.start),
            "period_end": chinese_date(self.period.end),
            "unit": self.unit.name,
            "counts": {c.category.code: c.figure for c in self.summary.categories},
            "participants": {c.category.code: c.participants for c in self.summary.categories},
            "areas": {a.area.code: a.count for a in self.summary.areas},
            "articles": self.summary.articles,
            "teams": self.summary.teams["teams"],
            "team_members": self.summary.teams["members"],
            "supervisors": self.summary.roles.get(Position.Role.SUPERVISOR, 0),
            "publicists": self.summary.roles.get(Position.Role.PUBLICIST, 0),
            "informants": self.summary.roles.get(Position.Role.INFORMANT, 0),
        }


# What a custom template may use, with a description (shown on the template page).
VARIABLES = {
    "title": "标题",
    "recipient": "主送机关",
    "opening": "开头段落",
    "sections": "各部分列表：每项有 number、heading、title、paragraphs（段落文字列表）",
    "problems": "存在的问题（段落列表）",
    "next_steps": "下一步打算（段落列表）",
    "closing": "结束语，如“特此报告。”",
    "signature": "署名",
    "date": "成文日期，如 2023年7月31日",
    "period_start": "统计开始日期",
    "period_end": "统计结束日期",
    "unit": "汇报单位名称",
    "counts": "各类别的数字，按类别编码取，如 counts.lecture",
    "participants": "各类别参加人数，如 participants.lecture",
    "areas": "各工作领域记录数，如 areas.theory",
    "articles": "各平台稿件：articles.xuexi.submitted / adopted",
    "teams": "宣传队数",
    "team_members": "宣传队员人数",
    "supervisors": "舆情监督员人数",
    "publicists": "宣传员人数",
    "informants": "信息员人数",
}


def period_phrase(period: counting.Period, today: datetime.date | None = None) -> str:
    """How the report names its period: 上半年, 2023年, 年初以来, or the dates."""
    start, end = period.start, period.end
    if start == datetime.date(start.year, 1, 1):
        if end == datetime.date(start.year, 12, 31):
            return f"{start.year}年"
        if end == datetime.date(start.year, 6, 30):
            return f"{start.year}年上半年"
        return "年初以来"
    if start == datetime.date(start.year, 7, 1) and end == datetime.date(start.year, 12, 31):
        return f"{start.year}年下半年"
    return f"{chinese_date(start)}至{chinese_date(end)}"


def title_phrase(period: counting.Period) -> str:
    """The period as a title says it: 2023年年初以来 rather than a bare 年初以来."""
    phrase = period_phrase(period)
    return f"{period.start.year}年{phrase}" if phrase == "年初以来" else phrase


def activity_link(unit: Unit, period: counting.Period, **params) -> str:
    query = {"unit": unit.pk, "start": period.start.isoformat(), "end": period.end.isoformat(),
             "status": Activity.Status.APPROVED, **params}
    return f"{reverse('ledger:activity_list')}?{urlencode(query)}"


def article_link(unit: Unit, period: counting.Period, **params) -> str:
    query = {"unit": unit.pk, "start": period.start.isoformat(), "end": period.end.isoformat(),
             **params}
    return f"{reverse('ledger:article_list')}?{urlencode(query)}"


def _highlights(user, unit: Unit, period: counting.Period) -> dict[int, list[Activity]]:
    rows = (
        counting.counted_activities(user, unit, period)
        .filter(is_highlight=True)
        .select_related("unit", "category")
        .order_by("-participants", "-date", "pk")
    )
    by_area: dict[int, list[Activity]] = {}
    for activity in rows[:60]:
        bucket = by_area.setdefault(activity.category.area_id, [])
        if len(bucket) < HIGHLIGHTS_PER_AREA:
            bucket.append(activity)
    return by_area


def _category_paragraph(count: counting.CategoryCount, link: str, summary) -> list:
    category = count.category
    parts = [category.description.rstrip("。；;，,"), f"，{category.phrase}",
             Figure(count.figure, category.unit_noun, link, category.name)]
    if category.asks_venue and summary.venues:
        venue_parts = [f"{label}{summary.venues[v]}{category.unit_noun}"
                       for v, label in Activity.Venue.choices if summary.venues.get(v)]
        parts.append("（其中" + "、".join(venue_parts) + "）")
    if category.asks_festival and summary.festivals:
        names = [label for v, label in Activity.Festival.choices if summary.festivals.get(v)]
        parts.append("，涵盖“" + "”“".join(names) + "”等重要节日")
    return parts


def build(user, unit: Unit, period: counting.Period, *, recipient: str = "", opening: str = "",
          problems: str = "", next_steps: str = "", signature: str = "",
          issued_on: datetime.date | None = None, title: str = "") -> ReportContent:
    """Draft the whole report for `unit`'s subtree and `period`, as seen by `user`."""
    summary = counting.summary(user, unit, period)
    phrase = period_phrase(period)
    highlights = _highlights(user, unit, period)
    sections = []
    for index, area_count in enumerate(summary.areas, start=1):
        area: WorkArea = area_count.area
        paragraphs: list[list] = []
        for count in area_count.categories:
            if count.figure <= 0:
                continue
            link = activity_link(unit, period, category=count.category.pk)
            paragraphs.append(_category_paragraph(count, link, summary))
        paragraphs.extend(_area_extras(area.code, unit, period, summary, paragraphs))
        for activity in highlights.get(area.pk, []):
            paragraphs.append([f"{activity.unit.name}{quoted(activity.title)}成为亮点",
                               "：" + activity.description.strip().rstrip("。")
                               if activity.description.strip() else ""])
        numbered = [Paragraph([ordinal(i + 1), *parts, "。"])
                    for i, parts in enumerate(paragraphs)]
        sections.append(Section(chinese_numeral(index), area.heading or area.name, numbered))

    org_name = unit.name
    return ReportContent(
        title=title or f"{org_name}关于{title_phrase(period)}意识形态工作责任制落实情况的报告",
        recipient=recipient,
        opening=opening or (
            f"{phrase}，{org_name}坚持以习近平新时代中国特色社会主义思想为指导，"
            "认真落实意识形态工作责任制，各项工作扎实推进。现将有关情况报告如下："
        ),
        sections=sections,
        problems=_paragraphs(problems),
        next_steps=_paragraphs(next_steps),
        closing="特此报告。",
        signature=signature or org_name,
        issued_on=issued_on or period.end,
        period=period,
        unit=unit,
        summary=summary,
    )


def _area_extras(code: str, unit: Unit, period: counting.Period, summary,
                 existing: list) -> list[list]:
    """Figures that are not activity counts, in the area where the reference report puts them."""
    extras: list[list] = []
    if code == "civilization":
        xuexi = summary.articles.get(Article.Platform.XUEXI)
        if xuexi:
            extras.append(["开展“学习强国”学习和稿件报送，报送稿件",
                           Figure(xuexi["submitted"], "篇",
                                  article_link(unit, period, platform=Article.Platform.XUEXI),
                                  "学习强国稿件"),
                           f"，已采用{xuexi['adopted']}篇"])
        # One figure per platform: the article list filters by one platform, so each
        # figure's link lists exactly the articles it counts.
        others = [(code, label) for code, label in Article.Platform.choices
                  if code != Article.Platform.XUEXI and summary.articles.get(code)]
        if others:
            parts: list = ["向"]
            for i, (code, label) in enumerate(others):
                if i:
                    parts.append("、")
                parts += [f"{label}报送稿件",
                          Figure(summary.articles[code]["submitted"], "篇",
                                 article_link(unit, period, platform=code), f"{label}稿件")]
            extras.append(parts)
    if code == "network":
        supervisors = summary.roles.get(Position.Role.SUPERVISOR, 0)
        if supervisors:
            link = reverse("org:person_list") + "?" + urlencode(
                {"unit": unit.pk, "role": Position.Role.SUPERVISOR,
                 "on": period.end.isoformat()})  # counted on the period's last day
            extras.append(["各党组织共安排网络舆情安全监督员",
                           Figure(supervisors, "名", link, "舆情监督员"),
                           "，确保网络舆情得到有效管控"])
    if code == "incidents" and not existing:
        extras.append([f"{period_phrase(period)}，教育系统未发生意识形态方面的各类问题"])
    if code == "team" and summary.teams["teams"]:
        extras.append(["在各党支部中成立宣传队",
                       Figure(summary.teams["teams"], "支", reverse("ledger:team_list")
                              + "?" + urlencode({"unit": unit.pk,
                                                 "on": period.end.isoformat()}), "宣传队"),
                       "，队员",
                       Figure(summary.teams["members"], "人", None, "宣传队员"),
                       "，畅通宣传渠道"])
    return extras


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
