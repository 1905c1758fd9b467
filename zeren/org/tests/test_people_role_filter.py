import datetime

from zeren.org import services
from zeren.org.models import Position
from zeren.reports import counting


def test_person_list_filtered_by_role_matches_the_supervisor_count(client, county):
    for key in ("admin_a", "member_a", "member_b"):
        person = county.people[key]
        services.position_create(actor=None, person=person, unit=person.unit,
                                 role=Position.Role.SUPERVISOR)
    services.position_create(actor=None, person=county.people["admin_b"], unit=county.school_b,
                             role=Position.Role.SUPERVISOR, start_date=datetime.date(2020, 1, 1),
                             end_date=datetime.date(2021, 1, 1))  # ended: not counted
    client.force_login(county.staff)
    page = client.get("/org/people/", {"role": "supervisor", "unit": county.bureau.pk})
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("周甲", "吴甲", "孙乙"):
        assert name in html
    assert "郑乙" not in html
    today = datetime.date.today()
    counted = counting.designated_role_counts(county.staff, county.bureau, today)
    assert counted[Position.Role.SUPERVISOR] == 3
    # a school-B admin filtering the same way sees only school B's supervisor
    client.force_login(county.admin_b)
    html_b = client.get("/org/people/", {"role": "supervisor"}).content.decode()
    assert "孙乙" in html_b and "周甲" not in html_b and "吴甲" not in html_b
