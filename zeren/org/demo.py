"""The fictional 示范县教育局: a whole county of demo data, built the same way every time.

`plan()` draws the county from a fixed random seed (units, ~600 people, leadership
groups, designated roles, 包抓, one account per role); `build_demo()` applies the
plan idempotently: units are keyed on their code, people on (unit code, name),
positions on (person, unit, role), accounts on their username. A second run finds
everything in place and changes nothing.

Units, 包抓 and accounts go through the services one by one (each audited); the
~600 people and their positions are bulk-inserted, with one IMPORT audit event
per batch, so the demo builds in seconds on SQLite.
"""

import datetime
import random
import secrets
import string
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zeren.core import audit
from zeren.core.models import AuditEvent
from zeren.org import accounts, services
from zeren.org.models import Assignment, Person, Position, Unit, User
from zeren.org.roles import Role

SEED = 20240901
ROOT_CODE = "SFX"
# Positions and 包抓 date from the 2021 autumn term, so that the demo ledger's years
# (2022 and 2023, zeren/ledger/demo.py) see the county's 舆情监督员 and leaders in place.
POSITION_START = datetime.date(2021, 9, 1)

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
    "傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江"
    "史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯晨欣怡佳琪"
    "雪梅婷丹蕾瑶雯倩颖莉晶燕慧琳雅思梦涵瑞博轩睿泽航远鑫昊磊宁彤悦晓东海波峰亮林春雨夏秋冬"
)
DISTRICT_PLACES = (
    ("城关", ("东街", "西街")), ("东关", ("河湾", "枣园")), ("西关", ("柳林", "槐树")),
    ("南关", ("南坪", "沙坝")), ("北关", ("北坡", "梨园")), ("河口", ("渡口", "新庄")),
    ("石桥", ("石门", "上桥")), ("柳湾", ("下湾", "马家")), ("杨店", ("杨庄", "韩家")),
    ("马坊", ("马坊", "后沟")), ("青山", ("青石", "山口")), ("白水", ("白杨", "水磨")),
)
HIGH_SCHOOLS = (  # (code, name, district index or None for directly under the bureau)
    ("SFX-H01", "示范县第一中学", None),
    ("SFX-H02", "示范县第二中学", None),
    ("SFX-H03", "示范县城关高级中学", 0),
)
PHONE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                  "155", "156", "157", "158", "159", "177", "180", "181", "182", "183", "186",
                  "187", "188", "189", "199")
PR = Position.Role


@dataclass
class PersonSpec:
    unit_code: str
    name: str
    title: str
    is_party_member: bool
    is_cadre: bool
    phone: str
    is_employee: bool = True

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit_code, self.name)


@dataclass
class UnitSpec:
    code: str
    name: str
    type: str
    parent_code: str | None
    stage: str = ""
    order: int = 0


@dataclass
class UserSpec:
    username: str
    role: str
    person_key: tuple[str, str]
    unit_code: str
    scope_code: str | None = None


@dataclass
class Plan:
    units: list[UnitSpec] = field(default_factory=list)
    people: list[PersonSpec] = field(default_factory=list)
    positions: list[tuple[tuple[str, str], str, str]] = field(default_factory=list)
    assignments: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    users: list[UserSpec] = field(default_factory=list)


