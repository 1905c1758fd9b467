"""The ledger's routes for the route-walking scoping test (tests/test_scoping_routes.py)."""

from zeren.ledger.tests.scoping_routes_io import API_ROUTES as IO_API_ROUTES
from zeren.ledger.tests.scoping_routes_io import ROUTES as IO_ROUTES
from zeren.ledger.tests.scoping_routes_pages import ROUTES as PAGE_ROUTES

ROUTES = {**PAGE_ROUTES, **IO_ROUTES}
API_ROUTES = {**IO_API_ROUTES}
