"""The demo ledger of 示范县教育局: the records behind the reference work report.

`build_ledger_demo()` adds, on top of the demo county of zeren/org/demo.py, the ledger
of January–July 2022 (last year's comparison), all of 2023, propaganda teams,
commitments (承诺践诺) with fulfilments and articles (稿件报送). Everything is drawn
from one fixed seed, so that for 2023-01-01…2023-07-31 the counting service gives the
figures of ../shared/reference/work-report-2023.txt exactly (FIGURES_2023 below):
专题会议 4, 主题活动 57, 宣讲 84, 思政课练兵 3 轮次, 读书学习 72, 道德教育 97,
学习强国 10 篇, 志愿服务 82, 安全宣传 50, 纪念活动 43, 宣传队 20 支近百人.

Besides the records that count, the ledger holds the ones that must not: drafts,
submitted-but-not-reviewed, returned and recycled records of the same categories
inside the period, and the records of August–December, which a period ending on
31 July must not see.

Idempotent: activities are keyed on (unit, category, date, title), articles on (unit,
title, date), teams on (unit, name), commitments on (person, year); a second run finds
everything in place and writes nothing. Rows are bulk-inserted, with one IMPORT audit
event per kind (the demo is the system: actor None).
"""

import datetime
import io
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zeren.core import audit
from zeren.core.models import AuditEvent
from zeren.ledger.models import (
    Activity,
    Article,
    CampaignTag,
    Category,
    Commitment,
    Evidence,
    Fulfilment,
    Team,
)
from zeren.org import demo as org_demo
from zeren.org.models import Person, Unit, User

SEED = 20230731
PERIOD_START = datetime.date(2023, 1, 1)
PERIOD_END = datetime.date(2023, 7, 31)

# The reference report's figures for 2023-01-01…2023-07-31 (category code → count;
# 思政课练兵 is counted in rounds). The tests assert every one of them.
FIGURES_2023 = {
    "meeting": 4,
    "theme_activity": 57,
    "lecture": 84,
    "ideology_class": 3,
    "reading": 72,
    "moral_education": 97,
    "volunteer": 82,
    "safety_publicity": 50,
    "commemoration": 43,
}
XUEXI_ARTICLES_2023 = 10
TEAMS_2023 = 20
TEAM_MEMBERS_2023 = 98

S = Activity.Status
V = Activity.Venue
F = Activity.Festival

# Where each kind of work happens: unit type → weight.
MIX = {
    "theme_activity": {"school": 5, "branch": 3, "district": 1},
    "lecture": {"school": 4, "branch": 2, "district": 2, "bureau": 1},
    "reading": {"branch": 6, "school": 2, "district": 1, "bureau": 0.5},
    "moral_education": {"school": 7, "branch": 2},
    "volunteer": {"branch": 5, "school": 2, "district": 1},
    "safety_publicity": {"school": 6, "district": 1},
    "commemoration": {"school": 4, "branch": 3},
    "festival": {"school": 4, "branch": 2},
    "analysis": {"district": 1},
    "briefing": {"bureau": 1},
    "deployment": {"bureau": 1, "district": 2},
    "group_study": {"bureau": 2, "school": 1},
    "civility": {"school": 5, "district": 1},
    "party_day": {"branch": 1},
    "info_release": {"school": 3, "district": 2, "bureau": 3},
    "policy_explain": {"bureau": 2, "district": 1},
    "online_comment": {"bureau": 1, "district": 1},
    "team_activity": {"school": 1},
    "integrity": {"branch": 3, "school": 1, "bureau": 1},
    "discipline_study": {"branch": 4, "bureau": 1, "district": 1},
}
# Records per half-year for the categories the report does not state.
OTHER_VOLUME = {
    "analysis": 24, "briefing": 3, "deployment": 14, "group_study": 18, "civility": 30,
    "party_day": 140, "info_release": 75, "policy_explain": 9, "online_comment": 12,
    "team_activity": 36, "integrity": 26, "discipline_study": 34,
}

