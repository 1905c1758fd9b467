"""Production settings: `zeren check --deploy` is clean, and a missing secret refuses to start."""

import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

PG_URL = "postgres://zeren:secret@db.example.org:5432/zeren"


def _zeren(*args, **env_overrides) -> subprocess.CompletedProcess:
    # a clean environment: conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, which --deploy flags
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ZEREN_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "zeren.cli", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def _secret() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def test_check_deploy_passes_without_warnings_in_production(tmp_path):
    result = _zeren("check", "--deploy", ZEREN_ENV="production", ZEREN_SECRET_KEY=_secret(),
                    ZEREN_ALLOWED_HOSTS="zeren.example.org", DATABASE_URL=PG_URL,
                    ZEREN_STATIC_ROOT=str(tmp_path / "static"))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output
    assert "no issues" in output


def test_production_without_a_secret_key_refuses_to_start():
    result = _zeren("check", ZEREN_ENV="production", ZEREN_ALLOWED_HOSTS="zeren.example.org",
                    DATABASE_URL=PG_URL)
    assert result.returncode != 0
    assert "ZEREN_SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = _zeren("check", ZEREN_ENV="production", ZEREN_SECRET_KEY=_secret(),
                    DATABASE_URL=PG_URL)
    assert result.returncode != 0
    assert "ZEREN_ALLOWED_HOSTS" in result.stderr


def test_sessions_end_after_the_idle_timeout():
    assert settings.SESSION_COOKIE_AGE == settings.ZEREN_IDLE_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
