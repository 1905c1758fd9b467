import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zeren.core.models import AuditEvent
from zeren.org import services
from zeren.org.models import Assignment, Person, Unit


def _edit_data(unit, **overrides):
    data = {"name": unit.name, "code": unit.code, "type": unit.type, "stage": unit.stage,
            "order": unit.order, "version": unit.version}
    data.update(overrides)
    return data


def test_unit_tree_shows_the_users_subtree_with_leaders_and_people_counts(client, county):
    services.assignment_create(actor=None, leader=county.people["leader"], unit=county.school_a)
    client.force_login(county.staff)
    page = client.get(reverse("org:unit_tree")).content.decode()
    assert "甲中学" in page and "乙小学" in page and "张书记" in page
    rows = page.split('data-unit="')
    school_a_row = next(r for r in rows if r.startswith(f'{county.school_a.pk}"'))
    # admin_a and member_a are in school A
    assert '<td class="text-end">2</td>' in school_a_row


def test_school_b_admin_tree_excludes_school_a(client, county):
    client.force_login(county.admin_b)
    page = client.get(reverse("org:unit_tree")).content.decode()
    assert "乙小学" in page
    assert "甲中学" not in page and "第一学区" not in page


def test_member_without_edit_capability_gets_403_on_create(client, county):
    client.force_login(county.member_a)
    assert client.get(reverse("org:unit_tree")).status_code == 200
    assert client.get(reverse("org:unit_create")).status_code == 403


def test_unit_admin_creates_a_branch_under_their_school(client, county):
    client.force_login(county.admin_a)
    url = reverse("org:unit_create") + f"?parent={county.school_a.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"parent": county.school_a.pk, "name": "甲中学第二支部",
                                 "code": "T-SA-B2", "type": "branch", "stage": "", "order": 2})
    unit = Unit.objects.get(code="T-SA-B2")
    assert response.status_code == 302 and response.url == reverse("org:unit_detail",
                                                                   args=[unit.pk])
    assert unit.parent == county.school_a and unit.path.startswith(county.school_a.path)
    assert AuditEvent.objects.filter(action="create", object_id=str(unit.pk)).exists()


def test_unit_admin_cannot_escalate_by_posting_another_schools_id_as_parent(client, county):
    client.force_login(county.admin_b)
    response = client.post(reverse("org:unit_create"), {
        "parent": county.school_a.pk, "name": "冒充", "code": "X-1", "type": "branch",
        "stage": "", "order": 0})
    assert response.status_code == 200
    assert "上级单位" in response.content.decode()
    assert response.context["form"].errors["parent"]
    assert not Unit.objects.filter(code="X-1").exists()
    # and the ?parent= preselect of a foreign unit is a 404
    url = reverse("org:unit_create") + f"?parent={county.school_a.pk}"
    assert client.get(url).status_code == 404


def test_duplicate_code_is_a_field_error_in_chinese(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("org:unit_create"), {
        "parent": county.school_a.pk, "name": "重复", "code": "T-SB", "type": "branch",
        "stage": "", "order": 0})
    assert response.status_code == 200
    assert "编码" in str(response.context["form"].errors["code"])


