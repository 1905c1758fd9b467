"""Work report pages: saved reports, the builder, the HTML preview (every figure a link to
its records) with editable text blocks, downloads (docx, xlsx, pdf), comparison of two
reports, Word templates and the statistics dashboard."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.org.views.common import add_service_error, error_text, require, xlsx_response
from zeren.reports import content as report_content
from zeren.reports import counting, selectors, services
from zeren.reports import dashboard as dashboard_data
from zeren.reports.content import Figure
from zeren.reports.forms import PeriodScopeForm, ReportForm, TemplateUploadForm, TextBlocksForm
from zeren.reports.models import Report
from zeren.reports.workbook import build_workbook

PAGE_SIZE = 30
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(report: Report) -> counting.Period:
    return counting.Period(report.start, report.end)


def _content(user, report: Report):
    return report_content.build(
        user, report.unit, _period(report), recipient=report.recipient, opening=report.opening,
        problems=report.problems, next_steps=report.next_steps, signature=report.signature,
        issued_on=report.issued_on, title=report.title)


def _pdf_available() -> bool:
    try:
        from zeren.reports import pdf
    except ImportError:
        return False
    return pdf.soffice_path() is not None


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def _preview_sections(content) -> list[dict]:
    """Sections as parts the template can print: text, or a figure with its link."""
    return [{
        "title": section.title,
        "paragraphs": [[{"text": str(part), "figure": isinstance(part, Figure),
                         "link": getattr(part, "link", None),
                         "label": getattr(part, "label", "")}
                        for part in paragraph.parts]
                       for paragraph in section.paragraphs],
    } for section in content.sections]


# Saved reports ---------------------------------------------------------------------------

@login_required
def report_list(request):
    user = request.user
    require(user, "reports.view")
    page = Paginator(selectors.report_rows(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/report_list.html", {
        "page": page, "can_build": user.can("reports.build"),
        "can_templates": user.can("reports.templates"),
    })


@login_required
def report_create(request):
    user = request.user
    require(user, "reports.build")
    if request.method == "POST":
        form = ReportForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            period = form.period
            title = data["title"].strip() or report_content.build(user, data["unit"],
                                                                  period).title
            try:
                report = services.report_save(
                    actor=user, unit=data["unit"], period_kind=data["period_kind"],
                    start=period.start, end=period.end, template=data["template"],
                    title=title, recipient=data["recipient"], opening=data["opening"],
                    problems=data["problems"], next_steps=data["next_steps"],
                    signature=data["signature"], issued_on=data["issued_on"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"已生成“{report.title}”，请核对后下载。")
                return redirect("reports:report_detail", pk=report.pk)
    else:
        unit = selectors.default_unit(user)
        form = ReportForm(user=user, initial={
            "unit": unit.pk if unit else None, "period_kind": Report.PeriodKind.YEAR_TO_DATE,
            "year": timezone.localdate().year})
    return render(request, "reports/report_form.html", {"form": form})


def _detail_context(user, report: Report, form=None) -> dict:
    content = _content(user, report)
    return {
        "report": report, "content": content, "sections": _preview_sections(content),
        "issued_on": report_content.chinese_date(content.issued_on),
        "can_build": user.can("reports.build"),
        "form": form or TextBlocksForm(initial=TextBlocksForm.initial_for(report)),
        "pdf_available": _pdf_available(),
        "others": list(selectors.comparable_reports(user, report)[:20]),
    }


@login_required
def report_detail(request, pk):
    user = request.user
    require(user, "reports.view")
    report = selectors.report_for(user, pk)
    return render(request, "reports/report_detail.html", _detail_context(user, report))


@login_required
@require_POST
def report_text(request, pk):
    """Save the text blocks (htmx: answers the form and the refreshed preview text)."""
    user = request.user
    report = selectors.report_for(user, pk)
    require(user, "reports.build")
    form = TextBlocksForm(request.POST)
    saved = False
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            report = services.report_update(actor=user, report=report,
                                            expected_version=version, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            saved = True
    if not request.headers.get("HX-Request"):
        if saved:
            messages.success(request, "已保存汇报文字。")
            return redirect("reports:report_detail", pk=report.pk)
        return render(request, "reports/report_detail.html", _detail_context(user, report, form))
    if saved:
        form = TextBlocksForm(initial=TextBlocksForm.initial_for(report))
    context = _detail_context(user, report, form)
    context.update(saved=saved, oob=saved)
    return render(request, "reports/_text_blocks.html", context)


# Downloads (each one audited) -------------------------------------------------------------

def _docx_bytes(report: Report, content) -> bytes:
    # Imported here: the Word builders are their own modules (and templates are optional).
    if report.template_id:
        from zeren.reports import templating

        return templating.render_template(report.template, content)
    from zeren.reports import docx_builder

    return docx_builder.build_docx(content)


@login_required
def report_docx(request, pk):
    user = request.user
    require(user, "reports.view")
    report = selectors.report_for(user, pk)
    content = _content(user, report)
    try:
        data = _docx_bytes(report, content)
    except ValidationError as error:
        messages.error(request, f"生成 Word 文档失败：{error_text(error)}")
        return redirect("reports:report_detail", pk=report.pk)
    services.report_exported(actor=user, report=report, fmt="docx", unit=report.unit,
                             start=report.start, end=report.end)
    return _download(data, DOCX, f"{report.title}.docx")


@login_required
def report_xlsx(request, pk):
    user = request.user
    require(user, "reports.view")
    report = selectors.report_for(user, pk)
    data = build_workbook(user, report.unit, _period(report))
    services.report_exported(actor=user, report=report, fmt="xlsx", unit=report.unit,
                             start=report.start, end=report.end)
    return xlsx_response(data, f"{report.title}-统计表.xlsx")


@login_required
def report_pdf(request, pk):
    user = request.user
    require(user, "reports.view")
    report = selectors.report_for(user, pk)
    if not _pdf_available():
        raise Http404("服务器未安装 LibreOffice，无法生成 PDF。")
    from zeren.reports import pdf

    try:
        data = pdf.docx_to_pdf(_docx_bytes(report, _content(user, report)))
    except (ValidationError, pdf.PdfUnavailable, pdf.PdfConversionError) as error:
        text = error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, f"生成 PDF 失败：{text}")
        return redirect("reports:report_detail", pk=report.pk)
    services.report_exported(actor=user, report=report, fmt="pdf", unit=report.unit,
                             start=report.start, end=report.end)
    return _download(data, "application/pdf", f"{report.title}.pdf")


# Comparison ------------------------------------------------------------------------------

def _figure_rows(summary_a, summary_b) -> list[dict]:
    b_counts = {c.category.pk: c for c in summary_b.categories}
    rows = []
    for area in summary_a.areas:
        b_area = next((a for a in summary_b.areas if a.area.pk == area.area.pk), None)
        rows.append({"heading": True, "name": area.area.name, "a": area.count,
                     "b": b_area.count if b_area else 0})
        for c in area.categories:
            other = b_counts.get(c.category.pk)
            b_value = other.figure if other else 0
            if c.figure == 0 and b_value == 0:
                continue
            rows.append({"heading": False, "name": c.category.name,
                         "noun": "轮次" if c.category.asks_round else c.category.unit_noun,
                         "a": c.figure, "b": b_value, "category": c.category.pk})
    for row in rows:
        row["change"] = row["a"] - row["b"]
    return rows


@login_required
def report_compare(request, pk):
    user = request.user
    require(user, "reports.view")
    report = selectors.report_for(user, pk)
    other_pk = request.GET.get("with")
    if not other_pk:
        others = list(selectors.comparable_reports(user, report)[:50])
        return render(request, "reports/report_compare.html", {
            "report": report, "other": None, "others": others})
    other = get_visible_or_404(Report.objects.select_related("unit"), user, pk=other_pk)
    summary_a = counting.summary(user, report.unit, _period(report))
    summary_b = counting.summary(user, other.unit, _period(other))
    rows = _figure_rows(summary_a, summary_b)
    for row in rows:
        if row.get("category"):
            row["link_a"] = report_content.activity_link(report.unit, _period(report),
                                                         category=row["category"])
            row["link_b"] = report_content.activity_link(other.unit, _period(other),
                                                         category=row["category"])
    return render(request, "reports/report_compare.html", {
        "report": report, "other": other, "rows": rows,
        "others": list(selectors.comparable_reports(user, report)[:50]),
    })


# Templates -------------------------------------------------------------------------------

@login_required
def template_list(request):
    user = request.user
    require(user, "reports.templates")
    return render(request, "reports/template_list.html", {
        "templates": list(selectors.template_rows()),
        "variables": report_content.VARIABLES.items(),
        "form": TemplateUploadForm(user=user),
    })


@require_POST
@login_required
def template_deactivate(request, pk):
    """Stop offering a custom template; reports drawn with it keep it."""
    from zeren.reports import templating
    from zeren.reports.models import ReportTemplate

    user = request.user
    require(user, "reports.templates")
    template = ReportTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404("未找到该模板。")
    templating.template_deactivate(actor=user, template=template)
    messages.success(request, f"已停用模板“{template.name}”。")
    return redirect("reports:template_list")


@login_required
def template_upload(request):
    user = request.user
    require(user, "reports.templates")
    form = TemplateUploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        from zeren.reports import templating

        data = form.cleaned_data
        try:
            template = templating.template_upload(actor=user, name=data["name"],
                                                  upload=data["upload"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已上传模板“{template.name}”。")
            return redirect("reports:template_list")
    return render(request, "reports/template_list.html", {
        "templates": list(selectors.template_rows()),
        "variables": report_content.VARIABLES.items(),
        "form": form,
    })


# Dashboard -------------------------------------------------------------------------------

@login_required
def dashboard(request):
    user = request.user
    require(user, "reports.view")
    today = timezone.localdate()
    unit = selectors.default_unit(user)
    defaults = {"unit": unit.pk if unit else None, "period_kind": Report.PeriodKind.YEAR_TO_DATE,
                "year": today.year}
    form = PeriodScopeForm({**defaults, **request.GET.dict()} if request.GET else defaults,
                           user=user)
    board = None
    if form.is_valid():
        board = dashboard_data.build(user, form.cleaned_data["unit"], form.period, today)
    elif unit is not None and not request.GET:
        board = dashboard_data.build(user, unit, counting.Period(
            datetime.date(today.year, 1, 1), today), today)
    return render(request, "reports/dashboard.html", {
        "form": form, "board": board,
        "chart_data": board.chart_data() if board else None,
    })
