"""Ledger page routes → how the scoping test reaches a school-A object (see
tests/test_scoping_routes.py for the kinds: "list", "public", ("object", f(county) -> pk))."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

OBJ = "object"
PDF = b"%PDF-1.4\n%%EOF\n"


def _activity(county):
    from zeren.ledger import services
    from zeren.ledger.models import Category

    return services.activity_create(actor=None, category=Category.objects.get(code="reading"),
                                    unit=county.school_a, date=datetime.date(2023, 3, 15),
                                    title="甲中学读书会", participants=20)


def _activity_pk(county):
    return _activity(county).pk


def _evidence_pk(county):
    # A PDF has no thumbnail, so the thumbnail route would 404 for anyone: use it for the
    # download route; the thumbnail route is checked on a photo in test_pages_evidence.py.
    from zeren.ledger import services

    return services.evidence_attach(actor=None, activity=_activity(county),
                                    upload=SimpleUploadedFile("签到表.pdf", PDF)).pk


def _commitment_pk(county):
    from zeren.ledger import services

    return services.commitment_create(actor=None, person=county.people["member_a"],
                                      year=2023, promise="带头学习").pk


def _article_pk(county):
    from zeren.ledger import services

    return services.article_create(actor=None, title="甲中学来稿", unit=county.school_a,
                                   platform="xuexi",
                                   submitted_date=datetime.date(2023, 4, 1)).pk


def _team_pk(county):
    from zeren.ledger import services

    return services.team_create(actor=None, name="甲中学宣传队", unit=county.school_a,
                                members=[county.people["member_a"]]).pk


CATEGORIES = ("own", "categories are the county-wide taxonomy (no unit data); bureau staff "
                     "only, 403 for others (zeren/ledger/tests/test_pages_categories.py)")

ROUTES: dict = {
    "ledger:activity_list": "list",
    "ledger:activity_create": "list",
    "ledger:activity_detail": (OBJ, _activity_pk),
    "ledger:activity_edit": (OBJ, _activity_pk),
    "ledger:activity_submit": (OBJ, _activity_pk),
    "ledger:activity_approve": (OBJ, _activity_pk),
    "ledger:activity_return": (OBJ, _activity_pk),
    "ledger:activity_delete": (OBJ, _activity_pk),
    "ledger:activity_restore": (OBJ, _activity_pk),
    "ledger:review_queue": "list",
    "ledger:review_bulk_approve": "list",
    "ledger:recycle_bin": "list",
    "ledger:evidence_upload": (OBJ, _activity_pk),
    "ledger:evidence_download": (OBJ, _evidence_pk),
    "ledger:evidence_thumbnail": (OBJ, _evidence_pk),
    "ledger:evidence_delete": (OBJ, _evidence_pk),
    "ledger:category_list": "list",
    "ledger:category_create": "list",
    "ledger:category_edit": CATEGORIES,
    "ledger:category_set_active": CATEGORIES,
    "ledger:category_delete": CATEGORIES,
    "ledger:commitment_list": "list",
    "ledger:commitment_create": "list",
    "ledger:commitment_detail": (OBJ, _commitment_pk),
    "ledger:commitment_edit": (OBJ, _commitment_pk),
    "ledger:fulfilment_add": (OBJ, _commitment_pk),
    "ledger:article_list": "list",
    "ledger:article_create": "list",
    "ledger:article_edit": (OBJ, _article_pk),
    "ledger:article_delete": (OBJ, _article_pk),
    "ledger:article_evidence": (OBJ, _article_pk),
    "ledger:team_list": "list",
    "ledger:team_create": "list",
    "ledger:team_detail": (OBJ, _team_pk),
    "ledger:team_edit": (OBJ, _team_pk),
}
