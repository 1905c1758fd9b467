"""Zeren's settings: one file, every value from the environment (see README, 配置)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ZEREN_ENV = os.environ.get("ZEREN_ENV", "development")
PRODUCTION = ZEREN_ENV == "production"
DEBUG = envbool("ZEREN_DEBUG", False) and not PRODUCTION

SECRET_KEY = os.environ.get("ZEREN_SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ZEREN_ALLOWED_HOSTS")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "ZEREN_ENV=production 需要设置 ZEREN_SECRET_KEY（至少 50 个字符）。"
            " Production needs ZEREN_SECRET_KEY (50+ characters)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ZEREN_ENV=production 需要设置 ZEREN_ALLOWED_HOSTS。"
            " Production needs ZEREN_ALLOWED_HOSTS."
        )
else:
    SECRET_KEY = SECRET_KEY or "zeren-development-key-not-for-production-use-0123456789abcdef"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "zeren.core",
    "zeren.org",
    "zeren.ledger",
    "zeren.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zeren.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zeren.core.middleware.RequestContextMiddleware",
    "zeren.org.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zeren.urls"
WSGI_APPLICATION = "zeren.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zeren" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zeren.core.context_processors.shell",
            ],
        },
    }
]

# Database: SQLite under var/ by default; DATABASE_URL switches (PostgreSQL in production).
VAR_DIR = Path(os.environ.get("ZEREN_VAR_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "zeren.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "zeren.org.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "zeren.org.passwords.CharacterClassValidator"},
    {"NAME": "zeren.org.passwords.PasswordHistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts: lockout and idle timeout (等保 2.0 8.1.4.1).
ZEREN_LOCKOUT_FAILURES = envint("ZEREN_LOCKOUT_FAILURES", 5)
ZEREN_LOCKOUT_MINUTES = envint("ZEREN_LOCKOUT_MINUTES", 30)
ZEREN_IDLE_TIMEOUT_MINUTES = envint("ZEREN_IDLE_TIMEOUT_MINUTES", 30)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = ZEREN_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # the expiry moves with every request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Audit log retention: never less than 180 days (网络安全法 第二十一条).
ZEREN_AUDIT_RETENTION_DAYS = envint("ZEREN_AUDIT_RETENTION_DAYS", 180)
if ZEREN_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("ZEREN_AUDIT_RETENTION_DAYS 不得少于 180 天。")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zeren" / "locale"]
TIME_ZONE = os.environ.get("ZEREN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ZEREN_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "zeren" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("ZEREN_MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ZEREN_IMPORT_MAX_BYTES = envint("ZEREN_IMPORT_MAX_MB", 10) * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("ZEREN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("ZEREN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = envlist("ZEREN_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZEREN_LOG_LEVEL", "WARNING")},
}

# Work ledger: evidence uploads and what counts.
ZEREN_UPLOAD_MAX_MB = envint("ZEREN_UPLOAD_MAX_MB", 20)
ZEREN_UPLOAD_MAX_BYTES = ZEREN_UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Count submitted (not yet approved) records too; by default only approved ones count.
ZEREN_COUNT_SUBMITTED = envbool("ZEREN_COUNT_SUBMITTED", False)
# Files: local disk under ZEREN_MEDIA_ROOT by default; S3-compatible storage through
# django-storages when ZEREN_S3_BUCKET is set (see README).
if os.environ.get("ZEREN_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ZEREN_S3_BUCKET"],
            "endpoint_url": os.environ.get("ZEREN_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("ZEREN_S3_ACCESS_KEY"),
            "secret_key": os.environ.get("ZEREN_S3_SECRET_KEY"),
            "region_name": os.environ.get("ZEREN_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