class _Drawer:
    """Names and phones from one seeded generator; names are unique within a unit."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.taken: dict[str, set[str]] = {}

    def name(self, unit_code: str) -> str:
        taken = self.taken.setdefault(unit_code, set())
        while True:
            given = self.rng.choice(GIVEN)
            if self.rng.random() < 0.7:
                given += self.rng.choice(GIVEN)
            name = self.rng.choice(SURNAMES) + given
            if name not in taken:
                taken.add(name)
                return name

    def phone(self) -> str:
        if self.rng.random() < 0.15:
            return ""
        return self.rng.choice(PHONE_PREFIXES) + "".join(
            self.rng.choice(string.digits) for _ in range(8))


def plan(seed: int = SEED) -> Plan:
    """The whole demo county, drawn from `seed`: the same county on every call."""
    draw = _Drawer(seed)
    rng = draw.rng
    p = Plan()

    def person(unit_code, title, *, party=None, cadre=False) -> tuple[str, str]:
        if party is None:
            party = rng.random() < 0.3
        spec = PersonSpec(unit_code=unit_code, name=draw.name(unit_code), title=title,
                          is_party_member=party, is_cadre=cadre, phone=draw.phone())
        p.people.append(spec)
        return spec.key

    def position(key, unit_code, role):
        p.positions.append((key, unit_code, role))

    # The bureau, its offices, its leadership group.
    p.units.append(UnitSpec(ROOT_CODE, "示范县教育局党委", Unit.Type.BUREAU, None))
    p.units.append(UnitSpec("SFX-XCB", "宣传办", Unit.Type.OTHER, ROOT_CODE, order=1))
    p.units.append(UnitSpec("SFX-DJB", "党建办", Unit.Type.OTHER, ROOT_CODE, order=2))
    secretary = person(ROOT_CODE, "局党委书记、局长", party=True, cadre=True)
    position(secretary, ROOT_CODE, PR.GROUP_LEADER)
    team = []
    for title in ("局党委副书记", "副局长", "副局长", "副局长", "纪检组长"):
        member = person(ROOT_CODE, title, party=True, cadre=True)
        position(member, ROOT_CODE, PR.GROUP_DEPUTY)
        team.append(member)
    office_head = person(ROOT_CODE, "办公室主任", party=True, cadre=True)
    position(office_head, ROOT_CODE, PR.GROUP_MEMBER)
    person(ROOT_CODE, "办公室干事")
    it_head = person(ROOT_CODE, "信息中心主任", cadre=True)
    security = person(ROOT_CODE, "网络安全管理员")
    inspector = person(ROOT_CODE, "纪检监察员", party=True)
    publicity_head = person("SFX-XCB", "宣传办主任", party=True, cadre=True)
    position(publicity_head, ROOT_CODE, PR.GROUP_MEMBER)
    publicity_staff = [person("SFX-XCB", "宣传干事", party=True) for _ in range(2)]
    position(publicity_staff[0], ROOT_CODE, PR.SUPERVISOR)
    position(publicity_staff[0], ROOT_CODE, PR.PUBLICIST)
    position(publicity_staff[1], ROOT_CODE, PR.INFORMANT)
    party_head = person("SFX-DJB", "党建办主任", party=True, cadre=True)
    position(party_head, ROOT_CODE, PR.GROUP_MEMBER)
    for _ in range(2):
        person("SFX-DJB", "党建干事", party=True)

    # Districts, each with its office and leadership group; 包抓 by the team members.
    district_codes = []
    district_admin = None
    for index, (place, _) in enumerate(DISTRICT_PLACES, start=1):
        code = f"SFX-D{index:02d}"
        district_codes.append(code)
        p.units.append(UnitSpec(code, f"{place}学区", Unit.Type.DISTRICT, ROOT_CODE,
                                order=10 + index))
        head = person(code, "学区党总支书记、校长", party=True, cadre=True)
        deputy = person(code, "学区副校长", party=True, cadre=True)
        clerks = [person(code, "学区干事") for _ in range(2)]
        informant = person(code, "学区专干")
        position(head, code, PR.GROUP_LEADER)
        position(deputy, code, PR.GROUP_DEPUTY)
        for clerk in clerks:
            position(clerk, code, PR.GROUP_MEMBER)
        position(clerks[0], code, PR.SUPERVISOR)
        position(informant, code, PR.INFORMANT)
        if index == 1:
            district_admin = informant
    shares = (3, 3, 2, 2, 2)  # five team members answer for the twelve districts
    start = 0
    for member, share in zip(team, shares, strict=True):
        for code in district_codes[start:start + share]:
            p.assignments.append((member, code))
        start += share

    # Schools: 3 high schools, 37 compulsory schools; each with its party branch.
    schools: list[tuple[str, str, str]] = []  # (code, name, stage)
    for code, name, district in HIGH_SCHOOLS:
        parent = ROOT_CODE if district is None else district_codes[district]
        schools.append((code, name, Unit.Stage.HIGH))
        p.units.append(UnitSpec(code, name, Unit.Type.SCHOOL, parent, Unit.Stage.HIGH,
                                order=int(code[-2:])))
    for index, (place, villages) in enumerate(DISTRICT_PLACES):
        names = [f"{place}中心小学", f"{place}初级中学", f"{villages[0]}小学"]
        if index == 0:
            names.append(f"{place}第二小学")
        for number, name in enumerate(names, start=1):
            code = f"{district_codes[index]}-S{number:02d}"
            schools.append((code, name, Unit.Stage.COMPULSORY))
            p.units.append(UnitSpec(code, name, Unit.Type.SCHOOL, district_codes[index],
                                    Unit.Stage.COMPULSORY, order=number))

    school_admins: list[tuple[str, tuple[str, str]]] = []
    first_teacher = None
    for number, (code, name, stage) in enumerate(schools):
        p.units.append(UnitSpec(f"{code}-B", f"{name}党支部", Unit.Type.BRANCH, code))
        high = stage == Unit.Stage.HIGH
        secretary_s = person(code, "党支部书记", party=True, cadre=True)
        principal = person(code, "校长", party=True, cadre=True)
        deputies = [person(code, "副校长", party=True, cadre=True) for _ in range(2 if high else 1)]
        moral = person(code, "德育主任", cadre=True)
        teaching = person(code, "教导主任" if not high else "教务主任", cadre=True)
        size = rng.randint(16, 22) if high else rng.randint(5, 9)
        teachers = [person(code, rng.choice(("教师", "教师", "班主任"))) for _ in range(size)]
        position(secretary_s, code, PR.GROUP_LEADER)
        position(principal, code, PR.GROUP_DEPUTY)
        for member in (*deputies, moral, teaching):
            position(member, code, PR.GROUP_MEMBER)
        supervisors = 2 if high or number % 2 == 0 else 1
        for teacher in teachers[:supervisors]:
            position(teacher, code, PR.SUPERVISOR)
        position(teachers[supervisors], code, PR.PUBLICIST)
        position(teachers[supervisors + 1], code, PR.INFORMANT)
        school_admins.append((code, teachers[supervisors + 1]))
        if first_teacher is None and not high:
            first_teacher = (code, teachers[-1])

    # One account for every role (the usernames the README and the tests name).
    compulsory_admins = [(c, k) for c, k in school_admins if "-D" in c]
    school01 = compulsory_admins[0]
    school02 = next((c, k) for c, k in compulsory_admins if c.startswith("SFX-D02"))
    p.users = [
        UserSpec("sysadmin", Role.SYSADMIN, it_head, ROOT_CODE, ROOT_CODE),
        UserSpec("secadmin", Role.SECADMIN, security, ROOT_CODE, ROOT_CODE),
        UserSpec("auditor", Role.AUDITOR, inspector, ROOT_CODE, ROOT_CODE),
        UserSpec("leader", Role.LEADER, secretary, ROOT_CODE, ROOT_CODE),
        UserSpec("staff", Role.STAFF, publicity_head, "SFX-XCB", ROOT_CODE),
        UserSpec("district01", Role.UNIT_ADMIN, district_admin, district_codes[0]),
        UserSpec("school01", Role.UNIT_ADMIN, school01[1], school01[0]),
        UserSpec("school02", Role.UNIT_ADMIN, school02[1], school02[0]),
        UserSpec("teacher01", Role.MEMBER, first_teacher[1], first_teacher[0]),
    ]
    return p


# Passwords ---------------------------------------------------------------------------------

def random_password() -> str:
    """12 characters from all four classes: always passes the policy."""
    rng = secrets.SystemRandom()
    chars = ([rng.choice(string.ascii_uppercase) for _ in range(3)]
             + [rng.choice(string.ascii_lowercase) for _ in range(5)]
             + [rng.choice(string.digits) for _ in range(3)]
             + [rng.choice("#@%+=-")])
    rng.shuffle(chars)
    return "".join(chars)


def check_password_policy(password: str, usernames) -> None:
    """Raise ValidationError (Chinese) unless `password` suits every demo account."""
    for username in usernames:
        validate_password(password, User(username=username))


# Building ------------------------------------------------------------------------------------

@dataclass
class DemoAccount:
    username: str
    role_label: str
    unit_name: str
    password: str


@dataclass
class DemoResult:
    accounts: list[DemoAccount]
    created_units: int = 0
    created_people: int = 0
    created_positions: int = 0
    created_assignments: int = 0
    created_users: int = 0


@transaction.atomic
def build_demo(*, password: str | None = None, seed: int = SEED) -> DemoResult:
    """Build (or complete) the demo county. Idempotent: a second run changes nothing.

    With `password` every demo account gets it (it must satisfy the policy); without,
    each new account gets a random policy-compliant one, returned in the result.
    Accounts that already exist keep their password unless `password` is given.
    """
    p = plan(seed)
    if password is not None:
        check_password_policy(password, [u.username for u in p.users])
    result = DemoResult(accounts=[])

    # Units, parents before children, through the service (audited one by one).
    units = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in p.units])}
    if ROOT_CODE not in units and Unit.objects.exists():
        raise ValidationError("数据库中已有其他单位，不能再建示范县（示范县必须是根单位）。")
    for spec in p.units:
        if spec.code in units:
            continue
        units[spec.code] = services.unit_create(
            actor=None, parent=units[spec.parent_code] if spec.parent_code else None,
            name=spec.name, code=spec.code, type=spec.type, stage=spec.stage, order=spec.order)
        result.created_units += 1

    # People: one bulk insert, one IMPORT audit event.
    unit_ids = {code: unit.pk for code, unit in units.items()}
    code_of = {pk: code for code, pk in unit_ids.items()}
    existing = {(code_of[unit_id], name): pk for pk, unit_id, name in
                Person.objects.filter(unit_id__in=unit_ids.values())
                .values_list("pk", "unit_id", "name")}
    missing = [s for s in p.people if s.key not in existing]
    if missing:
        Person.objects.bulk_create([
            Person(unit_id=unit_ids[s.unit_code], name=s.name, title=s.title,
                   is_party_member=s.is_party_member, is_employee=s.is_employee,
                   is_cadre=s.is_cadre, phone=s.phone)
            for s in missing
        ], batch_size=500)
        existing = {(code_of[unit_id], name): pk for pk, unit_id, name in
                    Person.objects.filter(unit_id__in=unit_ids.values())
                    .values_list("pk", "unit_id", "name")}
        audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="org.person",
                     object_repr="示范县演示数据", after={"count": len(missing)},
                     detail=f"演示数据：批量导入 {len(missing)} 名人员")
        result.created_people = len(missing)

    # Positions: the same, keyed on (person, unit, role).
    held = set(Position.objects.filter(unit_id__in=unit_ids.values())
               .values_list("person_id", "unit_id", "role"))
    new_positions = []
    for person_key, unit_code, role in p.positions:
        triple = (existing[person_key], unit_ids[unit_code], role)
        if triple not in held:
            held.add(triple)
            new_positions.append(Position(person_id=triple[0], unit_id=triple[1], role=role,
                                          start_date=POSITION_START))
    if new_positions:
        Position.objects.bulk_create(new_positions, batch_size=500)
        audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="org.position",
                     object_repr="示范县演示数据", after={"count": len(new_positions)},
                     detail=f"演示数据：批量导入 {len(new_positions)} 项领导小组和职责")
        result.created_positions = len(new_positions)

    # 包抓 through the service.
    people = Person.objects.in_bulk([existing[k] for k, _ in p.assignments])
    assigned = set(Assignment.objects.values_list("leader_id", "unit_id"))
    for person_key, unit_code in p.assignments:
        leader = people[existing[person_key]]
        if (leader.pk, unit_ids[unit_code]) in assigned:
            continue
        services.assignment_create(actor=None, leader=leader, unit=units[unit_code],
                                   start_date=POSITION_START)
        result.created_assignments += 1

    # Accounts through the account services.
    for spec in p.users:
        result.accounts.append(_ensure_account(spec, units, existing, password, result))
    return result


def _ensure_account(spec: UserSpec, units, people, password, result) -> DemoAccount:
    unit = units[spec.unit_code]
    user = User.objects.filter(username=spec.username).first()
    shown = password if password is not None else "（未改变）"
    if user is None:
        chosen = password if password is not None else random_password()
        user = accounts.user_create(actor=None, username=spec.username, unit=unit,
                                    password=chosen,
                                    person=Person.objects.get(pk=people[spec.person_key]),
                                    must_change_password=False)
        shown = chosen
        result.created_users += 1
    elif password is not None and not user.check_password(password):
        accounts.password_reset(actor=None, user=user, new_password=password)
        # A demo account is meant to be logged into at once: no forced change.
        User.objects.filter(pk=user.pk).update(must_change_password=False)
    accounts.role_grant(actor=None, user=user, role=spec.role)  # no-op when already held
    scope = units[spec.scope_code] if spec.scope_code else None
    if user.scope_id != (scope.pk if scope else None):
        accounts.scope_set(actor=None, user=user, scope=scope)
    return DemoAccount(spec.username, Role(spec.role).label, unit.name, shown)
