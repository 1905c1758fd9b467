"""Writes of saved work reports (工作汇报), and the audit of their downloads.

Every function checks the actor's capability and data scope, runs in one transaction
and records an audit event. A report stores its parameters and text blocks only; its
figures are counted again each time it is opened or exported.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zeren.core import audit
from zeren.core.concurrency import claim_version
from zeren.core.models import AuditEvent
from zeren.core.scoping import scope_path
from zeren.org.models import Unit
from zeren.reports.models import Report, ReportTemplate

A = AuditEvent.Action

TEXT_FIELDS = ("title", "recipient", "opening", "problems", "next_steps", "signature",
               "issued_on")


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.can(capability):
        raise PermissionDenied("您没有执行此操作的权限。")


def _require_visible(actor, unit: Unit) -> None:
    if actor is None:
        return
    path = scope_path(actor)
    if unit is None or path is None or not unit.path.startswith(path):
        raise ValidationError({"unit": "该单位不在您的数据范围内。"})


def _check_template(template: ReportTemplate | None) -> None:
    if template is not None and not template.is_active:
        raise ValidationError({"template": f"模板“{template.name}”已停用，请选择其他模板。"})


def _check_period(start: datetime.date, end: datetime.date) -> None:
    if start > end:
        raise ValidationError({"end": "结束日期不能早于开始日期。"})


@transaction.atomic
def report_save(*, actor, unit: Unit, period_kind: str, start: datetime.date,
                end: datetime.date, title: str, template: ReportTemplate | None = None,
                recipient: str = "", opening: str = "", problems: str = "",
                next_steps: str = "", signature: str = "",
                issued_on: datetime.date | None = None) -> Report:
    """Save a new report's parameters and text blocks for a unit in the actor's scope."""
    _require(actor, "reports.build")
    _require_visible(actor, unit)
    _check_period(start, end)
    _check_template(template)
    report = Report(unit=unit, period_kind=period_kind, start=start, end=end,
                    template=template, title=title.strip(), recipient=recipient.strip(),
                    opening=opening.strip(), problems=problems.strip(),
                    next_steps=next_steps.strip(), signature=signature.strip(),
                    issued_on=issued_on, created_by=actor)
    report.full_clean(exclude=["created_by", "template", "unit"])
    report.save()
    audit.record(A.CREATE, actor=actor, obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def report_update(*, actor, report: Report, expected_version: int, **fields) -> Report:
    """Change a saved report's text blocks (and, when given, its parameters).

    An edit based on an older version is refused with ConcurrentEditError; nothing is saved.
    """
    _require(actor, "reports.build")
    _require_visible(actor, report.unit)
    allowed = set(TEXT_FIELDS) | {"unit", "period_kind", "start", "end", "template"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    if "unit" in fields:
        _require_visible(actor, fields["unit"])
    if "template" in fields:
        _check_template(fields["template"])
    _check_period(fields.get("start", report.start), fields.get("end", report.end))
    before = audit.snapshot(report)
    claim_version(report, expected_version)
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    report.full_clean(exclude=["created_by", "template", "unit"])
    report.save()
    old, new = audit.changed(before, audit.snapshot(report))
    audit.record(A.UPDATE, actor=actor, obj=report, before=old, after=new)
    return report


def report_exported(*, actor, report: Report | None, fmt: str, unit: Unit,
                    start: datetime.date, end: datetime.date) -> None:
    """Record the download of a report (docx, pdf) or its workbook (xlsx)."""
    detail = f"{fmt}：{unit.name} {start:%Y-%m-%d}～{end:%Y-%m-%d}"
    if report is not None:
        audit.record(A.EXPORT, actor=actor, obj=report, detail=detail)
    else:
        audit.record(A.EXPORT, actor=actor, object_type="reports.report", detail=detail)
