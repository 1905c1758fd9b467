import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zeren.core.concurrency import ConcurrentEditError
from zeren.core.models import AuditEvent
from zeren.ledger import services
from zeren.ledger.models import Activity
from zeren.reports.counting import Period, activity_counts

YEAR = Period.year(2023)


def reading_count(user, unit):
    return next(c.count for c in activity_counts(user, unit, YEAR)
                if c.category.code == "reading")


def test_recorded_submitted_and_approved_activity_counts_once(county, record):
    activity = record(county.school_a, by=county.admin_a)
    assert activity.status == Activity.Status.DRAFT
    assert reading_count(county.staff, county.bureau) == 0
    services.activity_submit(actor=county.admin_a, activity=activity)
    assert reading_count(county.staff, county.bureau) == 0
    services.activity_approve(actor=county.admin_d1, activity=activity)
    assert reading_count(county.staff, county.bureau) == 1
    assert reading_count(county.admin_a, county.school_a) == 1
    actions = list(AuditEvent.objects.filter(object_type="ledger.activity",
                                             object_id=str(activity.pk))
                   .values_list("action", flat=True))
    assert actions.count("update") == 2 and "create" in actions


def test_school_admin_cannot_approve_their_own_units_record(county, record):
    activity = record(county.school_a, by=county.admin_a, submit=True)
    with pytest.raises(PermissionDenied):
        services.activity_approve(actor=county.admin_a, activity=activity)
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.SUBMITTED


def test_school_b_admin_cannot_touch_school_a_record(county, record):
    activity = record(county.school_a, by=county.admin_a, submit=True)
    with pytest.raises(ValidationError):
        services.activity_approve(actor=county.admin_b, activity=activity)
    with pytest.raises(ValidationError):
        services.activity_delete(actor=county.admin_b, activity=activity)
    assert reading_count(county.admin_b, county.school_a) == 0


def test_bureau_staff_approve_and_return_with_reason(county, record):
    first = record(county.school_a, by=county.admin_a, submit=True)
    second = record(county.school_b, by=county.admin_b, submit=True)
    services.activity_approve(actor=county.staff, activity=first)
    with pytest.raises(ValidationError) as error:
        services.activity_return(actor=county.staff, activity=second, reason="  ")
    assert "退回原因" in str(error.value)
    services.activity_return(actor=county.staff, activity=second, reason="缺少签到表照片")
    second.refresh_from_db()
    assert second.status == Activity.Status.RETURNED
    assert second.return_reason == "缺少签到表照片"
    # the unit fixes and resubmits
    services.activity_update(actor=county.admin_b, activity=second,
                             expected_version=second.version, title="补充签到表")
    services.activity_submit(actor=county.admin_b, activity=second)
    assert Activity.objects.get(pk=second.pk).status == Activity.Status.SUBMITTED


def test_bad_input_names_the_field_and_saves_nothing(county, record):
    before = Activity.objects.count()
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        record(county.school_a, by=county.admin_a, date=tomorrow)
    assert "日期不能晚于今天" in str(error.value.message_dict["date"])
    with pytest.raises(ValidationError) as error:
        record(county.school_a, by=county.admin_a, participants=-3)
    assert "participants" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(county.school_a, "lecture", by=county.admin_a, venue="")
    assert "宣讲场所" in str(error.value.message_dict["venue"])
    assert Activity.objects.count() == before


def test_two_people_editing_the_same_record_get_a_conflict(county, record):
    activity = record(county.school_a, by=county.admin_a)
    stale = Activity.objects.get(pk=activity.pk)
    services.activity_update(actor=county.admin_a, activity=activity,
                             expected_version=activity.version, title="第一人的修改")
    with pytest.raises(ConcurrentEditError):
        services.activity_update(actor=county.staff, activity=stale,
                                 expected_version=stale.version, title="第二人的修改")
    assert Activity.objects.get(pk=activity.pk).title == "第一人的修改"


def test_recycle_bin_stops_counting_and_restore_brings_it_back(county, record):
    activity = record(county.school_a, by=county.admin_a, submit=True)
    services.activity_approve(actor=county.staff, activity=activity)
    services.activity_delete(actor=county.staff, activity=activity)
    assert reading_count(county.staff, county.bureau) == 0
    services.activity_restore(actor=county.staff, activity=activity)
    assert reading_count(county.staff, county.bureau) == 1


def test_bulk_approve_is_all_or_nothing(county, record):
    ok = record(county.school_a, by=county.admin_a, submit=True)
    draft = record(county.school_a, by=county.admin_a)
    with pytest.raises(ValidationError):
        services.activities_approve(actor=county.admin_d1, activities=[ok, draft])
    assert Activity.objects.get(pk=ok.pk).status == Activity.Status.SUBMITTED
    ok = Activity.objects.get(pk=ok.pk)
    assert services.activities_approve(actor=county.admin_d1, activities=[ok]) == 1


def test_member_cannot_record_activities(county, record):
    with pytest.raises(PermissionDenied):
        record(county.school_a, by=county.member_a)


def test_phone_and_id_numbers_in_free_text_are_masked(county, record):
    activity = record(county.school_a, by=county.admin_a,
                      description="联系人电话13912345678，身份证610102199001011234")
    assert "13912345678" not in activity.description
    assert "139****5678" in activity.description
    assert "610102199001011234" not in activity.description


def test_category_in_use_cannot_be_deleted_only_deactivated(county, record, category):
    record(county.school_a, by=county.admin_a)
    reading = category("reading")
    with pytest.raises(ValidationError):
        services.category_delete(actor=county.staff, category=reading)
    services.category_set_active(actor=county.staff, category=reading, active=False)
    with pytest.raises(ValidationError) as error:
        record(county.school_a, by=county.admin_a)
    assert "已停用" in str(error.value)