TITLES = {
    "meeting": ["局党委意识形态工作专题会议"],
    "theme_activity": [
        "“讲述立德树人故事 深化五育并举实践”主题活动", "学习贯彻党的二十大精神主题活动",
        "“三个年”活动推进暨主题教育活动", "“强国有我 青春绽放”主题活动",
        "“清廉学校”建设主题活动", "“学雷锋 树新风”主题活动", "“我为群众办实事”主题活动",
        "“红心向党 强国有我”主题活动",
    ],
    "lecture": [
        "“习语润咸”宣讲活动", "党的二十大精神宣讲", "全国两会精神宣讲",
        "社会主义核心价值观宣讲", "“百名党员讲党课”宣讲", "新时代文明实践宣讲",
    ],
    "ideology_class": ["思政课“三百”提升工程暨“大练兵”"],
    "reading": [
        "党的二十大报告专题学习", "《习近平谈治国理政》第四卷读书活动",
        "学习型党员教师团队读书分享会", "政治理论集中学习", "廉洁政策法规学习",
        "《习近平新时代中国特色社会主义思想学习纲要》读书会", "全国两会精神学习",
    ],
    "moral_education": [
        "师德师风专题教育", "“孝老爱亲”家庭美德教育", "社会公德主题班会",
        "“诚信伴我成长”个人品德教育", "职业道德专题讲座", "“文明礼仪进校园”教育活动",
        "“好家风 好家训”家庭美德教育",
    ],
    "volunteer": [
        "党员志愿服务进社区", "帮助群众抢收抢种志愿服务", "“关爱留守儿童”志愿服务",
        "“文明交通劝导”志愿服务", "义务家访暨送教上门志愿服务", "环境卫生整治志愿服务",
    ],
    "safety_publicity": [
        "社区安全志愿宣传", "防溺水安全宣传进村入户", "“全国中小学生安全教育日”宣传",
        "防灾减灾日安全宣传", "禁毒知识宣传", "防范电信网络诈骗宣传",
    ],
    "commemoration": [
        "清明节“祭英烈”活动", "“缅怀革命先烈 传承红色基因”清明祭扫", "网上祭英烈活动",
        "清明节烈士陵园祭扫",
    ],
    "festival": ["节日主题活动"],
    "analysis": ["意识形态工作分析研判"],
    "briefing": ["听取各学区意识形态工作汇报"],
    "deployment": ["意识形态工作部署推进会", "“三个年”活动部署推进会"],
    "group_study": ["党委理论学习中心组集体学习", "理论学习中心组专题学习"],
    "civility": ["文明校园创建活动", "“文明班级”评比", "校园环境文明创建"],
    "party_day": ["“党员主题日”活动"],
    "info_release": ["工作动态信息发布", "教育工作信息发布", "校园动态发布"],
    "policy_explain": ["招生入学政策解读", "教育惠民政策解读", "“双减”政策解读"],
    "online_comment": ["网络评论引导", "网评员专题培训"],
    "team_activity": ["宣传队进村宣讲", "宣传队文艺宣传", "宣传队政策宣传"],
    "integrity": ["“青春倡廉”廉政教育", "“六个一”廉政教育活动", "廉政警示教育"],
    "discipline_study": ["党纪党规集中学习", "《中国共产党纪律处分条例》学习", "党纪党规知识测试"],
}
FESTIVAL_NAMES = {
    F.LANTERN: "元宵节“闹元宵 猜灯谜”", F.WOMEN: "“三八”妇女节女教职工座谈会",
    F.LABOUR: "“五一”劳动节“劳动最光荣”", F.CHILDREN: "“礼赞新时代 同心向未来”六一庆祝",
    F.DRAGON_BOAT: "“我们的节日·端午”", F.PARTY: "庆祝“七一”建党节",
    F.TEACHERS: "庆祝教师节", F.NATIONAL: "“迎国庆 颂祖国”", F.MID_AUTUMN: "“我们的节日·中秋”",
    F.CHONGYANG: "重阳节敬老",
}
PLACES = {
    "bureau": ["局机关三楼会议室", "局党委会议室", "局机关党员活动室"],
    "district": ["学区会议室", "学区党员活动室"],
    "school": ["学校会议室", "学校报告厅", "多功能室", "学校操场", "各班教室", "图书室"],
    "branch": ["党员活动室", "学校会议室", "党建活动室"],
}
OUTSIDE_PLACES = ["村委会", "社区服务中心", "村文化广场", "镇集市"]
CONTENT = {
    "theme_activity": ("通过主题党课、故事分享、展板展示等形式，"
                       "引导师生坚定理想信念、厚植爱国情怀。"),
    "lecture": "宣讲团成员结合身边人身边事，深入浅出地宣讲党的创新理论，现场互动热烈。",
    "ideology_class": ("各学科思政课教师同课异构、集体评课，"
                       "以赛促教、以练促学，提升思政课育人实效。"),
    "reading": "党员教师逐章研读、交流心得，做到学思用贯通、知信行统一。",
    "moral_education": "结合典型事例开展教育，引导师生明大德、守公德、严私德。",
    "volunteer": "党员志愿者深入村组农户，用实际行动践行初心使命，受到群众好评。",
    "safety_publicity": "志愿者发放宣传资料、讲解安全知识，提高群众和学生的安全意识。",
    "commemoration": "师生向革命烈士默哀、敬献花篮，重温入党誓词、聆听英烈故事。",
    "festival": "倡导文明和谐、实用节俭、廉洁过节的现代节日理念，弘扬中华优秀传统文化。",
    "analysis": "逐项查找意识形态领域风险点，研究制定防范措施，明确责任人和完成时限。",
    "briefing": "各学区逐一汇报意识形态工作开展情况，局党委对下一步工作提出明确要求。",
    "deployment": "对本阶段意识形态重点工作作出安排部署，明确任务分工和时间节点。",
    "group_study": "中心组成员围绕学习主题交流研讨，跟进学习习近平总书记最新重要讲话精神。",
    "civility": "以创建促提升，进一步美化校园环境、规范师生言行，营造文明和谐的育人氛围。",
    "party_day": "党员重温入党誓词、集中学习、交纳党费，开展党员教育和宗教排查宣传。",
    "info_release": "通过单位公众号和网站及时发布工作动态，传播教育正能量。",
    "policy_explain": "面向家长和社会解读政策要点，及时回应群众关切。",
    "online_comment": "加强网络评论引导，坚持正确的舆论导向，营造清朗网络空间。",
    "team_activity": "宣传队深入村组、社区开展宣传，畅通宣传渠道，扩大宣传覆盖面。",
    "integrity": "围绕“青春倡廉”开展廉政教育，引导年轻党员干部筑牢拒腐防变思想防线。",
    "discipline_study": "逐条学习党纪党规，严格党员领导干部纪律约束，做到知敬畏、存戒惧、守底线。",
}
EFFECTS = [
    "活动取得良好效果。", "参与人员纷纷表示深受教育。", "进一步增强了责任意识和使命担当。",
    "活动影像资料已存档。", "下一步将持续抓好落实。",
]
# 亮点: narrative the report can quote, placed on chosen approved records of 2023.
HIGHLIGHTS = [
    ("theme_activity", "school", "“讲述立德树人故事 深化五育并举实践”主题活动启动",
     "学校以“讲述立德树人故事 深化五育并举实践”为主题，组织12名党员教师讲述育人故事，"
     "编印《育人故事集》一册，同步开展“五育并举”成果展示，带动全体教职工把党的二十大精神"
     "转化为立德树人的具体行动，做法被县融媒体专题报道。"),
    ("lecture", "district", "“习语润咸”宣讲进社区",
     "学区组建由党员校长、骨干教师组成的“习语润咸”宣讲小分队，走进村组和社区开展“板凳会”"
     "式宣讲6场次，用群众听得懂的语言讲清党的二十大精神，现场解答教育惠民政策问题20余个。"),
    ("ideology_class", "school", "思政课“大练兵”第一轮展示课",
     "率先在高中段开展思政课“三百”提升工程，全体思政课教师同课异构、集体评课，"
     "评选优质课5节并在全县推广，带动义务段全面逐步开展。"),
    ("reading", "branch", "学习型党员教师团队读书分享会",
     "党支部以建设学习型党员教师团队为抓手，制定“每月一书”学习计划，党员教师撰写读书笔记"
     "和心得体会30余篇，用党的创新理论铸魂育人。"),
    ("moral_education", "school", "“好家风 好家训”家庭美德教育",
     "学校开展“好家风 好家训”征集和家长课堂活动，收集家训家风故事百余篇，评选“最美家庭”"
     "10户，把家庭美德教育延伸到每一个家庭。"),
    ("volunteer", "branch", "党员志愿服务帮助群众抢收抢种",
     "麦收时节，党支部组织党员志愿服务队深入留守老人家庭，帮助群众抢收抢种，"
     "发放防溺水、防电诈宣传资料，受到村民一致好评。"),
    ("commemoration", "school", "清明节“祭英烈”活动",
     "清明前夕，学校组织师生到烈士陵园开展“缅怀革命先烈 传承红色基因”祭扫活动，"
     "少先队员讲述英烈故事，党员教师重温入党誓词，让红色基因代代相传。"),
    ("festival", "school", "“礼赞新时代 同心向未来”六一庆祝活动",
     "“六一”国际儿童节来临之际，学校举办“礼赞新时代 同心向未来”系列庆祝活动，"
     "通过文艺展演、新队员入队仪式和“红领巾心向党”主题队会，筑牢少年儿童的理想信念。"),
    ("safety_publicity", "school", "防溺水安全宣传进村入户",
     "暑假前，学校组织班主任和党员教师分组进村入户，逐户签订防溺水安全责任书，"
     "在危险水域设置警示标志，实现防溺水宣传全覆盖。"),
    ("integrity", "branch", "“青春倡廉”年轻党员干部廉政教育",
     "围绕“青春倡廉”开展“六个一”活动：读一本廉政书籍、看一部警示教育片、写一篇心得体会、"
     "上一堂廉政党课、签一份承诺书、开展一次家访，引导年轻党员干部扣好廉洁从教的“第一粒扣子”。"),
]
PROMISES = [
    "认真备好每一节课，所带班级学生成绩稳步提升", "每学期家访不少于20户，做到留守儿童全覆盖",
    "结对帮扶1至2名学习困难学生", "带头学习党的二十大精神，撰写学习心得不少于4篇",
    "坚守师德底线，不参与有偿补课", "积极参加志愿服务，全年不少于6次",
    "上好一堂示范课，带动青年教师成长", "做好班级安全教育，确保所带班级全年无安全事故",
]
FULFILMENTS = [
    "完成家访{n}户，建立留守儿童成长档案。", "结对帮扶学生成绩提高明显，家长满意。",
    "撰写学习心得{n}篇，在支部会议上交流发言。", "参加党员志愿服务{n}次。",
    "上示范课{n}节，指导青年教师2名。", "开展班级安全教育{n}次，全年无安全事故。",
]
RETURN_REASONS = [
    "佐证材料不全，请补充活动照片和签到表。", "活动内容描述过于简单，请补充具体内容。",
    "参加人数与签到表不一致，请核实。", "类别选择有误，请改为正确的类别后重新提交。",
]


