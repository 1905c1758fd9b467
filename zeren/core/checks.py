"""System checks for a production deployment (run by `zeren check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def zeren_production_check(app_configs, **kwargs):
    errors = []
    if settings.PRODUCTION and settings.DEBUG:
        errors.append(Error("生产环境不得开启 DEBUG。", id="zeren.E001"))
    if settings.PRODUCTION and not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        errors.append(
            Error(
                "生产环境应使用 PostgreSQL（设置 DATABASE_URL）。",
                hint="DATABASE_URL=postgres://user:password@host:5432/zeren",
                id="zeren.E002",
            )
        )
    return errors
