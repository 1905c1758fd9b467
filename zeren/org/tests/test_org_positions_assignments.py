import datetime

from django.urls import reverse

from zeren.core.models import AuditEvent
from zeren.org import services
from zeren.org.models import Assignment, Position


def test_unit_admin_appoints_a_group_leader_and_ends_it(client, county):
    client.force_login(county.admin_a)
    url = reverse("org:position_create", args=[county.school_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"person": county.people["admin_a"].pk, "role": "group_leader",
                                 "start_date": "2026-01-01", "end_date": ""})
    assert response.status_code == 302
    position = Position.objects.get(unit=county.school_a, role="group_leader")
    page = client.get(reverse("org:unit_detail", args=[county.school_a.pk])).content.decode()
    assert "领导小组组长" in page and "周甲" in page

    response = client.post(reverse("org:position_end", args=[position.pk]),
                           {"end_date": "2026-02-01"})
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.end_date == datetime.date(2026, 2, 1)
    assert AuditEvent.objects.filter(object_type="org.position", action="update").exists()


def test_position_end_before_start_is_refused_in_chinese(client, county):
    position = services.position_create(actor=None, person=county.people["member_a"],
                                        unit=county.school_a, role="informant",
                                        start_date=datetime.date(2026, 3, 1))
    client.force_login(county.admin_a)
    response = client.post(reverse("org:position_end", args=[position.pk]),
                           {"end_date": "2026-01-01"}, follow=True)
    assert "结束日期不能早于起始日期" in response.content.decode()
    position.refresh_from_db()
    assert position.end_date is None


def test_position_dates_in_wrong_order_are_a_form_error(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("org:position_create", args=[county.school_a.pk]), {
        "person": county.people["member_a"].pk, "role": "informant",
        "start_date": "2026-03-01", "end_date": "2026-01-01"})
    assert response.status_code == 200
    assert "结束日期不能早于起始日期" in response.content.decode()
    assert not Position.objects.exists()


def test_cannot_appoint_a_person_of_another_school(client, county):
    client.force_login(county.admin_b)
    response = client.post(reverse("org:position_create", args=[county.school_b.pk]), {
        "person": county.people["member_a"].pk, "role": "informant", "start_date": ""})
    assert response.status_code == 200 and response.context["form"].errors["person"]
    assert not Position.objects.exists()


def test_school_b_admin_gets_404_on_school_a_position(client, county):
    position = services.position_create(actor=None, person=county.people["member_a"],
                                        unit=county.school_a, role="informant")
    client.force_login(county.admin_b)
    response = client.post(reverse("org:position_end", args=[position.pk]),
                           {"end_date": "2026-01-01"})
    assert response.status_code == 404
    position.refresh_from_db()
    assert position.end_date is None


def test_staff_creates_and_deletes_an_assignment(client, county):
    client.force_login(county.staff)
    assert client.get(reverse("org:assignment_create")).status_code == 200
    response = client.post(reverse("org:assignment_create"), {
        "leader": county.people["leader"].pk, "unit": county.school_a.pk, "note": "重点"})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    page = client.get(reverse("org:assignment_list")).content.decode()
    assert "张书记" in page and "甲中学" in page
    response = client.post(reverse("org:assignment_delete", args=[assignment.pk]))
    assert response.status_code == 302
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.filter(object_type="org.assignment", action="delete").exists()


def test_duplicate_assignment_is_a_chinese_error(client, county):
    services.assignment_create(actor=None, leader=county.people["leader"], unit=county.school_a)
    client.force_login(county.staff)
    response = client.post(reverse("org:assignment_create"), {
        "leader": county.people["leader"].pk, "unit": county.school_a.pk})
    assert response.status_code == 200
    assert "已包抓" in response.content.decode()


def test_assignment_list_excludes_other_schools_and_404s_on_their_rows(client, county):
    a = services.assignment_create(actor=None, leader=county.people["leader"],
                                   unit=county.school_a)
    services.assignment_create(actor=None, leader=county.people["leader"], unit=county.school_b)
    client.force_login(county.admin_b)
    page = client.get(reverse("org:assignment_list")).content.decode()
    assert "乙小学" in page and "甲中学" not in page
    # admin_b lacks org.edit_assignments, but scope is checked first: 404, not 403
    assert client.post(reverse("org:assignment_delete", args=[a.pk])).status_code == 404
    assert Assignment.objects.filter(pk=a.pk).exists()


def test_unit_admin_cannot_create_assignments(client, county):
    client.force_login(county.admin_a)
    assert client.get(reverse("org:assignment_create")).status_code == 403