@dataclass
class LedgerResult:
    created_activities: int = 0
    created_articles: int = 0
    created_teams: int = 0
    created_commitments: int = 0
    created_fulfilments: int = 0
    created_evidence: int = 0


@dataclass
class _Unit:
    code: str
    name: str
    kind: str  # bureau, district, school, branch (offices are not recording units)
    stage: str
    district: str  # the place name of its 学区 ("城关"), "" for the bureau
    village: str
    weight: float = 1.0


@dataclass
class _Row:
    unit: str
    category: str
    date: datetime.date
    title: str
    status: str = S.APPROVED
    deleted: bool = False
    place: str = ""
    participants: int = 0
    description: str = ""
    venue: str = ""
    round_no: int | None = None
    festival: str = ""
    topics: str = ""
    resolutions: str = ""
    expected: int | None = None
    present: int | None = None
    highlight: bool = False
    tags: list[str] = field(default_factory=list)
    return_reason: str = ""
    team: str = ""

    @property
    def key(self):
        return (self.unit, self.category, self.date, self.title)


def _units(org_plan) -> dict[str, _Unit]:
    places = {f"SFX-D{i:02d}": (place, villages[0])
              for i, (place, villages) in enumerate(org_demo.DISTRICT_PLACES, start=1)}
    specs = {s.code: s for s in org_plan.units}
    units = {}
    for spec in org_plan.units:
        if spec.type == Unit.Type.OTHER:
            continue
        district = spec.code[:7] if spec.code.startswith("SFX-D") else ""
        place, village = places.get(district, ("城关", "东街"))
        if spec.code.startswith("SFX-H") and specs[spec.code].parent_code:
            parent = specs[spec.code].parent_code
            place, village = places.get(parent[:7], (place, village))
        kind = {Unit.Type.BUREAU: "bureau", Unit.Type.DISTRICT: "district",
                Unit.Type.SCHOOL: "school", Unit.Type.BRANCH: "branch"}[spec.type]
        stage = spec.stage or (specs[spec.parent_code].stage if kind == "branch" else "")
        units[spec.code] = _Unit(spec.code, spec.name, kind, stage, place, village)
    return units


