"""Base models, the scoping queryset and the append-only audit event."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class ScopedQuerySet(models.QuerySet):
    """The one scoping mechanism: `Model.objects.visible_to(user)`.

    Every business model names, in `scope_lookup`, the lookup from itself to a
    unit's materialized path ("path" on Unit, "unit__path" elsewhere). A user
    sees the subtree under their data-scope unit; anything else is not found.
    """

    def visible_to(self, user):
        from zeren.core.scoping import scope_path

        path = scope_path(user)
        if path is None:
            return self.none()
        return self._under_path(path)

    def within(self, unit):
        """Only rows of `unit`'s subtree (combine with visible_to, never instead of it)."""
        return self._under_path(unit.path)

    def _under_path(self, path: str):
        lookup = self.model.scope_lookup
        if lookup == "path":
            return self.filter(path__startswith=path)
        # "unit_id IN (subtree ids)" rather than a join on the path: the database then
        # walks the (unit, date) index of the big tables instead of every row.
        from zeren.org.models import Unit

        relation = lookup.removesuffix("__path")
        return self.filter(**{f"{relation}__in": Unit.objects.filter(path__startswith=path)
                              .values("pk")})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimestampedModel):
    """A row that detects concurrent edits: every saved edit bumps `version`."""

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("审计日志只能追加，不能修改。")

    def delete(self):
        raise ValidationError("审计日志只能追加，不能删除。")

    def prune_older_than(self, cutoff):
        """Delete events older than `cutoff` (the prune command's only way in)."""
        return models.QuerySet.delete(self.filter(time__lt=cutoff))


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        CREATE = "create", "新建"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        MOVE = "move", "移动"
        DEACTIVATE = "deactivate", "停用"
        ACTIVATE = "activate", "启用"
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"
        ROLE_GRANT = "role_grant", "授予角色"
        ROLE_REVOKE = "role_revoke", "撤销角色"
        SCOPE_CHANGE = "scope_change", "变更数据范围"
        PASSWORD_CHANGE = "password_change", "修改密码"
        PASSWORD_RESET = "password_reset", "重置密码"
        UNLOCK = "unlock", "解除锁定"
        TOKEN_CREATE = "token_create", "创建API令牌"
        TOKEN_REVOKE = "token_revoke", "撤销API令牌"
        PRUNE = "prune", "清理过期日志"

    time = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    success = models.BooleanField("成功", default=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("审计日志只能追加，不能删除。")
