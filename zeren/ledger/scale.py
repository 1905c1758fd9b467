"""County-scale data for load tests: `zeren demo --scale county` and `zeren bench`.

On top of the demo county (zeren/org/demo.py, zeren/ledger/demo.py) it adds village
schools (教学点) with their party branches up to ≈300 units, teachers up to 6,000 people,
and activities up to 180,000 over three years (2023–2025: ≈60,000 a year, DESIGN.md
"Scale"), each with evidence as metadata only (Evidence rows with no file).

Speed over ceremony: rows are generated in memory from a fixed seed and bulk-inserted in
batches with no per-row service or validation (one IMPORT audit event per kind). The
figures of the demo year are NOT kept at this scale. Re-running completes what is
missing: units are keyed on their code, people on (unit, name); activities are topped up
to the target total.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from zeren.core import audit
from zeren.core.models import AuditEvent
from zeren.ledger.demo import CONTENT, EFFECTS, PLACES, RETURN_REASONS, TITLES, _calendar
from zeren.ledger.models import Activity, Category, Evidence
from zeren.org import demo as org_demo
from zeren.org.models import Person, Position, Unit, User

SEED = 20250101
YEARS = (2023, 2024, 2025)


@dataclass(frozen=True)
class Scale:
    units: int
    people: int
    activities: int
    evidence_share: float = 0.6


SCALES = {
    "county": Scale(units=300, people=6000, activities=180_000),
    "tiny": Scale(units=111, people=700, activities=4_000),
}
# Category → relative volume at scale (the mix a real county's ledger shows).
VOLUME = {
    "meeting": 2, "analysis": 4, "briefing": 1, "deployment": 3, "group_study": 5,
    "theme_activity": 9, "lecture": 10, "ideology_class": 2, "reading": 12,
    "moral_education": 14, "civility": 6, "party_day": 16, "volunteer": 10,
    "safety_publicity": 9, "commemoration": 4, "festival": 8, "info_release": 14,
    "policy_explain": 2, "online_comment": 2, "incident": 0.05, "team_activity": 5,
    "integrity": 5, "discipline_study": 6,
}
FESTIVALS = [f for f in Activity.Festival.values if f != Activity.Festival.OTHER]
BATCH = 2000
S = Activity.Status


@dataclass
class ScaleResult:
    units: int = 0
    people: int = 0
    activities: int = 0
    evidence: int = 0
    seconds: float = 0.0
    total_units: int = 0
    total_people: int = 0
    total_activities: int = 0

    def summary(self) -> str:
        return (f"新建单位 {self.units} 个、人员 {self.people} 名、台账记录 {self.activities} 条、"
                f"佐证材料（仅元数据）{self.evidence} 份；现有单位 {self.total_units} 个、人员 "
                f"{self.total_people} 名、台账记录 {self.total_activities} 条。")


def _grow_units(scale: Scale, rng: random.Random) -> int:
    """Village schools (with a party branch each) under the districts, round-robin."""
    have = Unit.objects.count()
    missing_pairs = max(0, (scale.units - have) // 2)
    if not missing_pairs:
        return 0
    districts = list(Unit.objects.filter(type=Unit.Type.DISTRICT).order_by("code"))
    existing = set(Unit.objects.filter(code__contains="-X").values_list("code", flat=True))
    specs = []
    number = 0
    while len(specs) < missing_pairs:
        number += 1
        for index, district in enumerate(districts):
            code = f"{district.code}-X{number:02d}"
            if code in existing:
                continue
            _, villages = org_demo.DISTRICT_PLACES[index % len(org_demo.DISTRICT_PLACES)]
            village = villages[number % 2]
            specs.append((district, code, f"{district.name[:-2]}{village}第{number}教学点"))
            if len(specs) >= missing_pairs:
                break
    schools = [Unit(name=name, code=code, type=Unit.Type.SCHOOL, stage=Unit.Stage.COMPULSORY,
                    parent=district, order=100 + i, depth=district.depth + 1)
               for i, (district, code, name) in enumerate(specs)]
    Unit.objects.bulk_create(schools, batch_size=500)
    for unit, (district, _, _) in zip(schools, specs, strict=True):
        unit.path = f"{district.path}{unit.pk}/"
    Unit.objects.bulk_update(schools, ["path"], batch_size=500)
    branches = [Unit(name=f"{s.name}党支部", code=f"{s.code}-B", type=Unit.Type.BRANCH,
                     parent=s, depth=s.depth + 1) for s in schools]
    Unit.objects.bulk_create(branches, batch_size=500)
    for branch, school in zip(branches, schools, strict=True):
        branch.path = f"{school.path}{branch.pk}/"
    Unit.objects.bulk_update(branches, ["path"], batch_size=500)
    created = len(schools) + len(branches)
    audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="org.unit",
                 object_repr="县级规模测试数据", after={"count": created},
                 detail=f"规模测试数据：批量导入 {created} 个单位")
    return created


def _grow_people(scale: Scale, rng: random.Random) -> int:
    have = Person.objects.count()
    missing = scale.people - have
    if missing <= 0:
        return 0
    schools = list(Unit.objects.filter(type__in=[Unit.Type.SCHOOL]).order_by("code"))
    taken = set(Person.objects.values_list("unit_id", "name"))
    weights = [3.0 if s.stage == Unit.Stage.HIGH else 0.6 if "-X" in s.code else 1.0
               for s in schools]
    people = []
    while len(people) < missing:
        school = rng.choices(schools, weights=weights)[0]
        given = rng.choice(org_demo.GIVEN) + (rng.choice(org_demo.GIVEN)
                                             if rng.random() < 0.8 else "")
        name = rng.choice(org_demo.SURNAMES) + given
        if (school.pk, name) in taken:
            continue
        taken.add((school.pk, name))
        party = rng.random() < 0.3
        people.append(Person(unit=school, name=name, title=rng.choice(("教师", "教师", "班主任")),
                             is_party_member=party, is_cadre=False, phone=""))
    Person.objects.bulk_create(people, batch_size=1000)
    # A 舆情监督员 and an 信息员 for every new school.
    new_schools = {p.unit_id for p in people if "-X" in p.unit.code}
    first = {}
    for p in people:
        first.setdefault(p.unit_id, []).append(p)
    held = set(Position.objects.values_list("unit_id", "role"))
    positions = []
    for unit_id in sorted(new_schools):
        for person, role in zip(first[unit_id], (Position.Role.SUPERVISOR,
                                                 Position.Role.INFORMANT), strict=False):
            if (unit_id, role) not in held:
                positions.append(Position(person=person, unit_id=unit_id, role=role,
                                          start_date=org_demo.POSITION_START))
    Position.objects.bulk_create(positions, batch_size=1000)
    audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="org.person",
                 object_repr="县级规模测试数据", after={"count": len(people)},
                 detail=f"规模测试数据：批量导入 {len(people)} 名人员")
    return len(people)


def _grow_activities(scale: Scale, rng: random.Random, progress) -> tuple[int, int]:
    have = Activity.objects.count()
    missing = scale.activities - have
    if missing <= 0:
        return 0, 0
    units = list(Unit.objects.exclude(type=Unit.Type.OTHER).order_by("code")
                 .values_list("pk", "type", "stage", "name"))
    unit_weight = {Unit.Type.BUREAU: 6, Unit.Type.DISTRICT: 4, Unit.Type.SCHOOL: 2.2,
                   Unit.Type.BRANCH: 1.5}
    weights = [unit_weight[t] * (2 if s == Unit.Stage.HIGH else 1) * rng.uniform(0.5, 1.5)
               for _, t, s, _ in units]
    kind = {Unit.Type.BUREAU: "bureau", Unit.Type.DISTRICT: "district",
            Unit.Type.SCHOOL: "school", Unit.Type.BRANCH: "branch"}
    cats = {c.code: c for c in Category.objects.all()}
    codes = [c for c in VOLUME if c in cats]
    cat_weights = [VOLUME[c] for c in codes]
    reviewers = list(User.objects.filter(username__in=["staff", "district01"]))
    reviewer_ids = [u.pk for u in reviewers] or [None]
    calendars = [_calendar(datetime.date(y, 1, 1), datetime.date(y, 12, 31)) for y in YEARS]
    dates = [d for c in calendars for d in c[0]]
    date_weights = [w for c in calendars for w in c[1]]
    statuses = [S.APPROVED, S.SUBMITTED, S.DRAFT, S.RETURNED]
    status_weights = [94, 3, 2, 1]
    venues = Activity.Venue.values
    tz = timezone.get_current_timezone()
    # Draw in bulk (choices with k= is much faster than one call per row).
    pick_units = rng.choices(units, weights=weights, k=missing)
    pick_codes = rng.choices(codes, weights=cat_weights, k=missing)
    pick_dates = rng.choices(dates, weights=date_weights, k=missing)
    pick_status = rng.choices(statuses, weights=status_weights, k=missing)
    made = evidence = 0
    start = time.monotonic()
    for offset in range(0, missing, BATCH):
        rows = []
        for i in range(offset, min(offset + BATCH, missing)):
            unit_id, utype, _stage, uname = pick_units[i]
            code = pick_codes[i]
            cat = cats[code]
            day = pick_dates[i]
            status = pick_status[i]
            title = rng.choice(TITLES.get(code) or [cat.name])
            submitted = (datetime.datetime(day.year, day.month, day.day, 17, tzinfo=tz)
                         if status != S.DRAFT else None)
            reviewed = (submitted + datetime.timedelta(days=rng.randint(1, 4))
                        if status in (S.APPROVED, S.RETURNED) else None)
            rows.append(Activity(
                category_id=cat.pk, unit_id=unit_id, date=day, title=title,
                place=rng.choice(PLACES[kind[utype]]), participants=rng.randint(5, 300),
                description=f"{uname}开展{title}。{CONTENT.get(code, '')}{rng.choice(EFFECTS)}",
                venue=rng.choice(venues) if cat.asks_venue else "",
                round_no=rng.randint(1, 4) if cat.asks_round else None,
                festival=rng.choice(FESTIVALS) if cat.asks_festival else "",
                topics="学习上级文件精神，研究部署意识形态工作" if cat.asks_meeting else "",
                is_highlight=rng.random() < 0.01, status=status,
                return_reason=rng.choice(RETURN_REASONS) if status == S.RETURNED else "",
                submitted_at=submitted, reviewed_at=reviewed,
                reviewed_by_id=rng.choice(reviewer_ids) if reviewed else None,
                deleted_at=reviewed if status == S.APPROVED and rng.random() < 0.01 else None,
            ))
        Activity.objects.bulk_create(rows, batch_size=BATCH)
        files = []
        for a in rows:
            if rng.random() < scale.evidence_share:
                size = rng.randint(80_000, 900_000)
                files.append(Evidence(
                    unit_id=a.unit_id, activity_id=a.pk, kind=Evidence.Kind.IMAGE,
                    original_name=f"活动照片{rng.randint(1, 9)}.jpg", extension=".jpg",
                    content_type="image/jpeg", size=size, sha256=f"{rng.getrandbits(256):064x}"))
        Evidence.objects.bulk_create(files, batch_size=BATCH)
        made += len(rows)
        evidence += len(files)
        if progress and (made % 20_000 < BATCH or made == missing):
            progress(f"  台账记录 {made}/{missing}（{time.monotonic() - start:.0f} 秒）")
    audit.record(AuditEvent.Action.IMPORT, actor=None, object_type="ledger.activity",
                 object_repr="县级规模测试数据", after={"count": made, "evidence": evidence},
                 detail=f"规模测试数据：批量导入 {made} 条台账记录、{evidence} 份佐证材料元数据")
    return made, evidence


def build_county_scale(*, scale: str = "county", seed: int = SEED, progress=None) -> ScaleResult:
    """Grow the demo county (which must exist) to `scale`. Returns what was created."""
    spec = SCALES[scale]
    rng = random.Random(seed)
    started = time.monotonic()
    result = ScaleResult()
    if connection.vendor == "sqlite":
        # A large page cache keeps the big insert transaction from spilling to disk.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-262144")
    with transaction.atomic():
        result.units = _grow_units(spec, rng)
        result.people = _grow_people(spec, rng)
    with transaction.atomic():
        result.activities, result.evidence = _grow_activities(spec, rng, progress)
    result.seconds = time.monotonic() - started
    result.total_units = Unit.objects.count()
    result.total_people = Person.objects.count()
    result.total_activities = Activity.objects.count()
    return result