def _calendar(start: datetime.date, end: datetime.date, *, outdoor=False):
    """(dates, weights): school days weigh most; the Spring Festival weeks and the summer
    holiday are quiet; the spring term is the busiest."""
    month_weight = {1: 0.5, 2: 0.9, 3: 1.3, 4: 1.3, 5: 1.2, 6: 1.1, 7: 0.5, 8: 0.3,
                    9: 1.2, 10: 1.0, 11: 1.2, 12: 1.0}
    winter = {2022: (datetime.date(2022, 1, 15), datetime.date(2022, 2, 13)),
              2023: (datetime.date(2023, 1, 14), datetime.date(2023, 2, 5))}
    dates, weights = [], []
    day = start
    while day <= end:
        w = month_weight[day.month]
        if day.weekday() >= 5:
            w *= 0.45 if outdoor else 0.08
        lo, hi = winter.get(day.year, (None, None))
        if lo and lo <= day <= hi:
            w *= 0.03
        if (day.month == 7 and day.day > 12) or day.month == 8:
            w *= 0.6 if outdoor else 0.12
        dates.append(day)
        weights.append(w)
        day += datetime.timedelta(days=1)
    return dates, weights


class _Planner:
    def __init__(self, units: dict[str, _Unit], rng: random.Random, year_label: str):
        self.units = units
        self.rng = rng
        self.rows: list[_Row] = []
        self.keys: set = set()
        self.year_label = year_label
        for u in sorted(units.values(), key=lambda u: u.code):
            u.weight = rng.uniform(0.5, 1.6) * (1.8 if u.stage == Unit.Stage.HIGH else 1.0)

    def pick_unit(self, code: str, only=None) -> _Unit:
        mix = MIX[code]
        pool = [u for u in self.units.values() if u.kind in mix and (only is None or only(u))]
        pool.sort(key=lambda u: u.code)
        return self.rng.choices(pool, weights=[mix[u.kind] * u.weight for u in pool])[0]

    def place(self, unit: _Unit, outdoor=False) -> str:
        if outdoor:
            return f"{unit.district}镇{unit.village}{self.rng.choice(OUTSIDE_PLACES)}"
        return self.rng.choice(PLACES[unit.kind])

    def participants(self, unit: _Unit, code: str) -> int:
        if code in ("moral_education", "safety_publicity", "festival", "commemoration",
                    "theme_activity") and unit.kind == "school":
            return self.rng.randint(60, 650 if unit.stage == Unit.Stage.HIGH else 320)
        base = {"bureau": (18, 45), "district": (12, 40), "school": (15, 60),
                "branch": (6, 24)}[unit.kind]
        return self.rng.randint(*base)

    def add(self, row: _Row) -> bool:
        if row.key in self.keys:
            return False
        self.keys.add(row.key)
        self.rows.append(row)
        return True

    def make(self, code: str, unit: _Unit, day: datetime.date, title: str, **extra) -> _Row:
        outdoor = code in ("volunteer", "safety_publicity") and self.rng.random() < 0.6
        participants = self.participants(unit, code)
        place = extra.pop("place", None) or self.place(unit, outdoor)
        who = {"bureau": "局机关干部", "district": "学区干部教师", "school": "师生",
               "branch": "党员"}[unit.kind]
        description = extra.pop("description", None) or (
            f"{day.month}月{day.day}日，{unit.name}组织{who}{participants}人在{place}开展"
            f"{title}。{CONTENT.get(code, '')}{self.rng.choice(EFFECTS)}"
        )
        return _Row(unit=unit.code, category=code, date=day, title=title, place=place,
                    participants=participants, description=description, **extra)

    def fill(self, code: str, count: int, start, end, *, only=None, outdoor=False,
             **extra_fn) -> list[_Row]:
        """`count` new rows of category `code` in [start, end], spread by the calendar."""
        dates, weights = _calendar(start, end, outdoor=outdoor or code in (
            "volunteer", "safety_publicity"))
        made = []
        tries = 0
        while len(made) < count:
            tries += 1
            if tries > count * 50:
                raise RuntimeError(f"cannot place {count} {code} records")
            unit = self.pick_unit(code, only)
            day = self.rng.choices(dates, weights=weights)[0]
            title = self.rng.choice(TITLES[code])
            extra = {k: f(unit, day) for k, f in extra_fn.items()}
            row = self.make(code, unit, day, title, **extra)
            if self.add(row):
                made.append(row)
        return made


def _venue(rng):
    def pick(unit: _Unit, day) -> str:
        if unit.kind in ("bureau", "district"):
            return rng.choice([V.ORGAN, V.ORGAN, V.COMMUNITY])
        return rng.choice([V.CAMPUS, V.CAMPUS, V.CLASSROOM, V.CLASSROOM, V.COMMUNITY])
    return pick


