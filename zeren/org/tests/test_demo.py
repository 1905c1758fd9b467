"""`zeren demo`: the fictional 示范县教育局, built the same way every time."""

import io

import pytest
from django.core.management import CommandError, call_command

from zeren.core.models import AuditEvent
from zeren.org.models import Assignment, Person, Position, Unit, User
from zeren.org.roles import Role

DEMO_PASSWORD = "Shifan#2026demo"


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "units": sorted(Unit.objects.values_list("code", "path", "version")),
        "people": sorted(Person.objects.values_list("unit__code", "name", "phone", "version")),
        "positions": Position.objects.count(),
        "assignments": Assignment.objects.count(),
        "users": sorted(User.objects.values_list("username", "password", "scope__code")),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.django_db
def test_demo_builds_the_whole_county():
    output = run_demo()
    root = Unit.objects.get(parent=None)
    assert root.name == "示范县教育局党委" and root.type == Unit.Type.BUREAU
    assert Unit.objects.filter(type=Unit.Type.DISTRICT).count() == 12
    schools = Unit.objects.filter(type=Unit.Type.SCHOOL)
    assert schools.count() >= 38
    assert schools.filter(stage=Unit.Stage.HIGH).count() == 3
    for school in schools:
        assert school.children.filter(type=Unit.Type.BRANCH).count() == 1, school.name
        assert Position.objects.filter(unit=school, role=Position.Role.GROUP_LEADER,
                                       person__title="党支部书记").exists(), school.name
    assert 550 <= Person.objects.count() <= 650
    assert Position.objects.filter(role=Position.Role.SUPERVISOR).count() >= 60
    assert Position.objects.filter(role=Position.Role.PUBLICIST).exists()
    assert Position.objects.filter(role=Position.Role.INFORMANT).exists()
    # The bureau's leadership group: the party secretary leads, 4-5 team members deputise.
    bureau_group = Position.objects.filter(unit=root)
    assert bureau_group.get(role=Position.Role.GROUP_LEADER).person.title.startswith("局党委书记")
    assert 4 <= bureau_group.filter(role=Position.Role.GROUP_DEPUTY).count() <= 5
    assert bureau_group.filter(role=Position.Role.GROUP_MEMBER).count() >= 2
    # 包抓: every district has a team member; each member answers for 2-3 districts.
    for district in Unit.objects.filter(type=Unit.Type.DISTRICT):
        assert district.assignments.count() == 1, district.name
    per_leader = {}
    for assignment in Assignment.objects.all():
        per_leader[assignment.leader_id] = per_leader.get(assignment.leader_id, 0) + 1
    assert all(2 <= n <= 3 for n in per_leader.values())
    # A user for every role, ready to log in, each printed with a password.
    users = {u.username: u for u in User.objects.all()}
    for username in ("sysadmin", "secadmin", "auditor", "leader", "staff", "district01",
                     "school01", "school02", "teacher01"):
        assert username in users, username
        assert not users[username].must_change_password
        assert username in output
    for role in Role.values:
        assert User.objects.filter(role_grants__role=role).exists(), role
    assert users["leader"].scope == root
    assert users["school01"].scope_unit != users["school02"].scope_unit
    # The bulk-inserted people are on the audit log as one import.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT,
                                     object_type="org.person").count() == 1


@pytest.mark.django_db
def test_running_demo_twice_changes_nothing():
    run_demo("--password", DEMO_PASSWORD)
    before = snapshot()
    output = run_demo("--password", DEMO_PASSWORD)
    assert snapshot() == before
    assert "新建单位 0 个" in output


@pytest.mark.django_db
def test_demo_password_is_given_to_every_account_and_logs_in(client):
    run_demo("--password", DEMO_PASSWORD)
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username
    response = client.post("/login/", {"username": "school01", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_weak_demo_password_is_refused_and_nothing_is_built():
    with pytest.raises(CommandError, match="密码策略"):
        run_demo("--password", "123456")
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_if_empty_leaves_a_database_with_units_alone(county):
    units = Unit.objects.count()
    output = run_demo("--if-empty")
    assert "跳过" in output
    assert Unit.objects.count() == units
    assert not User.objects.filter(username="district01").exists()


@pytest.mark.django_db
def test_demo_refuses_to_graft_onto_another_county(county):
    with pytest.raises(CommandError, match="已有其他单位"):
        run_demo()
    assert not Unit.objects.filter(code__startswith="SFX").exists()
