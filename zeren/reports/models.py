"""Saved work reports (工作汇报) and the Word templates they are drawn with."""

from django.conf import settings
from django.db import models

from zeren.core.models import ScopedQuerySet, VersionedModel
from zeren.org.models import Unit


class ReportTemplate(VersionedModel):
    """A .docx template (Jinja via docxtpl) uploaded by bureau staff. The built-in
    GB/T 9704 layout is used when a report names no template."""

    name = models.CharField("名称", max_length=100)
    file = models.FileField("模板文件", upload_to="report-templates/", max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    variables = models.JSONField("使用的变量", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="替换的模板")

    class Meta:
        verbose_name = "汇报模板"
        verbose_name_plural = "汇报模板"
        ordering = ["name", "-created_at"]

    def __str__(self) -> str:
        return self.name


class Report(VersionedModel):
    """A report's parameters and the text blocks its author wrote; its figures are
    computed again from the ledger each time it is opened or exported."""

    class PeriodKind(models.TextChoices):
        YEAR = "year", "全年"
        HALF = "half", "半年"
        QUARTER = "quarter", "季度"
        YEAR_TO_DATE = "ytd", "年初以来"
        CUSTOM = "custom", "自定义"

    unit = models.ForeignKey(Unit, verbose_name="汇报单位", on_delete=models.PROTECT,
                             related_name="reports")
    period_kind = models.CharField("期间", max_length=8, choices=PeriodKind.choices,
                                   default=PeriodKind.HALF)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    template = models.ForeignKey(ReportTemplate, verbose_name="模板", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="reports")
    title = models.CharField("标题", max_length=200)
    recipient = models.CharField("主送", max_length=100, blank=True)
    opening = models.TextField("开头", blank=True)
    problems = models.TextField("存在的问题", blank=True)
    next_steps = models.TextField("下一步打算", blank=True)
    signature = models.CharField("署名", max_length=100, blank=True)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "工作汇报"
        verbose_name_plural = "工作汇报"
        ordering = ["-end", "-created_at"]

    def __str__(self) -> str:
        return self.title