def test_unit_edit_saves_and_is_audited(client, county):
    client.force_login(county.admin_a)
    unit = county.branch_a
    response = client.post(reverse("org:unit_edit", args=[unit.pk]),
                           _edit_data(unit, name="甲中学第一党支部"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "甲中学第一党支部" and unit.version == 2
    event = AuditEvent.objects.filter(action="update", object_id=str(unit.pk)).get()
    assert event.after == {"name": "甲中学第一党支部", "version": 2}


def test_concurrent_edit_second_form_gets_conflict_and_first_edit_is_kept(client, county):
    client.force_login(county.admin_a)
    unit = county.branch_a
    url = reverse("org:unit_edit", args=[unit.pk])
    first = _edit_data(unit, name="第一次修改")
    second = _edit_data(unit, name="第二次修改")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "第一次修改"


def test_move_a_unit_under_another_parent(client, county):
    client.force_login(county.staff)
    unit = county.school_a
    response = client.post(reverse("org:unit_move", args=[unit.pk]),
                           {"new_parent": county.district_2.pk, "version": unit.version})
    assert response.status_code == 302
    county.branch_a.refresh_from_db()
    assert county.branch_a.path.startswith(county.district_2.path)
    assert Unit.objects.visible_to(county.admin_a).filter(pk=county.branch_a.pk).exists()


def test_move_into_own_descendant_is_a_chinese_cycle_error_and_changes_nothing(client, county):
    client.force_login(county.staff)
    unit = county.district_1
    before = list(Unit.objects.values_list("pk", "path", "parent_id", "version"))
    response = client.post(reverse("org:unit_move", args=[unit.pk]),
                           {"new_parent": county.branch_a.pk, "version": unit.version})
    assert response.status_code == 200
    page = response.content.decode()
    assert "循环" in page and "第一学区" in page and "甲中学党支部" in page
    assert list(Unit.objects.values_list("pk", "path", "parent_id", "version")) == before


def test_unit_admin_cannot_move_or_deactivate_their_scope_root(client, county):
    client.force_login(county.admin_a)
    school = county.school_a
    response = client.post(reverse("org:unit_move", args=[school.pk]),
                           {"new_parent": county.branch_a.pk, "version": school.version})
    assert response.status_code == 200
    assert not Unit.objects.filter(pk=school.pk).exclude(path=school.path).exists()
    client.post(reverse("org:unit_set_active", args=[school.pk]), {"active": "0"})
    school.refresh_from_db()
    assert school.is_active
    page = client.get(reverse("org:unit_detail", args=[school.pk])).content.decode()
    assert reverse("org:unit_move", args=[school.pk]) not in page


def test_deactivate_and_reactivate_a_unit(client, county):
    client.force_login(county.admin_a)
    url = reverse("org:unit_set_active", args=[county.branch_a.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    county.branch_a.refresh_from_db()
    assert not county.branch_a.is_active
    client.post(url, {"active": "1"})
    county.branch_a.refresh_from_db()
    assert county.branch_a.is_active
    assert AuditEvent.objects.filter(action="deactivate", object_id=str(county.branch_a.pk))


def test_deactivating_a_unit_with_active_children_shows_why(client, county):
    client.force_login(county.staff)
    response = client.post(reverse("org:unit_set_active", args=[county.school_a.pk]),
                           {"active": "0"}, follow=True)
    assert "还有启用的下级单位" in response.content.decode()
    county.school_a.refresh_from_db()
    assert county.school_a.is_active


def test_unit_detail_shows_leadership_roles_people_and_leaders(client, county):
    services.position_create(actor=None, person=county.people["admin_a"], unit=county.school_a,
                             role="group_leader")
    services.position_create(actor=None, person=county.people["member_a"],
                             unit=county.school_a, role="supervisor")
    services.assignment_create(actor=None, leader=county.people["leader"], unit=county.school_a)
    client.force_login(county.admin_a)
    page = client.get(reverse("org:unit_detail", args=[county.school_a.pk])).content.decode()
    assert "领导小组组长" in page and "舆情监督员" in page and "张书记" in page
    assert "138****5678" in page and "13812345678" not in page
    assert "甲中学党支部" in page


@pytest.mark.parametrize("name", ["org:unit_detail", "org:unit_edit", "org:unit_move",
                                  "org:position_create"])
def test_school_b_admin_gets_404_on_school_a_unit_pages(client, county, name):
    client.force_login(county.admin_b)
    assert client.get(reverse(name, args=[county.school_a.pk])).status_code == 404


def test_school_b_admin_gets_404_posting_to_school_a_unit(client, county):
    client.force_login(county.admin_b)
    assert client.post(reverse("org:unit_set_active", args=[county.branch_a.pk]),
                       {"active": "0"}).status_code == 404
    county.branch_a.refresh_from_db()
    assert county.branch_a.is_active


def _add_units(county, n):
    for i in range(n):
        unit = services.unit_create(actor=None, parent=county.district_1, name=f"学校{i}",
                                    code=f"Q-{n}-{i}", type="school")
        services.person_create(actor=None, unit=unit, name=f"教师{i}")
        person = Person.objects.create(name=f"领导{i}", unit=county.bureau)
        Assignment.objects.create(leader=person, unit=unit)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_unit_tree_query_count_does_not_grow_with_units(client, county):
    client.force_login(county.staff)
    url = reverse("org:unit_tree")
    _add_units(county, 5)
    few = _count(client, url)
    _add_units(county, 45)
    many = _count(client, url)
    assert few == many
    assert many <= 12