def _year_plan(units: dict[str, _Unit], rng: random.Random, year: int, scale: float,
               start: datetime.date, end: datetime.date, *, exact: bool,
               teams: set[str]) -> list[_Row]:
    """Records of one stretch of a year. `exact`: the approved counts are FIGURES_2023."""
    p = _Planner(units, rng, str(year))

    def n(code):
        return FIGURES_2023[code] if exact else max(1, round(FIGURES_2023[code] * scale))

    bureau = units[org_demo.ROOT_CODE]
    # 专题会议: the bureau's own meetings, with topics, resolutions and attendance.
    all_days = [datetime.date(year, m, d) for m, d in ((2, 14), (4, 11), (6, 6), (7, 18),
                                                       (9, 12), (12, 5))]
    meeting_days = [d for d in all_days if start <= d <= end][: n("meeting")]
    topics = ["传达学习上级关于意识形态工作的文件精神", "分析研判当前教育系统意识形态领域形势",
              "研究部署“三个年”活动和清廉学校建设", "审议意识形态工作责任制落实情况"]
    for day in meeting_days:
        number = all_days.index(day) + 1 + (1 if day.month > 7 else 0)  # 5th: a July draft
        expected = 11
        p.add(p.make("meeting", bureau, day, f"{year}年第{number}次意识形态工作专题会议",
                     place="局党委会议室",
                     topics="；".join(rng.sample(topics, 2)),
                     resolutions="会议要求各学区、学校压实意识形态工作责任，按期报送台账。",
                     expected=expected, present=expected - rng.choice((0, 0, 1))))
    # 思政课练兵: rounds in the high schools only.
    highs = sorted(u.code for u in units.values()
                   if u.kind == "school" and u.stage == Unit.Stage.HIGH)
    round_months = {1: (3, 8), 2: (4, 19), 3: (6, 7), 4: (10, 17), 5: (11, 21)}
    rounds = [r for r, (m, d) in round_months.items()
              if start <= datetime.date(year, m, d) <= end]
    rounds = rounds[: n("ideology_class")]
    for r in rounds:
        m, d = round_months[r]
        for offset, code in enumerate(highs):
            day = datetime.date(year, m, d) + datetime.timedelta(days=offset)
            p.add(p.make("ideology_class", units[code], day,
                         f"思政课“三百”提升工程暨“大练兵”第{r}轮", round_no=r))
    # 纪念活动 around 清明 (late March – mid April), and 烈士纪念日 in the autumn.
    qm_lo, qm_hi = datetime.date(year, 3, 24), datetime.date(year, 4, 14)
    if start <= qm_lo and qm_hi <= end:
        p.fill("commemoration", n("commemoration"), qm_lo, qm_hi)
    if start <= datetime.date(year, 9, 30) <= end:
        for _ in range(6):
            unit = p.pick_unit("commemoration")
            p.add(p.make("commemoration", unit, datetime.date(year, 9, 30),
                         "烈士纪念日“缅怀先烈”活动"))
    # 宣讲 across the four venues: every venue at least a few times.
    lectures = p.fill("lecture", n("lecture"), start, end, venue=_venue(rng))
    for row, venue in zip(lectures, (V.ORGAN, V.CAMPUS, V.CLASSROOM, V.COMMUNITY), strict=False):
        row.venue = venue
    for code in ("theme_activity", "reading", "moral_education", "volunteer",
                 "safety_publicity"):
        p.fill(code, n(code), start, end)
    # 节日活动 on the days of the festivals.
    festival_days = {
        F.LANTERN: ((2, 6), 2), F.WOMEN: ((3, 8), 5), F.LABOUR: ((4, 28), 9),
        F.CHILDREN: ((6, 1), 22), F.DRAGON_BOAT: ((6, 21), 8), F.PARTY: ((7, 1), 12),
        F.TEACHERS: ((9, 10), 14), F.NATIONAL: ((9, 28), 10), F.MID_AUTUMN: ((9, 27), 6),
        F.CHONGYANG: ((10, 23), 4),
    }
    for festival, ((m, d), count) in festival_days.items():
        day0 = datetime.date(year, m, d)
        if not start <= day0 <= end:
            continue
        lo = day0 - datetime.timedelta(days=3)
        p.fill("festival", max(1, round(count * (1 if exact else scale))), max(lo, start),
               min(day0, end), only=None, festival=lambda u, day, f=festival: f)
    for row in p.rows:
        if row.category == "festival":
            row.title = f"{FESTIVAL_NAMES[row.festival]}活动"
    # The categories the report does not count in figures.
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    for code, volume in OTHER_VOLUME.items():
        count = max(1, round(volume * months / 6 * (scale if not exact else 1)))
        if code == "analysis":
            continue  # by the 包抓 leaders, below
        p.fill(code, count, start, end,
               only=(lambda u: u.code in teams) if code == "team_activity" else None)
    for row in p.rows:
        if row.category in ("deployment", "theme_activity", "lecture") and rng.random() < 0.25:
            row.tags.append("三个年")
        if row.category in ("integrity", "discipline_study") or rng.random() < 0.05:
            row.tags.append("清廉学校")
    return p.rows


def _analyses(units, leaders, rng, start, end) -> list[_Row]:
    """分析研判 by the 包抓 leaders: each district once a quarter, recorded by the district."""
    rows = []
    quarters = [(1, 3), (4, 6), (7, 9), (10, 12)]
    for lo_m, hi_m in quarters:
        lo = max(start, datetime.date(start.year, lo_m, 1))
        hi = min(end, datetime.date(start.year, hi_m, 28))
        if lo > hi:
            continue
        for district_code, (leader_name, leader_title) in sorted(leaders.items()):
            unit = units[district_code]
            day = lo + datetime.timedelta(days=rng.randint(10, max(10, (hi - lo).days)))
            day = min(day, hi)
            if day.weekday() >= 5:
                day -= datetime.timedelta(days=day.weekday() - 4)
            if day < lo:
                continue
            rows.append(_Row(
                unit=district_code, category="analysis", date=day,
                title=f"{leader_title}{leader_name}到{unit.name}开展意识形态工作分析研判",
                place="学区会议室", participants=rng.randint(8, 20),
                description=(f"{leader_title}{leader_name}按照分片包抓分工，到{unit.name}"
                             f"听取汇报并开展意识形态工作分析研判。{CONTENT['analysis']}"),
            ))
    return rows


