"""The audit log: append-only, read and exported by the 审计管理员 only, pruned by command."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from zeren.core import audit
from zeren.core.models import AuditEvent
from zeren.org import accounts
from zeren.org.roles import Role

A = AuditEvent.Action


@pytest.fixture
def event(db):
    return audit.record(A.UPDATE, object_type="org.unit", object_id="1", object_repr="甲中学",
                        before={"name": "甲中学", "order": 1},
                        after={"name": "甲高级中学", "order": 1})


def _old_event(days: int) -> AuditEvent:
    return AuditEvent.objects.create(time=timezone.now() - datetime.timedelta(days=days),
                                     action=A.LOGIN, username="old")


# Append-only -------------------------------------------------------------------------------

def test_saving_an_existing_event_raises(event):
    event.detail = "篡改"
    with pytest.raises(ValidationError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_queryset_update_and_delete_raise(event):
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="篡改")
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


def test_instance_delete_raises(event):
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgresql
def test_raw_sql_cannot_change_or_delete_an_event_on_postgresql(event):
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET detail = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="180"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


# Viewer --------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "leader", "staff", "admin_b"])
def test_everybody_but_the_auditor_gets_403(login, county, event, who):
    client = login(county.users[who])
    assert client.get("/audit/").status_code == 403
    assert client.get(f"/audit/{event.pk}/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403
    assert not AuditEvent.objects.filter(action=A.EXPORT).exists()


def test_auditor_sees_events(login, county, event):
    page = login(county.auditor).get("/audit/").content.decode()
    assert "甲中学" in page and "修改" in page


def test_event_list_queries_do_not_grow_with_events(login, county, django_assert_max_num_queries):
    client = login(county.auditor)
    for i in range(60):
        audit.record(A.UPDATE, actor=county.staff, object_type="org.person", object_id=str(i),
                     object_repr=f"人员{i}")
    with django_assert_max_num_queries(14):
        response = client.get("/audit/")
    assert response.status_code == 200
    assert "1 / " in response.content.decode()  # paginated


def _table(client, **params) -> str:
    page = client.get("/audit/", params).content.decode()
    return page.split('id="audit-table"')[1].split("</table>")[0]


def test_event_list_filters(login, county):
    accounts.role_grant(actor=county.secadmin, user=county.member_a, role=Role.LEADER)
    audit.record(A.LOGIN_FAILED, username="intruder", success=False, detail="密码错误")
    client = login(county.auditor)

    rows = _table(client, action=A.ROLE_GRANT)
    assert "授予角色" in rows and "intruder" not in rows
    rows = _table(client, success="0", username="intru")
    assert "intruder" in rows and "授予角色" not in rows
    assert "intruder" in _table(client, q="密码错误")
    rows = _table(client, object_type="org.user", action=A.ROLE_GRANT)
    assert "吴甲" in rows and "intruder" not in rows
    today = timezone.localdate()
    assert "intruder" not in _table(client, date_from=today + datetime.timedelta(days=1))
    assert "intruder" in _table(client, date_from=today, date_to=today)


def test_a_reversed_date_range_is_refused_with_a_message(login, county):
    page = login(county.auditor).get("/audit/", {"date_from": "2026-05-02",
                                                 "date_to": "2026-05-01"}).content.decode()
    assert "截止日期不能早于起始日期" in page


def test_event_detail_shows_before_and_after_as_a_table(login, county, event):
    page = login(county.auditor).get(f"/audit/{event.pk}/").content.decode()
    table = page.split('id="audit-changes"')[1]
    assert "甲中学" in table and "甲高级中学" in table and "<code>name</code>" in table


def test_export_writes_the_filtered_events_and_an_export_event(login, county, event):
    audit.record(A.LOGIN_FAILED, username="intruder", success=False)
    response = login(county.auditor).get("/audit/export.xlsx", {"action": A.UPDATE})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间"
    assert [r[6] for r in rows[1:]] == ["甲中学"]
    export = AuditEvent.objects.get(action=A.EXPORT)
    assert export.username == "auditor" and export.detail.startswith("1 条")


# Role changes are audited -----------------------------------------------------------------

def test_role_and_scope_changes_are_audited(county):
    accounts.role_grant(actor=county.secadmin, user=county.member_a, role=Role.UNIT_ADMIN)
    accounts.role_revoke(actor=county.secadmin, user=county.member_a, role=Role.MEMBER)
    accounts.scope_set(actor=county.secadmin, user=county.member_a, scope=county.district_1)
    events = AuditEvent.objects.filter(username="secadmin", object_id=str(county.member_a.pk))
    assert set(events.values_list("action", flat=True)) == {A.ROLE_GRANT, A.ROLE_REVOKE,
                                                            A.SCOPE_CHANGE}
    change = events.get(action=A.SCOPE_CHANGE)
    assert change.before == {"scope": None} and change.after == {"scope": county.district_1.pk}


# Prune -------------------------------------------------------------------------------------

def test_prune_refuses_fewer_days_than_the_retention(db):
    old = _old_event(200)
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("prune_audit", "--days", "179")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    assert not AuditEvent.objects.filter(action=A.PRUNE).exists()


def test_prune_deletes_old_events_and_records_the_count(db):
    old = _old_event(200)
    young = _old_event(100)
    out = io.StringIO()
    call_command("prune_audit", "--days", "180", stdout=out)
    assert "1 条" in out.getvalue()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    prune = AuditEvent.objects.get(action=A.PRUNE)
    assert prune.detail.startswith("删除 1 条")


def test_prune_dry_run_deletes_nothing(db):
    old = _old_event(200)
    out = io.StringIO()
    call_command("prune_audit", "--days", "180", "--dry-run", stdout=out)
    assert "将删除 1 条" in out.getvalue()
    assert AuditEvent.objects.filter(pk=old.pk).exists()


def test_prune_command_exits_non_zero_in_a_shell(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZEREN_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "zeren.cli", "prune_audit", "--days", "179"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "至少保留 180 天" in result.stderr
