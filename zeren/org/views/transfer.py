"""Excel templates, exports and all-or-nothing imports of units and people."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from zeren.org import excel
from zeren.org.forms import ImportForm
from zeren.org.views.common import require, xlsx_response

ERRORS_SHOWN = 200


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@login_required
def unit_template(request):
    require(request.user, "org.import_export")
    return xlsx_response(excel.export_units(actor=request.user, template=True), "单位导入模板.xlsx")


@login_required
def unit_export(request):
    require(request.user, "org.import_export")
    return xlsx_response(excel.export_units(actor=request.user), f"单位-{_stamp()}.xlsx")


@login_required
def person_template(request):
    require(request.user, "org.import_export")
    return xlsx_response(excel.export_people(actor=request.user, template=True),
                         "人员导入模板.xlsx")


@login_required
def person_export(request):
    require(request.user, "org.import_export")
    return xlsx_response(excel.export_people(actor=request.user), f"人员-{_stamp()}.xlsx")


def _import(request, *, edit_capability, importer, noun, template_url, done_url):
    user = request.user
    require(user, "org.import_export")
    require(user, edit_capability)
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importer(actor=user, upload=upload)
        except excel.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if result.ok:
                messages.success(request, f"导入{noun}成功：{result.summary()}。")
                return redirect(done_url)
            errors = result.errors
    return render(request, "org/import.html", {
        "form": form, "noun": noun, "errors": errors[:ERRORS_SHOWN],
        "error_count": len(errors), "more_errors": max(0, len(errors) - ERRORS_SHOWN),
        "template_url": template_url, "done_url": done_url,
    })


@login_required
def unit_import(request):
    return _import(request, edit_capability="org.edit_units", importer=excel.import_units,
                   noun="单位", template_url="org:unit_template", done_url="org:unit_tree")


@login_required
def person_import(request):
    return _import(request, edit_capability="org.edit_people", importer=excel.import_people,
                   noun="人员", template_url="org:person_template", done_url="org:person_list")
