"""Forms of the report builder, its text blocks and the dashboard's period and scope."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.org.forms import DateInput, StyledForm, UnitChoiceField
from zeren.org.models import Unit
from zeren.reports.counting import Period
from zeren.reports.models import Report, ReportTemplate

K = Report.PeriodKind
HALVES = [("1", _("上半年")), ("2", _("下半年"))]
QUARTERS = [("1", _("第一季度")), ("2", _("第二季度")), ("3", _("第三季度")),
            ("4", _("第四季度"))]


def period_for(kind: str, year: int, *, half: int = 1, quarter: int = 1,
               start: datetime.date | None = None, end: datetime.date | None = None,
               today: datetime.date | None = None) -> Period:
    """The dates a period choice stands for. 年初以来 runs from 1 January of `year` to
    `end` (default: today in the current year, 31 December in a past one)."""
    today = today or timezone.localdate()
    if kind == K.YEAR:
        return Period.year(year)
    if kind == K.HALF:
        return (Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30)) if half == 1
                else Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31)))
    if kind == K.QUARTER:
        first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
        after = (datetime.date(year + 1, 1, 1) if quarter == 4
                 else datetime.date(year, 3 * quarter + 1, 1))
        return Period(first, after - datetime.timedelta(days=1))
    if kind == K.YEAR_TO_DATE:
        if end is None:
            end = today if year == today.year else datetime.date(year, 12, 31)
        return Period(datetime.date(year, 1, 1), end)
    return Period(start, end)


class PeriodScopeForm(StyledForm):
    """期间 (year, half-year, quarter, 年初以来, custom range) and 范围 (a unit in scope)."""

    unit = UnitChoiceField(label=_("汇报范围"), queryset=Unit.objects.filter(is_active=True)
                           .order_by("path"), empty_label=None,
                           help_text=_("该单位及其全部下级单位。"))
    period_kind = forms.ChoiceField(label=_("期间"), choices=K.choices, initial=K.YEAR_TO_DATE)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    half = forms.TypedChoiceField(label=_("半年"), choices=HALVES, coerce=int, required=False,
                                  empty_value=1)
    quarter = forms.TypedChoiceField(label=_("季度"), choices=QUARTERS, coerce=int,
                                     required=False, empty_value=1)
    start = forms.DateField(label=_("开始日期"), required=False, widget=DateInput(),
                            help_text=_("自定义期间时填写。"))
    end = forms.DateField(label=_("结束日期"), required=False, widget=DateInput(),
                          help_text=_("自定义期间时填写；“年初以来”可填截止日期，默认今天。"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.period: Period | None = None

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if not kind:
            return data
        year = data.get("year")
        start, end = data.get("start"), data.get("end")
        if kind == K.CUSTOM:
            if start is None:
                self.add_error("start", _("自定义期间请填写开始日期。"))
            if end is None:
                self.add_error("end", _("自定义期间请填写结束日期。"))
            if start and end and start > end:
                self.add_error("end", _("结束日期不能早于开始日期。"))
        elif year is None:
            if kind == K.YEAR_TO_DATE and end is not None:
                year = end.year
            else:
                self.add_error("year", _("请填写年度。"))
        if kind == K.YEAR_TO_DATE and year is not None and end is not None:
            if end.year != year:
                self.add_error("end", _("“年初以来”的截止日期须在所选年度内。"))
        if self.errors:
            return data
        self.period = period_for(kind, year or 0, half=data.get("half") or 1,
                                 quarter=data.get("quarter") or 1, start=start, end=end)
        return data


class ReportForm(PeriodScopeForm):
    """The builder: period, scope, template and the text blocks saved with the report."""

    template = forms.ModelChoiceField(
        label=_("模板"), required=False,
        queryset=ReportTemplate.objects.filter(is_active=True).order_by("name"),
        empty_label=_("内置公文格式（GB/T 9704-2012）"))
    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("留空则按单位和期间自动生成。"))
    recipient = forms.CharField(label=_("主送"), max_length=100, required=False,
                                help_text=_("如：县委宣传部"))
    opening = forms.CharField(label=_("开头"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("留空则使用默认开头，以“现将有关情况报告如下：”结尾。"))
    problems = forms.CharField(label=_("存在的问题"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("每行一段。"))
    next_steps = forms.CharField(label=_("下一步打算"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("每行一段。"))
    signature = forms.CharField(label=_("署名"), max_length=100, required=False,
                                help_text=_("留空则为汇报单位名称。"))
    issued_on = forms.DateField(label=_("成文日期"), required=False, widget=DateInput(),
                                help_text=_("留空则为期间的最后一天。"))


class TextBlocksForm(StyledForm):
    """The editable text blocks on the preview (saved with the report's version)."""

    title = forms.CharField(label=_("标题"), max_length=200)
    recipient = forms.CharField(label=_("主送"), max_length=100, required=False)
    opening = forms.CharField(label=_("开头"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("存在的问题"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("每行一段。"))
    next_steps = forms.CharField(label=_("下一步打算"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("每行一段。"))
    signature = forms.CharField(label=_("署名"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("成文日期"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, report: Report) -> dict:
        return {name: getattr(report, name) for name in
                ("title", "recipient", "opening", "problems", "next_steps", "signature",
                 "issued_on", "version")}


class TemplateUploadForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100,
                           help_text=_("与已启用模板同名时，新模板检查通过后替换它；"
                                       "检查不通过时原模板继续使用。"))
    upload = forms.FileField(label=_("模板文件（.docx）"),
                             widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))
