"""The fixture county every test can stand on (built with the real services).

bureau ─┬─ district_1 ── school_a ── branch_a
        └─ district_2 ── school_b ── branch_b

and a user for every role: sysadmin, secadmin, auditor, leader, staff (bureau
scope), admin_d1 (district 1), admin_a / member_a (school A), admin_b / member_b (school B).
"""

from dataclasses import dataclass, field

from zeren.org import accounts, services
from zeren.org.models import Person, Unit, User
from zeren.org.roles import Role

PASSWORD = "Zeren#2026pass"


@dataclass
class County:
    bureau: Unit
    district_1: Unit
    district_2: Unit
    school_a: Unit
    branch_a: Unit
    school_b: Unit
    branch_b: Unit
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def __getattr__(self, name):  # county.admin_a, county.sysadmin ...
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _unit(name, code, type_, parent, **extra):
    return services.unit_create(actor=None, parent=parent, name=name, code=code, type=type_,
                                **extra)


def build_county() -> County:
    bureau = _unit("测试县教育局党委", "T-BUREAU", Unit.Type.BUREAU, None)
    d1 = _unit("第一学区", "T-D1", Unit.Type.DISTRICT, bureau, order=1)
    d2 = _unit("第二学区", "T-D2", Unit.Type.DISTRICT, bureau, order=2)
    school_a = _unit("甲中学", "T-SA", Unit.Type.SCHOOL, d1, stage=Unit.Stage.HIGH)
    branch_a = _unit("甲中学党支部", "T-SA-B", Unit.Type.BRANCH, school_a)
    school_b = _unit("乙小学", "T-SB", Unit.Type.SCHOOL, d2, stage=Unit.Stage.COMPULSORY)
    branch_b = _unit("乙小学党支部", "T-SB-B", Unit.Type.BRANCH, school_b)
    county = County(bureau, d1, d2, school_a, branch_a, school_b, branch_b)

    specs = [
        ("sysadmin", "王系统", bureau, Role.SYSADMIN, bureau),
        ("secadmin", "李安全", bureau, Role.SECADMIN, bureau),
        ("auditor", "赵审计", bureau, Role.AUDITOR, bureau),
        ("leader", "张书记", bureau, Role.LEADER, bureau),
        ("staff", "刘宣传", bureau, Role.STAFF, bureau),
        ("admin_d1", "陈学区", d1, Role.UNIT_ADMIN, None),
        ("admin_a", "周甲", school_a, Role.UNIT_ADMIN, None),
        ("member_a", "吴甲", school_a, Role.MEMBER, None),
        ("admin_b", "郑乙", school_b, Role.UNIT_ADMIN, None),
        ("member_b", "孙乙", school_b, Role.MEMBER, None),
    ]
    for username, name, unit, role, scope in specs:
        person = services.person_create(actor=None, unit=unit, name=name,
                                        is_party_member=True, phone="13812345678")
        user = accounts.user_create(actor=None, username=username, unit=unit, password=PASSWORD,
                                    person=person, must_change_password=False)
        accounts.role_grant(actor=None, user=user, role=role)
        if scope is not None:
            accounts.scope_set(actor=None, user=user, scope=scope)
        county.users[username] = User.objects.get(pk=user.pk)
        county.people[username] = person
    return county


def reseed_data_migrations() -> None:
    """Seed again what the data migrations seeded (the work areas and categories, their
    report phrases). Live-server tests flush the database after each test, and the seeded
    rows with it; seeding is idempotent."""
    import importlib

    from django.apps import apps

    importlib.import_module("zeren.ledger.migrations.0002_seed_taxonomy").seed(apps, None)
    importlib.import_module("zeren.ledger.migrations.0004_category_figure_phrase").seed_phrases(
        apps, None)
