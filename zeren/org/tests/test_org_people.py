import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zeren.core.models import AuditEvent
from zeren.org import services
from zeren.org.models import Person


def _person_data(person, **overrides):
    data = {"name": person.name, "unit": person.unit_id, "title": person.title,
            "phone": "", "version": person.version}
    for flag in ("is_party_member", "is_employee", "is_cadre"):
        if getattr(person, flag):
            data[flag] = "on"
    data.update(overrides)
    return data


def test_person_list_masks_phones_and_excludes_other_schools(client, county):
    client.force_login(county.admin_b)
    page = client.get(reverse("org:person_list")).content.decode()
    assert "郑乙" in page and "孙乙" in page
    assert "周甲" not in page and "吴甲" not in page and "张书记" not in page
    assert "138****5678" in page and "13812345678" not in page


def test_person_list_filters_by_unit_subtree_name_and_flags(client, county):
    services.person_create(actor=None, unit=county.branch_a, name="钱支部", is_cadre=True)
    client.force_login(county.staff)
    url = reverse("org:person_list")
    page = client.get(url, {"unit": county.school_a.pk}).content.decode()
    assert "周甲" in page and "钱支部" in page and "郑乙" not in page
    page = client.get(url, {"q": "钱"}).content.decode()
    assert "钱支部" in page and "周甲" not in page
    page = client.get(url, {"cadre": "on"}).content.decode()
    assert "钱支部" in page and "周甲" not in page


def test_school_b_admin_cannot_filter_by_school_a_unit(client, county):
    client.force_login(county.admin_b)
    page = client.get(reverse("org:person_list"), {"unit": county.school_a.pk}).content.decode()
    assert "周甲" not in page


def test_person_list_paginates_by_50(client, county):
    for i in range(60):
        services.person_create(actor=None, unit=county.school_b, name=f"乙教师{i:02d}")
    client.force_login(county.admin_b)
    response = client.get(reverse("org:person_list"))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.count == 62
    assert "page=2" in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_person_list_query_count_does_not_grow_with_rows(client, county):
    client.force_login(county.staff)
    url = reverse("org:person_list")
    for i in range(5):
        services.person_create(actor=None, unit=county.branch_b, name=f"甲{i}")
    few = _count(client, url)
    for i in range(45):
        services.person_create(actor=None, unit=county.branch_a, name=f"乙{i}")
    many = _count(client, url)
    assert few == many
    assert many <= 12


def test_create_person_in_own_unit(client, county):
    client.force_login(county.admin_a)
    url = reverse("org:person_create") + f"?unit={county.branch_a.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "新教师", "unit": county.branch_a.pk,
                                 "is_employee": "on", "phone": "13900001111", "title": ""})
    person = Person.objects.get(name="新教师")
    assert response.status_code == 302
    assert person.phone == "13900001111" and person.unit == county.branch_a
    assert AuditEvent.objects.filter(action="create", object_id=str(person.pk)).exists()


def test_create_person_with_bad_phone_names_the_field(client, county):
    client.force_login(county.admin_a)
    response = client.post(reverse("org:person_create"), {
        "name": "新教师", "unit": county.school_a.pk, "phone": "abc"})
    assert response.status_code == 200
    assert "电话号码" in str(response.context["form"].errors["phone"])
    assert not Person.objects.filter(name="新教师").exists()


def test_create_person_in_another_school_is_refused(client, county):
    client.force_login(county.admin_b)
    response = client.post(reverse("org:person_create"), {
        "name": "冒充", "unit": county.school_a.pk})
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not Person.objects.filter(name="冒充").exists()


def test_edit_person_keeps_phone_when_left_blank_and_never_shows_it(client, county):
    person = county.people["member_a"]
    client.force_login(county.admin_a)
    url = reverse("org:person_edit", args=[person.pk])
    page = client.get(url).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    assert client.post(url, _person_data(person, title="班主任")).status_code == 302
    person.refresh_from_db()
    assert person.title == "班主任" and person.phone == "13812345678"


def test_edit_person_can_clear_the_phone(client, county):
    person = county.people["member_a"]
    client.force_login(county.admin_a)
    client.post(reverse("org:person_edit", args=[person.pk]),
                _person_data(person, clear_phone="on"))
    person.refresh_from_db()
    assert person.phone == ""


def test_concurrent_person_edit_keeps_the_first(client, county):
    person = county.people["member_a"]
    client.force_login(county.admin_a)
    url = reverse("org:person_edit", args=[person.pk])
    first, second = _person_data(person, title="一"), _person_data(person, title="二")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert "该记录已被他人修改" in response.content.decode()
    person.refresh_from_db()
    assert person.title == "一"


def test_person_set_inactive_and_back(client, county):
    person = county.people["member_a"]
    client.force_login(county.admin_a)
    url = reverse("org:person_set_active", args=[person.pk])
    client.post(url, {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    listed = client.get(reverse("org:person_list")).context["page"].object_list
    assert person not in listed
    client.post(url, {"active": "1"})
    person.refresh_from_db()
    assert person.is_active


def test_person_detail_shows_masked_phone_and_positions(client, county):
    person = county.people["member_a"]
    services.position_create(actor=None, person=person, unit=county.school_a, role="publicist")
    client.force_login(county.admin_a)
    page = client.get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert "宣传员" in page and "138****5678" in page and "13812345678" not in page


@pytest.mark.parametrize("name", ["org:person_detail", "org:person_edit"])
def test_school_b_admin_gets_404_on_school_a_person_pages(client, county, name):
    client.force_login(county.admin_b)
    assert client.get(reverse(name, args=[county.people["member_a"].pk])).status_code == 404


def test_school_b_admin_cannot_deactivate_school_a_person(client, county):
    person = county.people["member_a"]
    client.force_login(county.admin_b)
    response = client.post(reverse("org:person_set_active", args=[person.pk]), {"active": "0"})
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.is_active


def test_member_cannot_edit_people(client, county):
    client.force_login(county.member_a)
    assert client.get(reverse("org:person_list")).status_code == 200
    url = reverse("org:person_edit", args=[county.people["member_a"].pk])
    assert client.get(url).status_code == 403
