"""Ledger import/export and API routes for the scoping test (see tests/test_scoping_routes.py)."""

import datetime

OBJ = "object"


def _activity_a(county):
    from zeren.ledger import services
    from zeren.ledger.models import Category

    return services.activity_create(actor=None, category=Category.objects.get(code="reading"),
                                    unit=county.school_a, date=datetime.date(2023, 3, 1),
                                    title="甲中学读书").pk


def _evidence_a(county):
    # Metadata only: the walker must not write files under var/media.
    from zeren.ledger.models import Evidence

    return Evidence.objects.create(unit=county.school_a, activity_id=_activity_a(county),
                                   kind="pdf", original_name="甲中学.pdf", extension=".pdf",
                                   content_type="application/pdf", size=10, sha256="0" * 64).pk


def _commitment_a(county):
    from zeren.ledger import services

    return services.commitment_create(actor=None, person=county.people["admin_a"], year=2023,
                                      promise="甲中学承诺").pk


def _article_a(county):
    from zeren.ledger import services

    return services.article_create(actor=None, title="甲中学稿件", unit=county.school_a,
                                   platform="xuexi", submitted_date=datetime.date(2023, 3, 1)).pk


def _team_a(county):
    from zeren.ledger import services

    return services.team_create(actor=None, name="甲中学宣传队", unit=county.school_a).pk


def _activity_payload(county):
    from zeren.ledger.models import Category

    return {"category_id": Category.objects.get(code="reading").pk, "unit_id": county.school_a.pk,
            "date": "2023-03-01", "title": "越权记录"}


ROUTES: dict = {
    "ledger:activity_export": "list",
    "ledger:activity_template": "list",
    "ledger:activity_import": "list",
    "ledger:article_export": "list",
    "ledger:article_template": "list",
    "ledger:article_import": "list",
}

# The review actions are POST-only (GET is 405), so the walker posts them as "create" with
# an empty body; their 404 on a school-A record is asserted in test_api_activities.py.
API_ROUTES: dict = {
    "api:ledger_activity_list": "list",
    "api:ledger_activity_create": ("create", _activity_payload),
    "api:ledger_activity_detail": (OBJ, _activity_a),
    "api:ledger_activity_update": (OBJ, _activity_a),
    "api:ledger_activity_delete": (OBJ, _activity_a),
    "api:ledger_activity_submit": ("create", lambda c: {}),
    "api:ledger_activity_approve": ("create", lambda c: {}),
    "api:ledger_activity_return": ("create", lambda c: {"reason": "越权"}),
    "api:ledger_evidence_list": (OBJ, _activity_a),
    "api:ledger_evidence_upload": (OBJ, _activity_a),
    "api:ledger_evidence_download": (OBJ, _evidence_a),
    "api:ledger_commitment_list": "list",
    "api:ledger_commitment_create": ("create", lambda c: {"person_id": c.people["admin_a"].pk,
                                                          "year": 2023, "promise": "越权"}),
    "api:ledger_commitment_detail": (OBJ, _commitment_a),
    "api:ledger_commitment_update": (OBJ, _commitment_a),
    "api:ledger_article_list": "list",
    "api:ledger_article_create": ("create", lambda c: {
        "title": "越权稿件", "unit_id": c.school_a.pk, "platform": "xuexi",
        "submitted_date": "2023-03-01"}),
    "api:ledger_article_detail": (OBJ, _article_a),
    "api:ledger_article_update": (OBJ, _article_a),
    "api:ledger_article_delete": (OBJ, _article_a),
    "api:ledger_team_list": "list",
    "api:ledger_team_create": ("create", lambda c: {"name": "越权宣传队",
                                                    "unit_id": c.school_a.pk}),
    "api:ledger_team_detail": (OBJ, _team_a),
    "api:ledger_team_update": (OBJ, _team_a),
    "api:ledger_team_delete": (OBJ, _team_a),
    "api:ledger_counts": "list",
}
