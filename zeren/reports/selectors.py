"""Reads of saved reports and templates for the pages, always through visible_to(user)."""

from zeren.org.models import Unit
from zeren.reports.models import Report, ReportTemplate


def report_rows(user):
    """Saved reports in scope, newest period first, with what the list shows (one query)."""
    return (Report.objects.visible_to(user)
            .select_related("unit", "template", "created_by", "created_by__person")
            .order_by("-end", "-created_at", "-id"))


def report_for(user, pk):
    from zeren.core.scoping import get_visible_or_404

    return get_visible_or_404(Report.objects.select_related("unit", "template"), user, pk=pk)


def comparable_reports(user, report: Report):
    """Other saved reports of the same unit, to compare with (e.g. last half-year)."""
    return (Report.objects.visible_to(user).filter(unit=report.unit).exclude(pk=report.pk)
            .order_by("-end", "-id"))


def default_unit(user) -> Unit | None:
    """The unit a user reports for by default: the root of their data scope."""
    unit = user.scope_unit
    if unit is not None and Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
        return unit
    return None


def template_rows():
    return (ReportTemplate.objects.select_related("uploaded_by", "uploaded_by__person",
                                                  "replaces")
            .order_by("-is_active", "name", "-created_at"))
