from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zeren.ledger"
    label = "ledger"
    verbose_name = "工作台账"
