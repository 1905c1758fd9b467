"""Roles (DESIGN.md, Users) and what each may do. One table, read everywhere."""

from django.db import models


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"
    LEADER = "leader", "局领导"
    STAFF = "staff", "业务管理员"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    MEMBER = "member", "成员"


# 三员分立: these three never share one account.
SEPARATED_ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})

# Business roles see org data; the auditor and the security admin do nothing else.
_READERS = {Role.SYSADMIN, Role.LEADER, Role.STAFF, Role.UNIT_ADMIN, Role.MEMBER}

CAPABILITIES: dict[str, frozenset[str]] = {
    "org.view": frozenset(_READERS),
    "org.edit_units": frozenset({Role.SYSADMIN, Role.STAFF, Role.UNIT_ADMIN}),
    "org.edit_people": frozenset({Role.SYSADMIN, Role.STAFF, Role.UNIT_ADMIN}),
    "org.edit_positions": frozenset({Role.STAFF, Role.UNIT_ADMIN}),
    "org.edit_assignments": frozenset({Role.STAFF}),
    "org.import_export": frozenset({Role.SYSADMIN, Role.STAFF, Role.UNIT_ADMIN}),
    "accounts.manage": frozenset({Role.SYSADMIN}),
    "accounts.grant": frozenset({Role.SECADMIN}),
    "audit.read": frozenset({Role.AUDITOR}),
    "api.tokens": frozenset(_READERS),
    # The work ledger (台账)
    "ledger.view": frozenset({Role.LEADER, Role.STAFF, Role.UNIT_ADMIN, Role.MEMBER}),
    "ledger.record": frozenset({Role.STAFF, Role.UNIT_ADMIN}),
    "ledger.review": frozenset({Role.STAFF, Role.UNIT_ADMIN}),
    "ledger.categories": frozenset({Role.STAFF}),
    "ledger.commitments": frozenset({Role.STAFF, Role.UNIT_ADMIN, Role.MEMBER}),
    # Work reports (工作汇报) and the dashboard: leaders read, staff and unit admins build
    # (unit admins for their subtree, by scope); staff alone manage the Word templates.
    "reports.view": frozenset({Role.LEADER, Role.STAFF, Role.UNIT_ADMIN}),
    "reports.build": frozenset({Role.STAFF, Role.UNIT_ADMIN}),
    "reports.templates": frozenset({Role.STAFF}),
}


def roles_can(roles, capability: str) -> bool:
    return bool(set(roles) & CAPABILITIES[capability])
