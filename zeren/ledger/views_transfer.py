"""Excel templates, exports (filtered like the list pages) and all-or-nothing imports of
activities and articles. The work itself is in zeren/ledger/excel.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.core.excel import ImportFileError
from zeren.ledger import excel
from zeren.ledger.forms import ActivityFilterForm, ArticleFilterForm
from zeren.ledger.models import Activity, Article
from zeren.org.forms import ImportForm
from zeren.org.views.common import require, xlsx_response

ERRORS_SHOWN = 200


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _url_or_home(name: str) -> str:
    # The list pages are another part of the ledger; fall back to the landing page.
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse("home")


def _filtered(form, qs):
    """Apply the list page's filters; a unit outside scope is 404, other bad input 400."""
    if form.is_bound and not form.is_valid():
        if "unit" in form.errors:
            raise Http404("未找到，或不在您的数据范围内。")
        return None
    return form.filter(qs)


def _bad_filters(form):
    problems = "；".join(f"{form.fields[name].label}：{'；'.join(errors)}"
                        for name, errors in form.errors.items() if name in form.fields)
    return HttpResponseBadRequest(f"筛选条件有误：{problems}".encode(),
                                  content_type="text/plain; charset=utf-8")


@login_required
def activity_export(request):
    """The activity list as xlsx: the same filters (GET unit, area, category, start, end,
    status, tag, highlight, q), visible records only, with IDs so it imports back."""
    user = request.user
    require(user, "ledger.view")
    form = ActivityFilterForm(request.GET or None, user=user)
    qs = _filtered(form, Activity.objects.visible_to(user).alive())
    if qs is None:
        return _bad_filters(form)
    return xlsx_response(excel.export_activities(actor=user, activities=qs),
                         f"台账记录-{_stamp()}.xlsx")


@login_required
def activity_template(request):
    require(request.user, "ledger.record")
    return xlsx_response(excel.export_activities(actor=request.user, template=True),
                         "台账记录导入模板.xlsx")


@login_required
def article_export(request):
    user = request.user
    require(user, "ledger.view")
    form = ArticleFilterForm(request.GET or None, user=user)
    qs = _filtered(form, Article.objects.visible_to(user).filter(deleted_at__isnull=True))
    if qs is None:
        return _bad_filters(form)
    return xlsx_response(excel.export_articles(actor=user, articles=qs), f"稿件-{_stamp()}.xlsx")


@login_required
def article_template(request):
    require(request.user, "ledger.record")
    return xlsx_response(excel.export_articles(actor=request.user, template=True),
                         "稿件导入模板.xlsx")


class ActivityImportForm(ImportForm):
    submit = forms.BooleanField(label=_("导入后直接提交审核"), required=False,
                                help_text=_("不勾选时，新记录导入为草稿。"))


def _import(request, *, form_class, importer, noun, template_url, done_url, list_name):
    user = request.user
    require(user, "ledger.record")
    form = form_class(request.POST or None, request.FILES or None, user=user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {"submit": form.cleaned_data["submit"]} if "submit" in form.fields else {}
        try:
            result = importer(actor=user, upload=upload, **options)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if result.ok and not request.headers.get("HX-Request"):
                messages.success(request, f"导入{noun}成功：已读取并校验 {result.rows} 行，"
                                          f"{result.summary()}。")
                return redirect(done_url)
    errors = result.errors if result is not None else []
    context = {
        "form": form, "noun": noun, "result": result, "errors": errors[:ERRORS_SHOWN],
        "error_count": len(errors), "more_errors": max(0, len(errors) - ERRORS_SHOWN),
        "template_url": template_url, "done_url": done_url, "list_name": list_name,
    }
    if request.headers.get("HX-Request"):
        return render(request, "ledger/transfer/_import_result.html", context)
    return render(request, "ledger/transfer/import.html", context)


@login_required
def activity_import(request):
    return _import(request, form_class=ActivityImportForm, importer=excel.import_activities,
                   noun="台账记录", template_url="ledger:activity_template",
                   done_url=_url_or_home("ledger:activity_list"), list_name=_("台账记录"))


@login_required
def article_import(request):
    return _import(request, form_class=ImportForm, importer=excel.import_articles,
                   noun="稿件", template_url="ledger:article_template",
                   done_url=_url_or_home("ledger:article_list"), list_name=_("稿件报送"))
