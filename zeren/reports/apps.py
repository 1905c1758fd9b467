from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zeren.reports"
    label = "reports"
    verbose_name = "统计与汇报"