def _mark_not_counted(rows: list[_Row], units, rng: random.Random, start,
                      end) -> list[_Row]:
    """Records in the counted categories inside the period that must NOT count: drafts,
    submitted ones, returned ones and approved ones in the recycle bin."""
    extra = []
    p = _Planner(units, random.Random(rng.random()), "x")
    p.keys = {r.key for r in rows}
    for code in FIGURES_2023:
        if code in ("meeting", "ideology_class"):
            continue
        lo, hi = (datetime.date(start.year, 3, 24), datetime.date(start.year, 4, 14)) \
            if code == "commemoration" else (start, end)
        venue = {"venue": _venue(p.rng)} if code == "lecture" else {}
        for status, deleted in ((S.DRAFT, False), (S.DRAFT, False), (S.SUBMITTED, False),
                                (S.SUBMITTED, False), (S.RETURNED, False), (S.APPROVED, True)):
            row = p.fill(code, 1, lo, hi, **venue)[0]
            row.status, row.deleted = status, deleted
            if status == S.RETURNED:
                row.return_reason = p.rng.choice(RETURN_REASONS)
            extra.append(row)
    bureau = units[org_demo.ROOT_CODE]
    extra.append(p.make("meeting", bureau, datetime.date(start.year, 7, 25),
                        f"{start.year}年第5次意识形态工作专题会议（筹备）", status=S.DRAFT,
                        place="局党委会议室", topics="研究部署下半年意识形态工作"))
    for code in ("SFX-H01", "SFX-H02"):
        extra.append(p.make("ideology_class", units[code], datetime.date(start.year, 5, 16),
                            "思政课“大练兵”第4轮（校内预赛）", round_no=4,
                            status=S.SUBMITTED))
    return extra


def team_schools(org_plan, seed: int = SEED) -> list:
    """The schools with a propaganda team: TEAMS_2023 active ones, then one founded after
    the period and one disbanded."""
    schools = sorted(_school_specs(org_plan), key=lambda s: s.code)
    return random.Random(seed + 2).sample(schools, TEAMS_2023 + 2)


def plan_activities(org_plan, seed: int = SEED) -> list[_Row]:
    rng = random.Random(seed)
    units = _units(org_plan)
    teams = {s.code for s in team_schools(org_plan, seed)}
    people = {p.key: p for p in org_plan.people}
    leaders = {unit_code: (people[key].name, people[key].title.split("、")[0])
               for key, unit_code in org_plan.assignments}
    rows: list[_Row] = []
    # 2022 January–July: last year's comparison, a little less work.
    s22, e22 = datetime.date(2022, 1, 1), datetime.date(2022, 7, 31)
    rows += _year_plan(units, rng, 2022, 0.85, s22, e22, exact=False, teams=teams)
    rows += _analyses(units, leaders, rng, s22, e22)
    # 2023 January–July: exactly the report's figures.
    r23 = _year_plan(units, rng, 2023, 1.0, PERIOD_START, PERIOD_END, exact=True,
                     teams=teams)
    rows += r23
    rows += _analyses(units, leaders, rng, PERIOD_START, PERIOD_END)
    rows += _mark_not_counted(r23, units, rng, PERIOD_START, PERIOD_END)
    # 2023 August–December: the rest of the year, which the period must not see.
    s_autumn, e_autumn = datetime.date(2023, 8, 1), datetime.date(2023, 12, 31)
    rows += _year_plan(units, rng, 2023, 0.6, s_autumn, e_autumn, exact=False, teams=teams)
    rows += _analyses(units, leaders, rng, s_autumn, e_autumn)
    # 亮点 on chosen approved 2023 records.
    done = set()
    for code, kind, title, text in HIGHLIGHTS:
        pool = [r for r in r23 if r.category == code and r.status == S.APPROVED
                and not r.deleted and units[r.unit].kind == kind and r.key not in done]
        if not pool:
            pool = [r for r in r23 if r.category == code and r.key not in done]
        row = pool[rng.randrange(len(pool))]
        row.highlight, row.description = True, text
        renamed = (row.unit, row.category, row.date, title)
        if code not in ("festival", "ideology_class") and renamed not in {r.key for r in rows}:
            row.title = title
        done.add(row.key)
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys)), "demo ledger plan has duplicate records"
    return rows


# Building ------------------------------------------------------------------------------------

def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _accounts() -> tuple[dict, dict]:
    users = {u.username: u for u in User.objects.filter(
        username__in=["staff", "district01", "school01", "school02"]).select_related("unit")}
    return users, {u.unit.code: u for u in users.values() if u.unit_id}


