"""`zeren report --from 2023-01-01 --to 2023-07-31 --unit SFX --output report.docx
[--xlsx stats.xlsx] [--pdf report.pdf] [--template ID] [--recipient 县委宣传部]`.

Builds the work report of a unit's subtree for a period, as the system (every record of
the subtree counts, as for bureau staff), in the default GB/T 9704-2012 layout or with an
uploaded template; optionally the statistics workbook and a PDF. Each file written is an
EXPORT on the audit log.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zeren.core import audit
from zeren.core.models import AuditEvent
from zeren.org.models import Unit
from zeren.reports import content, counting


def _date(value: str, label: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{label}“{value}”不是有效日期，请写成 2023-07-31 的形式。")


class Command(BaseCommand):
    help = "生成单位（含下级）某一期间的意识形态工作汇报（Word，可选统计工作簿和 PDF）。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="开始日期，如 2023-01-01")
        parser.add_argument("--to", dest="end", required=True, help="结束日期，如 2023-07-31")
        parser.add_argument("--unit", required=True, help="汇报单位的编码，如 SFX")
        parser.add_argument("--output", required=True, help="Word 文档的保存路径（.docx）")
        parser.add_argument("--xlsx", help="同时保存统计工作簿（.xlsx）的路径")
        parser.add_argument("--pdf", help="同时保存 PDF 的路径（需要 LibreOffice）")
        parser.add_argument("--template", type=int, help="使用已上传的汇报模板（编号）")
        parser.add_argument("--recipient", default="", help="主送机关，如 县委宣传部")
        parser.add_argument("--signature", default="", help="署名（默认为单位名称）")

    def handle(self, *args, start, end, unit, output, xlsx=None, pdf=None, template=None,
               recipient="", signature="", **options):
        try:
            period = counting.Period(_date(start, "开始日期"), _date(end, "结束日期"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"找不到编码为“{unit}”的单位，请检查 --unit。")
        chosen = self._template(template)

        report = content.build(None, target, period, recipient=recipient, signature=signature)
        if chosen is None:
            from zeren.reports.docx_builder import build_docx

            data = build_docx(report)
        else:
            from zeren.reports.templating import render_template

            try:
                data = render_template(chosen, report)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages))
        files = [(output, data, "docx")]
        if xlsx:
            try:
                from zeren.reports.workbook import build_workbook
            except ImportError:
                raise CommandError("本版本尚不能生成统计工作簿（zeren.reports.workbook 不存在）。")
            files.append((xlsx, build_workbook(None, target, period), "xlsx"))
        if pdf:
            from zeren.reports import pdf as pdf_module

            try:
                files.append((pdf, pdf_module.docx_to_pdf(data), "pdf"))
            except (pdf_module.PdfUnavailable, pdf_module.PdfConversionError) as exc:
                raise CommandError(str(exc))

        for path, payload, kind in files:
            path = Path(path)
            if path.parent and not path.parent.exists():
                raise CommandError(f"目录“{path.parent}”不存在。")
            path.write_bytes(payload)
            with transaction.atomic():
                audit.record(AuditEvent.Action.EXPORT, actor=None, object_type="reports.report",
                             object_repr=report.title,
                             detail=f"{kind}（命令行）：{target.name} {period} → {path.name}")
            self.stdout.write(f"已生成 {path}（{len(payload) // 1024 + 1} KB）")
        self.stdout.write(self.style.SUCCESS(
            f"{report.title}：{len(report.sections)} 部分，{len(report.figures)} 个数字。"))

    def _template(self, template_id):
        if template_id is None:
            return None
        from zeren.reports.models import ReportTemplate

        chosen = ReportTemplate.objects.filter(pk=template_id).first()
        if chosen is None:
            raise CommandError(f"找不到编号为 {template_id} 的汇报模板。")
        if not chosen.is_active:
            raise CommandError(f"汇报模板“{chosen.name}”已停用。")
        return chosen
