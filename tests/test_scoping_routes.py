"""Walks every registered URL pattern and API route: a school-B user gets 404 for
school-A objects, and lists, counts and exports leave school A out.

A route this test does not know fails it: add it to ROUTES with how to reach a
school-A object (or why it holds no school data)."""

import io
import re
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from zeren.org.models import Assignment, Position

SCHOOL_A_MARKERS = ("甲中学", "T-SA", "周甲", "吴甲")

# How each route is treated. Kinds:
#   "public"      – no business data (login, static pages, schemas)
#   "list"        – GET as admin_b must not show any school-A marker
#   ("object", f) – f(county) gives the pk of a school-A object; admin_b gets 404 on GET and POST
#   ("own", why)  – objects are the user's own (tokens) or not unit data; covered by its app's tests
OBJ = "object"


def _school_a_position(county):
    from zeren.org import services

    return services.position_create(actor=None, person=county.people["admin_a"],
                                    unit=county.school_a, role=Position.Role.SUPERVISOR).pk


def _school_a_assignment(county):
    from zeren.org import services

    return services.assignment_create(actor=None, leader=county.people["leader"],
                                      unit=county.school_a).pk


ROUTES = {
    "home": "list",
    "login": "public",
    "logout": "public",
    "password_change": "public",
    "set_language": "public",
    # org
    "org:unit_tree": "list",
    "org:unit_detail": (OBJ, lambda c: c.school_a.pk),
    "org:unit_create": "list",
    "org:unit_edit": (OBJ, lambda c: c.school_a.pk),
    "org:unit_move": (OBJ, lambda c: c.school_a.pk),
    "org:unit_set_active": (OBJ, lambda c: c.school_a.pk),
    "org:person_list": "list",
    "org:person_detail": (OBJ, lambda c: c.people["admin_a"].pk),
    "org:person_create": "list",
    "org:person_edit": (OBJ, lambda c: c.people["admin_a"].pk),
    "org:person_set_active": (OBJ, lambda c: c.people["admin_a"].pk),
    "org:position_create": (OBJ, lambda c: c.school_a.pk),
    "org:position_end": (OBJ, _school_a_position),
    "org:assignment_list": "list",
    "org:assignment_create": "list",
    "org:assignment_delete": (OBJ, _school_a_assignment),
    "org:unit_template": "list",
    "org:unit_import": "list",
    "org:unit_export": "list",
    "org:person_template": "list",
    "org:person_import": "list",
    "org:person_export": "list",
    # accounts (admin_b lacks the capabilities; the scoping of these is checked
    # again with a school-B-scoped admin in zeren/org/tests)
    "accounts:user_list": "list",
    "accounts:user_create": "list",
    "accounts:user_detail": (OBJ, lambda c: c.admin_a.pk),
    "accounts:user_reset_password": (OBJ, lambda c: c.admin_a.pk),
    "accounts:user_unlock": (OBJ, lambda c: c.admin_a.pk),
    "accounts:user_set_active": (OBJ, lambda c: c.admin_a.pk),
    "accounts:grant_list": "list",
    "accounts:grant_edit": (OBJ, lambda c: c.admin_a.pk),
    "accounts:token_list": "list",
    "accounts:token_create": "list",
    "accounts:token_revoke": ("own", "a token belongs to one user; another user's token is 404 "
                                     "(zeren/org/tests/test_accounts_tokens.py)"),
    "audit:event_list": "list",
    "audit:event_detail": ("own", "audit events are read by the auditor only (403 for others)"),
    "audit:event_export": "list",
}
API_ROUTES: dict = {}  # filled in below, with the API tests