@transaction.atomic
def build_ledger_demo(*, seed: int = SEED, photos: bool = True) -> LedgerResult:
    """Add the demo ledger to the demo county (built first by org.demo.build_demo)."""
    result = LedgerResult()
    org_plan = org_demo.plan()
    unit_ids = dict(Unit.objects.filter(code__in=[u.code for u in org_plan.units])
                    .values_list("code", "id"))
    if org_demo.ROOT_CODE not in unit_ids:
        return result
    categories = dict(Category.objects.values_list("code", "id"))
    tags = {t.name: t for t in CampaignTag.objects.all()}
    users, by_unit = _accounts()
    staff, district01 = users.get("staff"), users.get("district01")
    rows = plan_activities(org_plan, seed)
    rng = random.Random(seed + 1)  # review times; each kind below has its own generator

    existing = set(Activity.objects.filter(unit_id__in=unit_ids.values())
                   .values_list("unit_id", "category_id", "date", "title"))
    new, new_rows = [], []
    for row in rows:
        key = (unit_ids[row.unit], categories[row.category], row.date, row.title)
        if key in existing:
            continue
        existing.add(key)
        submitted = _aware(row.date, rng.randint(16, 21)) if row.status != S.DRAFT else None
        reviewed = None
        reviewer = None
        if row.status in (S.APPROVED, S.RETURNED):
            reviewed = submitted + datetime.timedelta(days=rng.randint(1, 4),
                                                      hours=rng.randint(-6, 2))
            reviewer = district01 if (row.unit.startswith("SFX-D01-") and district01) else staff
        author = by_unit.get(row.unit) or by_unit.get(row.unit[:-2] if row.unit.endswith("-B")
                                                      else "")
        if row.unit == org_demo.ROOT_CODE:
            author = staff
        new.append(Activity(
            category_id=categories[row.category], unit_id=unit_ids[row.unit], date=row.date,
            title=row.title, place=row.place, participants=row.participants,
            description=row.description, venue=row.venue, round_no=row.round_no,
            festival=row.festival, topics=row.topics, resolutions=row.resolutions,
            expected_count=row.expected, present_count=row.present,
            is_highlight=row.highlight, status=row.status, return_reason=row.return_reason,
            created_by=author, submitted_at=submitted, reviewed_by=reviewer,
            reviewed_at=reviewed,
            deleted_at=(reviewed + datetime.timedelta(days=3)) if row.deleted else None,
        ))
        new_rows.append(row)
    if new:
        Activity.objects.bulk_create(new, batch_size=500)
        links = [Activity.tags.through(activity_id=a.pk, campaigntag_id=tags[name].pk)
                 for a, row in zip(new, new_rows, strict=True) for name in row.tags
                 if name in tags]
        Activity.tags.through.objects.bulk_create(links, batch_size=500)
        audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="ledger.activity",
                     object_repr="示范县演示台账", after={"count": len(new)},
                     detail=f"演示数据：批量导入 {len(new)} 条台账记录")
        result.created_activities = len(new)

    people = {(code, name): pk for pk, code, name in Person.objects.filter(
        unit_id__in=unit_ids.values()).values_list("pk", "unit__code", "name")}
    result.created_teams = _build_teams(org_plan, unit_ids, people, random.Random(seed + 3))
    result.created_articles = _build_articles(org_plan, unit_ids, random.Random(seed + 4))
    result.created_commitments, result.created_fulfilments = _build_commitments(
        org_plan, unit_ids, people, random.Random(seed + 5))
    if photos:
        result.created_evidence = _attach_photos(unit_ids)
    return result


def _school_specs(org_plan):
    return [s for s in org_plan.units if s.type == Unit.Type.SCHOOL]


def _build_teams(org_plan, unit_ids, people, rng) -> int:
    chosen = team_schools(org_plan)
    staff_of = {}
    for spec in org_plan.people:
        staff_of.setdefault(spec.unit_code, []).append(spec)
    sizes = [5] * TEAMS_2023
    for i in rng.sample(range(TEAMS_2023), 5 * TEAMS_2023 - TEAM_MEMBERS_2023):
        sizes[i] -= 1
    plans = []  # (school, name, founded_on, active, member keys)
    for index, school in enumerate(chosen):
        pool = [p for p in staff_of[school.code] if "书记" not in p.title]
        if index < TEAMS_2023:
            founded = datetime.date(2022, 9, 1) + datetime.timedelta(days=rng.randint(0, 220))
            plans.append((school, f"{school.name}“红烛”宣传队", founded, True,
                          rng.sample(pool, sizes[index])))
        elif index == TEAMS_2023:  # founded after the period: not in the July figure
            plans.append((school, f"{school.name}青年教师宣传队", datetime.date(2023, 9, 15),
                          True, rng.sample(pool, 4)))
        else:  # disbanded
            plans.append((school, f"{school.name}原文艺宣传队", datetime.date(2021, 9, 1),
                          False, rng.sample(pool, 3)))
    existing = set(Team.objects.filter(unit_id__in=unit_ids.values())
                   .values_list("unit_id", "name"))
    todo = [t for t in plans if (unit_ids[t[0].code], t[1]) not in existing]
    if not todo:
        return 0
    teams = [Team(name=name, unit_id=unit_ids[school.code],
                  leader_id=people[members[0].key], founded_on=founded, is_active=active)
             for school, name, founded, active, members in todo]
    Team.objects.bulk_create(teams)
    Team.members.through.objects.bulk_create([
        Team.members.through(team_id=team.pk, person_id=people[m.key])
        for team, (_, _, _, _, members) in zip(teams, todo, strict=True) for m in members])
    # Each team's own activities (宣传队活动 of its school) are linked to it.
    links = []
    for team in teams:
        for pk in Activity.objects.filter(unit_id=team.unit_id,
                                          category__code="team_activity").values_list(
                                              "pk", flat=True):
            links.append(Team.activities.through(team_id=team.pk, activity_id=pk))
    Team.activities.through.objects.bulk_create(links)
    audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="ledger.team",
                 object_repr="示范县演示台账", after={"count": len(teams)},
                 detail=f"演示数据：批量导入 {len(teams)} 支宣传队")
    return len(teams)


