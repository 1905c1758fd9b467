def test_school_admin_logs_in_and_lands_on_their_unit(client, county, password):
    response = client.post("/login/", {"username": "admin_a", "password": password})
    assert response.status_code == 302
    page = client.get("/")
    assert "甲中学" in page.content.decode()


def test_school_b_admin_sees_only_school_b_subtree(county):
    from zeren.org.models import Unit

    names = set(Unit.objects.visible_to(county.admin_b).values_list("name", flat=True))
    assert names == {"乙小学", "乙小学党支部"}