def _merge_app_registries() -> None:
    """Each app may list its own routes in <app>/tests/scoping_routes.py
    (ROUTES and API_ROUTES dicts of the same shape as below)."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("zeren."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scoping_routes")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.scoping_routes":
                raise
            continue
        ROUTES.update(getattr(module, "ROUTES", {}))
        API_ROUTES.update(getattr(module, "API_ROUTES", {}))


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


_merge_app_registries()


def is_api(name):
    return name is not None and name.startswith("api:")


def page_routes():
    return sorted({(n, p) for n, p in walk() if not is_api(n)}, key=lambda r: str(r[0]))


def test_every_page_route_is_covered():
    unknown = [f"{name} ({pattern})" for name, pattern in page_routes()
               if name not in ROUTES and not pattern.startswith("^static")]
    assert not unknown, "routes not covered by the scoping test: " + ", ".join(unknown)


def _fill(pattern: str, pk) -> str:
    url = "/" + pattern
    url = re.sub(r"<(?:int:)?(?:pk|id)>", str(pk), url)
    url = re.sub(r"<[^>]+>", str(pk), url)
    return url.replace("^", "").replace("$", "")


def _text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an xlsx: read every cell
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True)
        except (zipfile.BadZipFile, KeyError, OSError):
            return content.decode("utf-8", "replace")
        return " ".join(str(cell) for sheet in book.worksheets
                        for row in sheet.iter_rows(values_only=True) for cell in row)
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("name,pattern", [r for r in page_routes() if r[0] in ROUTES],
                         ids=lambda v: str(v))
def test_school_b_user_cannot_reach_school_a_through_route(client, county, name, pattern):
    kind = ROUTES[name]
    client.force_login(county.admin_b)
    if kind == "list":
        response = client.get(_fill(pattern, 0))
        assert response.status_code in (200, 302, 403, 405), response.status_code
        if response.status_code == 200:
            text = _text_of(response)
            leaked = [m for m in SCHOOL_A_MARKERS if m in text]
            assert not leaked, f"{name} shows school A to a school-B user: {leaked}"
    elif isinstance(kind, tuple) and kind[0] == OBJ:
        url = _fill(pattern, kind[1](county))
        get = client.get(url)
        post = client.post(url, {})
        # admin_b may also lack the capability (403) – but never sees the object.
        assert get.status_code in (404, 403, 405), f"GET {url}: {get.status_code}"
        assert post.status_code in (404, 403, 405), f"POST {url}: {post.status_code}"
        for response in (get, post):
            if response.status_code == 403:
                leaked = [m for m in SCHOOL_A_MARKERS if m in _text_of(response)]
                assert not leaked, f"{name} 403 page shows school A: {leaked}"
    # "public" and "own" routes hold no school data reachable here.


@pytest.mark.parametrize("name,pattern",
                         [r for r in page_routes() if isinstance(ROUTES.get(r[0]), tuple)
                          and ROUTES[r[0]][0] == OBJ], ids=lambda v: str(v))
def test_school_b_admin_with_every_capability_still_gets_404(client, county, name, pattern):
    """Give school B's admin every role but the separated ones, scope school B: still 404."""
    from zeren.org import accounts
    from zeren.org.roles import Role

    user = county.admin_b
    if name.startswith("accounts:user_"):
        roles = (Role.SYSADMIN,)
    elif name.startswith("accounts:grant_"):
        roles = (Role.SECADMIN,)
    else:
        roles = (Role.STAFF, Role.LEADER, Role.UNIT_ADMIN)
    for role in roles:
        accounts.role_grant(actor=None, user=user, role=role)
    client.force_login(user)
    url = _fill(pattern, ROUTES[name][1](county))
    assert client.get(url).status_code in (404, 405), url
    assert client.post(url, {}).status_code in (404, 405), url


def test_assignment_and_position_fixtures_are_school_a(county):
    assert Position.objects.filter(pk=_school_a_position(county), unit=county.school_a).exists()
    assert Assignment.objects.filter(pk=_school_a_assignment(county), unit=county.school_a).exists()


# API routes -------------------------------------------------------------------------------
# Kinds: "public" (schema, docs, root), "list" (GET must not show school A),
# ("object", f) (GET and PATCH on a school-A object → 404),
# ("create", f) (POST a body that puts a record in school A → refused, nothing created).

def _person_payload(county):
    return {"name": "越权新人", "unit": county.school_a.pk}


def _unit_payload(county):
    return {"name": "越权新单位", "code": "X-NEW", "type": "branch", "parent": county.school_a.pk}


API_ROUTES.update({
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:api-root": "public",
    "api:me": "list",
    "api:unit_list": "list",
    "api:unit_create": ("create", _unit_payload),
    "api:unit_detail": (OBJ, lambda c: c.school_a.pk),
    "api:unit_update": (OBJ, lambda c: c.school_a.pk),
    "api:unit_positions": (OBJ, lambda c: c.school_a.pk),
    "api:person_list": "list",
    "api:person_create": ("create", _person_payload),
    "api:person_detail": (OBJ, lambda c: c.people["admin_a"].pk),
    "api:person_update": (OBJ, lambda c: c.people["admin_a"].pk),
})


def api_routes():
    return sorted({(n, p) for n, p in walk() if is_api(n)}, key=lambda r: str(r[0]))


def test_every_api_route_is_covered():
    unknown = [f"{n} ({p})" for n, p in api_routes() if n not in API_ROUTES]
    assert not unknown, "API routes not covered by the scoping test: " + ", ".join(unknown)


@pytest.fixture
def token_b(county):
    from zeren.org import accounts

    return accounts.token_create(user=county.admin_b, name="scoping test")[1]


@pytest.mark.parametrize("name,pattern", [r for r in api_routes() if r[0] in API_ROUTES],
                         ids=lambda v: str(v))
def test_school_b_token_cannot_reach_school_a_through_api(client, county, token_b, name,
                                                          pattern):
    from zeren.org.models import Person, Unit

    kind = API_ROUTES[name]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_b}"}
    if kind == "list":
        response = client.get(_fill(pattern, 0), **auth)
        assert response.status_code == 200, response.content
        leaked = [m for m in SCHOOL_A_MARKERS if m in response.content.decode()]
        assert not leaked, f"{name} shows school A: {leaked}"
    elif kind[0] == OBJ:
        url = _fill(pattern, kind[1](county))
        assert client.get(url, **auth).status_code == 404, url
        patch = client.patch(url, {"name": "越权", "version": 1},
                             content_type="application/json", **auth)
        assert patch.status_code in (404, 405), (url, patch.status_code)
    elif kind[0] == "create":
        before = (Unit.objects.count(), Person.objects.count())
        response = client.post(_fill(pattern, 0), kind[1](county),
                               content_type="application/json", **auth)
        assert response.status_code in (403, 404, 422), response.content
        assert (Unit.objects.count(), Person.objects.count()) == before


def test_api_counts_exclude_school_a(client, county, token_b):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_b}"}
    units = client.get("/api/v1/units", **auth).json()
    people = client.get("/api/v1/people", **auth).json()
    assert units["count"] == 2  # school B and its branch
    assert {u["name"] for u in units["items"]} == {"乙小学", "乙小学党支部"}
    assert people["count"] == 2  # admin_b and member_b
