"""Accounts: login with lockout, passwords, roles and data scopes, API tokens.

Only the 安全管理员 grants roles and scopes, never above their own scope; the three
admin roles (三员分立) never meet on one account. Every change is audited.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zeren.core import audit
from zeren.core.concurrency import claim_version
from zeren.core.models import AuditEvent
from zeren.core.scoping import scope_path
from zeren.org.models import ApiToken, PasswordHistory, RoleGrant, Unit, User
from zeren.org.passwords import HISTORY_DEPTH
from zeren.org.roles import SEPARATED_ADMIN_ROLES, Role

A = AuditEvent.Action


class LoginRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _lock_message(user: User) -> str:
    until = timezone.localtime(user.locked_until)
    return (
        f"账号已被锁定：连续 {settings.ZEREN_LOCKOUT_FAILURES} 次密码错误。"
        f"请于 {until:%H:%M} 后再试，或联系系统管理员解锁。"
    )


def login_attempt(*, request, username: str, password: str) -> User:
    """Check a username and password; count failures and lock after too many.

    Returns the user on success (the caller logs them in). Raises LoginRefused
    with a Chinese message otherwise. Failures and lockouts are audited; the
    counter lives in the database, so it holds across processes and servers.
    """
    user = User.objects.filter(username=username).first()
    now = timezone.now()
    if user is not None and user.is_locked(now):
        audit.record(A.LOGIN_FAILED, actor=None, username=username, obj=user, success=False,
                     detail="账号锁定期间尝试登录")
        raise LoginRefused(_lock_message(user))
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is not None:
        if authenticated.failed_logins or authenticated.locked_until:
            User.objects.filter(pk=authenticated.pk).update(failed_logins=0, locked_until=None)
            authenticated.failed_logins, authenticated.locked_until = 0, None
        return authenticated
    generic = "用户名或密码错误。"
    if user is None:
        audit.record(A.LOGIN_FAILED, actor=None, username=username, success=False,
                     detail="用户名不存在")
        raise LoginRefused(generic)
    if not user.is_active:
        audit.record(A.LOGIN_FAILED, actor=None, username=username, obj=user, success=False,
                     detail="账号已停用")
        raise LoginRefused(generic)
    # The refusal is raised after the block: raising inside would roll the lock back.
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins"])
        audit.record(A.LOGIN_FAILED, actor=None, username=username, obj=user, success=False,
                     detail=f"密码错误（第 {user.failed_logins} 次）")
        locked = user.failed_logins >= settings.ZEREN_LOCKOUT_FAILURES
        if locked:
            user.locked_until = now + datetime.timedelta(minutes=settings.ZEREN_LOCKOUT_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=user.locked_until,
                                                   failed_logins=0)
            audit.record(A.LOCKOUT, actor=None, username=username, obj=user, success=False,
                         detail=f"锁定 {settings.ZEREN_LOCKOUT_MINUTES} 分钟")
    if locked:
        raise LoginRefused(_lock_message(user))
    left = settings.ZEREN_LOCKOUT_FAILURES - user.failed_logins
    raise LoginRefused(
        f"{generic}再错 {left} 次账号将被锁定 {settings.ZEREN_LOCKOUT_MINUTES} 分钟。"
    )


def _store_password(user: User, raw: str) -> None:
    if user.password:
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[HISTORY_DEPTH:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
    user.set_password(raw)
    user.password_changed_at = timezone.now()


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    """A user sets their own password (policy and history checked)."""
    validate_password(new_password, user)
    _store_password(user, new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(A.PASSWORD_CHANGE, actor=user, obj=user)


@transaction.atomic
def password_reset(*, actor: User | None, user: User, new_password: str) -> None:
    """The system admin sets a temporary password; the user must change it at next login."""
    if actor is not None and not actor.can("accounts.manage"):
        raise PermissionDenied("您没有重置密码的权限。")
    _require_user_visible(actor, user)
    validate_password(new_password, user)
    _store_password(user, new_password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["password", "password_changed_at", "must_change_password",
                             "failed_logins", "locked_until"])
    audit.record(A.PASSWORD_RESET, actor=actor, obj=user)


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    if not actor.can("accounts.manage"):
        raise PermissionDenied("您没有解锁账号的权限。")
    _require_user_visible(actor, user)
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit.record(A.UNLOCK, actor=actor, obj=user)


def _require_user_visible(actor, user: User) -> None:
    if actor is None:
        return
    path = scope_path(actor)
    if path is None or user.unit is None or not user.unit.path.startswith(path):
        raise ValidationError("该账号不在您的数据范围内。")


@transaction.atomic
def user_create(*, actor: User | None, username: str, unit: Unit, password: str,
                person=None, must_change_password: bool = True, email: str = "") -> User:
    """The system admin opens an account for a person in a unit of their scope."""
    if actor is not None:
        if not actor.can("accounts.manage"):
            raise PermissionDenied("您没有创建账号的权限。")
        path = scope_path(actor)
        if path is None or not unit.path.startswith(path):
            raise ValidationError({"unit": "所属单位不在您的数据范围内。"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用。"})
    user = User(username=username, unit=unit, person=person, email=email,
                must_change_password=must_change_password)
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(A.CREATE, actor=actor, obj=user, after=audit.snapshot(
        user, fields={"username", "unit", "person", "is_active"}))
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> None:
    if not actor.can("accounts.manage"):
        raise PermissionDenied("您没有停用账号的权限。")
    _require_user_visible(actor, user)
    if user.pk == actor.pk and not active:
        raise ValidationError("不能停用自己的账号。")
    User.objects.filter(pk=user.pk).update(is_active=active)
    audit.record(A.ACTIVATE if active else A.DEACTIVATE, actor=actor, obj=user,
                 before={"is_active": not active}, after={"is_active": active})


def _require_granter(actor) -> None:
    if actor is not None and not actor.can("accounts.grant"):
        raise PermissionDenied("只有安全管理员可以授予角色和数据范围。")


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str) -> RoleGrant:
    """Grant `role` to `user`; refuses to put two of the three admin roles on one account."""
    _require_granter(actor)
    _require_user_visible(actor, user)
    if role not in Role.values:
        raise ValidationError({"role": "未知的角色。"})
    if actor is not None and user.pk == actor.pk:
        raise ValidationError("不能给自己授予或撤销角色。")
    current = set(user.role_grants.values_list("role", flat=True))
    if role in current:
        return user.role_grants.get(role=role)
    if role in SEPARATED_ADMIN_ROLES:
        clash = (current & SEPARATED_ADMIN_ROLES) - {role}
        if clash:
            raise ValidationError(
                f"三员分立：{Role(role).label}不能与{'、'.join(Role(c).label for c in clash)}"
                "由同一账号担任。"
            )
    grant = RoleGrant.objects.create(user=user, role=role, granted_by=actor)
    user.__dict__.pop("_zeren_roles", None)
    audit.record(A.ROLE_GRANT, actor=actor, obj=user, after={"role": role})
    return grant


@transaction.atomic
def role_revoke(*, actor: User | None, user: User, role: str) -> None:
    _require_granter(actor)
    _require_user_visible(actor, user)
    if actor is not None and user.pk == actor.pk:
        raise ValidationError("不能给自己授予或撤销角色。")
    deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
    user.__dict__.pop("_zeren_roles", None)
    if deleted:
        audit.record(A.ROLE_REVOKE, actor=actor, obj=user, before={"role": role})


@transaction.atomic
def scope_set(*, actor: User | None, user: User, scope: Unit | None) -> None:
    """Set the subtree `user` may see. Never above the granter's own scope."""
    _require_granter(actor)
    _require_user_visible(actor, user)
    if actor is not None and scope is not None:
        path = scope_path(actor)
        if path is None or not scope.path.startswith(path):
            raise ValidationError({"scope": "不能授予超出您自己数据范围的单位。"})
    before = {"scope": user.scope_id}
    User.objects.filter(pk=user.pk).update(scope=scope, version=F("version") + 1)
    user.scope = scope
    user.__dict__.pop("_zeren_scope_path", None)
    audit.record(A.SCOPE_CHANGE, actor=actor, obj=user, before=before,
                 after={"scope": scope.pk if scope else None})


