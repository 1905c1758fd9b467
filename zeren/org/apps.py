from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zeren.org"
    label = "org"
    verbose_name = "组织与人员"

    def ready(self) -> None:
        from zeren.org import signals  # noqa: F401
