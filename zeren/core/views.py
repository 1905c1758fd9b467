"""The audit log viewer (审计管理员 only): list with filters, detail, xlsx export.

Audit events are not business data of a unit: the auditor reads all of them, and
every other role (the system admin included, 三员分立) gets 403.
"""

import datetime
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_ipv46_address
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeren.core import audit
from zeren.core.models import AuditEvent

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EventFilterForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("操作"), required=False,
                               choices=[("", gettext_lazy("全部操作")), *AuditEvent.Action.choices])
    object_type = forms.CharField(label=gettext_lazy("对象类型"), required=False)
    date_from = forms.DateField(label=gettext_lazy("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    success = forms.ChoiceField(label=gettext_lazy("结果"), required=False,
                                choices=[("", gettext_lazy("全部")), ("1", gettext_lazy("成功")),
                                         ("0", gettext_lazy("失败"))])
    q = forms.CharField(label=gettext_lazy("关键词"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filter(self, qs):
        if not self.is_bound:
            return qs
        if not self.is_valid():
            return qs.none()  # a bad filter shows its error, never the unfiltered log
        data = self.cleaned_data
        if data["username"]:
            qs = qs.filter(username__icontains=data["username"].strip())
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["object_type"]:
            qs = qs.filter(object_type__icontains=data["object_type"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            start = datetime.datetime.combine(data["date_from"], datetime.time.min, tzinfo=tz)
            qs = qs.filter(time__gte=start)
        if data["date_to"]:
            end = datetime.datetime.combine(data["date_to"] + datetime.timedelta(days=1),
                                            datetime.time.min, tzinfo=tz)
            qs = qs.filter(time__lt=end)
        if data["success"] in {"0", "1"}:
            qs = qs.filter(success=data["success"] == "1")
        if data["q"]:
            text = data["q"].strip()
            match = (Q(object_repr__icontains=text) | Q(detail__icontains=text)
                     | Q(username__icontains=text) | Q(object_id=text))
            if _is_ip(text):
                match |= Q(ip=text)
            qs = qs.filter(match)
        return qs

    def summary(self) -> str:
        if not self.is_valid():
            return ""
        parts = [f"{self.fields[k].label}={v}" for k, v in self.cleaned_data.items() if v]
        return "；".join(str(p) for p in parts)


def _is_ip(text: str) -> bool:
    try:
        validate_ipv46_address(text)
    except ValidationError:
        return False
    return True


def _require_auditor(user) -> None:
    if not user.can("audit.read"):
        raise PermissionDenied(_("只有审计管理员可以查看审计日志。"))


@login_required
def event_list(request):
    _require_auditor(request.user)
    form = EventFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.all())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@login_required
def event_detail(request, pk: int):
    _require_auditor(request.user)
    event = get_object_or_404(AuditEvent, pk=pk)
    before, after = event.before or {}, event.after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    rows = [
        {"field": key, "before": before.get(key), "after": after.get(key),
         "changed": before.get(key) != after.get(key)}
        for key in keys
    ]
    return render(request, "audit/event_detail.html", {"event": event, "rows": rows})


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:32000]
    return value


@login_required
def event_export(request):
    """The filtered events as a workbook; the export itself becomes an EXPORT event."""
    _require_auditor(request.user)
    from openpyxl import Workbook

    form = EventFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.all())[:EXPORT_MAX_ROWS]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("审计日志"))
    sheet.append([_("时间"), _("用户"), _("IP 地址"), _("操作"), _("对象类型"), _("对象ID"),
                  _("对象"), _("成功"), _("说明"), _("修改前"), _("修改后")])
    count = 0
    for event in events.iterator(chunk_size=2000):
        sheet.append([
            timezone.localtime(event.time).strftime("%Y-%m-%d %H:%M:%S"),
            event.username, event.ip or "", event.get_action_display(), event.object_type,
            event.object_id, event.object_repr, _("是") if event.success else _("否"),
            event.detail, _cell(event.before), _cell(event.after),
        ])
        count += 1
    audit.record(AuditEvent.Action.EXPORT, actor=request.user, object_type="core.auditevent",
                 object_repr=_("审计日志导出"), detail=f"{count} 条；{form.summary()}")
    response = HttpResponse(content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    book.save(response)
    return response
