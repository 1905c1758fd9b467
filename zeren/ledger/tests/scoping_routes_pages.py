"""Ledger page routes → how the scoping test reaches a school-A object (see
tests/test_scoping_routes.py for the kinds: "list", "public", ("object", f(county) -> pk))."""

ROUTES: dict = {}
