from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zeren.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from zeren.core import checks  # noqa: F401
