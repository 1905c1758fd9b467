"""Small display helpers of the ledger pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-warning",
    "approved": "text-bg-success",
    "returned": "text-bg-danger",
}


@register.simple_tag
def status_badge(activity):
    """The activity's review status as a coloured badge (and 已删除 when in the bin)."""
    badge = format_html('<span class="badge {}">{}</span>',
                        STATUS_CLASSES.get(activity.status, "text-bg-light"),
                        activity.get_status_display())
    if getattr(activity, "deleted_at", None):
        badge += format_html(' <span class="badge text-bg-dark">{}</span>', _("已删除"))
    return badge


@register.filter
def filesize(size):
    size = int(size or 0)
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