# API tokens -------------------------------------------------------------------------------

TOKEN_PREFIX = "zrn_"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; returns it with the key, which is never stored or shown again."""
    if not name.strip():
        raise ValidationError({"name": "请填写令牌名称。"})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip()[:100], prefix=key[:12],
                                    key_hash=hash_token(key))
    audit.record(A.TOKEN_CREATE, actor=user, obj=token)
    return token, key


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied("只能撤销自己的令牌。")
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit.record(A.TOKEN_REVOKE, actor=user, obj=token)


def token_user(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def grants_update(*, actor: User, user: User, roles, scope: Unit | None,
                  expected_version: int) -> None:
    """Set `user`'s roles and data scope in one go, all or nothing (the grant page).

    Only the 安全管理员, only for accounts inside their scope, never for their own
    account, never a scope above their own, never two of the three admin roles.
    Revokes first, so swapping one admin role for another works. A stale form
    (someone changed the account meanwhile) raises ConcurrentEditError. Each role
    and scope change is its own audit event (via role_grant / role_revoke / scope_set).
    """
    _require_granter(actor)
    _require_user_visible(actor, user)
    if user.pk == actor.pk:
        raise ValidationError("不能修改自己的角色和数据范围。")
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError({"roles": "未知的角色。"})
    claim_version(user, expected_version)
    current = set(user.role_grants.values_list("role", flat=True))
    for role in sorted(current - wanted):
        role_revoke(actor=actor, user=user, role=role)
    for role in sorted(wanted - current):
        role_grant(actor=actor, user=user, role=role)
    if (scope.pk if scope else None) != user.scope_id:
        scope_set(actor=actor, user=user, scope=scope)
