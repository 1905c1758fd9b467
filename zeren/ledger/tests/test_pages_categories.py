from django.urls import reverse

from zeren.ledger.models import Category


def test_staff_see_and_edit_categories_others_get_403(client, county):
    client.force_login(county.staff)
    page = client.get(reverse("ledger:category_list")).content.decode()
    assert "读书学习" in page and "组织领导" in page
    for user in (county.admin_a, county.member_a, county.leader):
        client.force_login(user)
        assert client.get(reverse("ledger:category_list")).status_code == 403
        assert client.get(reverse("ledger:category_create")).status_code == 403
        cat = Category.objects.get(code="reading")
        assert client.post(reverse("ledger:category_delete", args=[cat.pk])).status_code == 403


def test_staff_create_rename_and_deactivate_a_category(client, county):
    client.force_login(county.staff)
    area = Category.objects.get(code="reading").area
    client.post(reverse("ledger:category_create"), {
        "area": area.pk, "code": "poetry", "name": "诗歌朗诵", "unit_noun": "场次", "order": 9,
        "asks_venue": "on"})
    category = Category.objects.get(code="poetry")
    assert category.asks_venue and category.name == "诗歌朗诵"
    url = reverse("ledger:category_edit", args=[category.pk])
    form = client.get(url).context["form"]
    client.post(url, {**{k: v for k, v in form.initial.items() if v not in (None, False)},
                      "area": area.pk, "name": "红色诗歌朗诵"})
    category.refresh_from_db()
    assert category.name == "红色诗歌朗诵"
    client.post(reverse("ledger:category_set_active", args=[category.pk]), {"active": "0"})
    category.refresh_from_db()
    assert not category.is_active
    client.post(reverse("ledger:category_delete", args=[category.pk]))
    assert not Category.objects.filter(code="poetry").exists()


def test_category_in_use_cannot_be_deleted(client, county, record):
    record(county.school_a, by=county.admin_a)
    client.force_login(county.staff)
    cat = Category.objects.get(code="reading")
    response = client.post(reverse("ledger:category_delete", args=[cat.pk]), follow=True)
    assert "不能删除，只能停用" in response.content.decode()
    assert Category.objects.filter(pk=cat.pk).exists()


def test_stale_category_edit_shows_conflict(client, county):
    client.force_login(county.staff)
    cat = Category.objects.get(code="reading")
    url = reverse("ledger:category_edit", args=[cat.pk])
    data = {"area": cat.area_id, "name": "读书", "unit_noun": "次", "order": 1,
            "version": cat.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "读书会"})
    assert "已被他人修改" in response.content.decode()
    assert Category.objects.get(pk=cat.pk).name == "读书"
