import os

import pytest
from django.db import connection

from zeren.testing import PASSWORD, build_county

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by tests around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    """Argon2 is deliberately slow; tests use a fast hasher unless marked `argon2`."""
    if request.node.get_closest_marker("argon2"):
        yield
        return
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(tmp_path_factory):
    """Uploaded files of a test go to a temporary folder, never into var/media."""
    from django.conf import settings
    from django.test import override_settings

    location = tmp_path_factory.mktemp("media")
    storages = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location)}}}
    with override_settings(STORAGES=storages, MEDIA_ROOT=location):
        yield location


@pytest.fixture
def county(db):
    return build_county()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """login(user) → the test client, logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    # PostgreSQL-only tests (triggers) are deselected on SQLite, never skipped:
    # CI fails on any skip, and runs the suite on PostgreSQL as well.
    if connection.vendor == "postgresql":
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("postgresql") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
