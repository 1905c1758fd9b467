"""Ledger import/export and API routes for the scoping test (see tests/test_scoping_routes.py)."""

ROUTES: dict = {}
API_ROUTES: dict = {}
