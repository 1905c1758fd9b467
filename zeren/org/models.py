"""Units (a tree with a materialized path), people, positions, 包抓 assignments, users."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from zeren.core.models import ScopedManager, ScopedQuerySet, TimestampedModel, VersionedModel
from zeren.core.text import mask_phone
from zeren.org.roles import Role, roles_can


class Unit(VersionedModel):
    class Type(models.TextChoices):
        BUREAU = "bureau", "局党委"
        DISTRICT = "district", "学区"
        SCHOOL = "school", "学校"
        BRANCH = "branch", "党支部"
        OTHER = "other", "其他"

    class Stage(models.TextChoices):
        NONE = "", "—"
        HIGH = "high", "高中段"
        COMPULSORY = "compulsory", "义务段"

    name = models.CharField("名称", max_length=100)
    code = models.CharField("编码", max_length=32, unique=True)
    type = models.CharField("类型", max_length=16, choices=Type.choices)
    stage = models.CharField("学段", max_length=16, choices=Stage.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/1/5/23/": the ids from the root down to this unit. Subtree = path prefix.
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    order = models.IntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = ScopedManager()
    scope_lookup = "path"

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]
        indexes = [
            # PostgreSQL uses a LIKE 'prefix%' index only with this operator class
            # (other databases ignore it).
            models.Index(fields=["path"], name="org_unit_path_prefix",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class PersonQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Person(VersionedModel):
    name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT,
                             related_name="people")
    is_party_member = models.BooleanField("党员", default=False)
    is_employee = models.BooleanField("教职工", default=True)
    is_cadre = models.BooleanField("干部", default=False)
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    is_active = models.BooleanField("在册", default=True)

    objects = PersonQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["unit__path", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class PositionQuerySet(ScopedQuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(models.Q(start_date__lte=on) | models.Q(start_date__isnull=True)).filter(
            models.Q(end_date__gte=on) | models.Q(end_date__isnull=True)
        )

    def leadership(self):
        return self.filter(role__in=Position.LEADERSHIP_ROLES)

    def designated(self):
        return self.exclude(role__in=Position.LEADERSHIP_ROLES)


class Position(VersionedModel):
    """A role a person holds in a unit: in its 意识形态工作领导小组, or a designated duty."""

    class Role(models.TextChoices):
        GROUP_LEADER = "group_leader", "领导小组组长"
        GROUP_DEPUTY = "group_deputy", "领导小组副组长"
        GROUP_MEMBER = "group_member", "领导小组成员"
        SUPERVISOR = "supervisor", "舆情监督员"
        PUBLICIST = "publicist", "宣传员"
        INFORMANT = "informant", "信息员"

    LEADERSHIP_ROLES = (Role.GROUP_LEADER, Role.GROUP_DEPUTY, Role.GROUP_MEMBER)

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT,
                               related_name="positions")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="positions")
    role = models.CharField("职责", max_length=20, choices=Role.choices)
    start_date = models.DateField("起始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)

    objects = PositionQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "职责"
        verbose_name_plural = "职责"
        ordering = ["unit__path", "role", "person__name"]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.get_role_display()} {self.person.name}"

    @property
    def is_leadership(self) -> bool:
        return self.role in self.LEADERSHIP_ROLES


class Assignment(VersionedModel):
    """分片包抓: a bureau leader answers for a unit (and so its subtree)."""

    leader = models.ForeignKey(Person, verbose_name="包抓领导", on_delete=models.PROTECT,
                               related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name="包抓单位", on_delete=models.PROTECT,
                             related_name="assignments")
    start_date = models.DateField("起始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedManager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "分片包抓"
        verbose_name_plural = "分片包抓"
        ordering = ["unit__path", "leader__name"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "unit"], name="org_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.leader.name} 包抓 {self.unit.name}"


class ZerenUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """An account. It belongs to a person and a home unit; its data scope is a subtree."""

    person = models.OneToOneField(Person, verbose_name="人员", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="account")
    unit = models.ForeignKey(Unit, verbose_name="所属单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="users")
    scope = models.ForeignKey(Unit, verbose_name="数据范围", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text="可查看该单位及其全部下级单位的数据；为空时为所属单位。")
    must_change_password = models.BooleanField("首次登录须改密码", default=True)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    objects = ZerenUserManager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.name
        return self.get_full_name() or self.username

    @property
    def scope_unit(self):
        return self.scope if self.scope_id else self.unit

    @property
    def roles(self) -> frozenset[str]:
        cached = getattr(self, "_zeren_roles", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True))
            self._zeren_roles = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def can(self, capability: str) -> bool:
        return self.is_active and roles_can(self.roles, capability)

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.roles]

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


class RoleGrant(models.Model):
    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE,
                             related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(User, verbose_name="授予人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField("授予时间", default=timezone.now)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="org_role_unique")]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()}"


class PasswordHistory(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class ApiToken(TimestampedModel):
    """A personal API token. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
