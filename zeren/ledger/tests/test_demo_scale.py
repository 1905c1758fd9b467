"""County-scale data (zeren/ledger/scale.py), exercised at the tiny scale."""

import pytest

from zeren.ledger.demo import build_ledger_demo
from zeren.ledger.models import Activity, Evidence
from zeren.ledger.scale import SCALES, build_county_scale
from zeren.org.demo import build_demo
from zeren.org.models import Person, Unit, User


@pytest.fixture
def tiny(db):
    build_demo()
    build_ledger_demo(photos=False)
    return build_county_scale(scale="tiny")


def test_scale_grows_the_county_to_its_targets(tiny):
    spec = SCALES["tiny"]
    assert abs(Unit.objects.count() - spec.units) <= 1
    assert Person.objects.count() == spec.people
    assert Activity.objects.count() == spec.activities
    assert tiny.activities > 0 and tiny.evidence > 0
    # Evidence is metadata only: rows without a file.
    assert Evidence.objects.filter(activity__isnull=False, file="").count() > 0
    # New schools sit in the tree with their branch: subtree paths are right.
    for school in Unit.objects.filter(code__contains="-X", type=Unit.Type.SCHOOL):
        assert school.path == f"{school.parent.path}{school.pk}/"
        branch = school.children.get()
        assert branch.path == f"{school.path}{branch.pk}/" and branch.depth == school.depth + 1
    # Approved records carry their review.
    approved = Activity.objects.filter(status=Activity.Status.APPROVED)
    assert not approved.filter(reviewed_at__isnull=True).exists()


def test_scale_data_is_scoped_like_any_other(tiny):
    school01 = User.objects.get(username="school01")
    visible = Activity.objects.visible_to(school01)
    assert visible.exists()
    assert not visible.exclude(unit__path__startswith=school01.scope_unit.path).exists()


def test_running_scale_again_adds_nothing(tiny):
    again = build_county_scale(scale="tiny")
    assert (again.units, again.people, again.activities) == (0, 0, 0)
