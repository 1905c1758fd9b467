"""Login and logout become audit events (failed logins are recorded by the login service)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from zeren.core import audit
from zeren.core.models import AuditEvent


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.LOGIN, actor=user, obj=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditEvent.Action.LOGOUT, actor=user, obj=user)