def _build_articles(org_plan, unit_ids, rng) -> int:
    schools = sorted(_school_specs(org_plan), key=lambda s: s.code)
    names = {s.key: s for s in org_plan.people}
    topics = ["党的二十大精神进校园", "“三个年”活动扎实推进", "清廉学校建设见成效",
              "思政课“大练兵”掀起热潮", "学习型党员教师团队建设", "“习语润咸”宣讲走进课堂",
              "劳动教育促成长", "“双减”落地见实效", "家校共育暖人心", "红色基因代代传"]
    plans = []  # (unit code, title, platform, submitted, adopted, adopted date, author)

    def add(platform, count, lo, hi, adopted_share):
        for i in range(count):
            school = rng.choice(schools)
            day = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))
            author = rng.choice([p for k, p in names.items() if k[0] == school.code]).name
            adopted = i < round(count * adopted_share)
            title = f"{school.name}：{rng.choice(topics)}"
            plans.append((school.code, title, platform, day, adopted,
                          day + datetime.timedelta(days=rng.randint(2, 12)) if adopted
                          else None, author, False))

    P = Article.Platform
    add(P.XUEXI, 7, datetime.date(2022, 2, 20), datetime.date(2022, 7, 10), 0.3)
    add(P.COUNTY_MEDIA, 14, datetime.date(2022, 2, 20), datetime.date(2022, 7, 10), 0.6)
    add(P.XUEXI, XUEXI_ARTICLES_2023, datetime.date(2023, 2, 15), datetime.date(2023, 7, 10),
        0.3)
    add(P.COUNTY_MEDIA, 18, datetime.date(2023, 2, 15), datetime.date(2023, 7, 10), 0.55)
    add(P.BUREAU_SITE, 26, datetime.date(2023, 2, 15), datetime.date(2023, 7, 10), 1.0)
    add(P.XUEXI, 6, datetime.date(2023, 8, 1), datetime.date(2023, 12, 20), 0.3)
    # One 学习强国 article put in the recycle bin: not counted.
    school = schools[0]
    plans.append((school.code, f"{school.name}：重复报送的稿件", P.XUEXI,
                  datetime.date(2023, 4, 3), False, None, "", True))
    existing = set(Article.objects.filter(unit_id__in=unit_ids.values())
                   .values_list("unit_id", "title", "submitted_date"))
    new = []
    for code, title, platform, day, adopted, adopted_on, author, deleted in plans:
        key = (unit_ids[code], title, day)
        if key in existing:
            continue
        existing.add(key)
        new.append(Article(
            title=title, unit_id=unit_ids[code], author=author, platform=platform,
            submitted_date=day, is_adopted=adopted, adopted_date=adopted_on,
            link=f"https://example.org/demo/{platform}/{day:%Y%m%d}-{len(new) + 1}"
            if adopted else "",
            deleted_at=_aware(day, 18) if deleted else None))
    if new:
        Article.objects.bulk_create(new)
        audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="ledger.article",
                     object_repr="示范县演示台账", after={"count": len(new)},
                     detail=f"演示数据：批量导入 {len(new)} 篇稿件")
    return len(new)


def _build_commitments(org_plan, unit_ids, people, rng) -> tuple[int, int]:
    members = [p for p in org_plan.people if p.is_party_member and p.unit_code in unit_ids]
    existing = set(Commitment.objects.filter(year=2023, unit_id__in=unit_ids.values())
                   .values_list("person_id", flat=True))
    plans = []
    for spec in members:
        roll = rng.random()
        status = (Commitment.Status.KEPT if roll < 0.86 else Commitment.Status.ONGOING
                  if roll < 0.96 else Commitment.Status.NOT_KEPT)
        promise = "；".join(rng.sample(PROMISES, 2)) + "。"
        entries = []
        for _ in range(rng.randint(1, 3)):
            day = datetime.date(2023, 3, 1) + datetime.timedelta(days=rng.randint(0, 290))
            entries.append((day, rng.choice(FULFILMENTS).format(n=rng.randint(2, 12))))
        if people[spec.key] not in existing:
            plans.append((spec, status, promise, sorted(entries)))
    if not plans:
        return 0, 0
    commitments = [Commitment(person_id=people[s.key], unit_id=unit_ids[s.unit_code],
                              year=2023, promise=promise, status=status)
                   for s, status, promise, _ in plans]
    Commitment.objects.bulk_create(commitments, batch_size=500)
    fulfilments = [Fulfilment(commitment_id=c.pk, date=day, description=text)
                   for c, (_, _, _, entries) in zip(commitments, plans, strict=True)
                   for day, text in entries]
    Fulfilment.objects.bulk_create(fulfilments, batch_size=500)
    audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="ledger.commitment",
                 object_repr="示范县演示台账",
                 after={"count": len(commitments), "fulfilments": len(fulfilments)},
                 detail=f"演示数据：批量导入 {len(commitments)} 项党员承诺、"
                        f"{len(fulfilments)} 条践诺记录")
    return len(commitments), len(fulfilments)


def demo_photo(text_seed: int) -> bytes:
    """A small generated JPEG (a coloured card with a few shapes) standing for a photo."""
    from PIL import Image, ImageDraw

    rng = random.Random(text_seed)
    colour = tuple(rng.randint(90, 200) for _ in range(3))
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 420), rng.randint(0, 260)
        draw.rectangle([x, y, x + rng.randint(30, 120), y + rng.randint(20, 80)],
                       fill=tuple(rng.randint(0, 255) for _ in range(3)))
    draw.rectangle([0, 280, 480, 320], fill=(180, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _attach_photos(unit_ids) -> int:
    """A photo on each 亮点 record (through the evidence service) unless it has one."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zeren.ledger import services

    highlights = list(Activity.objects.filter(unit_id__in=unit_ids.values(), is_highlight=True,
                                              deleted_at__isnull=True)
                      .exclude(pk__in=Evidence.objects.filter(activity__isnull=False)
                               .values("activity_id"))
                      .order_by("date", "pk"))
    for number, activity in enumerate(highlights, start=1):
        upload = SimpleUploadedFile(f"活动照片{number}.jpg", demo_photo(number),
                                    content_type="image/jpeg")
        services.evidence_attach(actor=None, upload=upload, activity=activity)
    return len(highlights)
