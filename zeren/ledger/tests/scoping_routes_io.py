"""Ledger import/export and API routes for the scoping test (see tests/test_scoping_routes.py)."""

ROUTES: dict = {
    "ledger:activity_export": "list",
    "ledger:activity_template": "list",
    "ledger:activity_import": "list",
    "ledger:article_export": "list",
    "ledger:article_template": "list",
    "ledger:article_import": "list",
}
API_ROUTES: dict = {}
