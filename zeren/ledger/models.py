"""The work ledger (台账): activities in the six work areas, with evidence and review;
commitments (承诺践诺), articles (稿件报送) and propaganda teams (宣传队)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from zeren.core.models import ScopedQuerySet, TimestampedModel, VersionedModel
from zeren.org.models import Person, Unit


class WorkArea(models.Model):
    """One of the six areas of the reference report (一是…六是)."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50)
    heading = models.CharField("汇报标题", max_length=100, blank=True,
                               help_text="工作汇报中本部分的标题，如“加强组织领导”。")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "工作领域"
        verbose_name_plural = "工作领域"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Category(VersionedModel):
    """A kind of activity. Seeded by a migration, edited by bureau staff, never deleted in use."""

    area = models.ForeignKey(WorkArea, verbose_name="工作领域", on_delete=models.PROTECT,
                             related_name="categories")
    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50)
    description = models.TextField("说明", blank=True,
                                   help_text="工作汇报中介绍此类工作的文字。")
    unit_noun = models.CharField("计数单位", max_length=10, default="次",
                                 help_text="汇报中数字后的量词，如 次、场次、轮次、篇。")
    figure_phrase = models.CharField("汇报用语", max_length=30, blank=True,
                                     help_text="汇报中数字前的说法，如“共召开专题会议”；"
                                               "留空则为“共开展”加类别名称。")
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    asks_venue = models.BooleanField("需填写宣讲场所", default=False)
    asks_round = models.BooleanField("需填写轮次", default=False)
    asks_festival = models.BooleanField("需填写节日", default=False)
    asks_meeting = models.BooleanField("需填写议题、决议和应到/实到", default=False)

    class Meta:
        verbose_name = "台账类别"
        verbose_name_plural = "台账类别"
        ordering = ["area__order", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phrase(self) -> str:
        return self.figure_phrase or f"共开展{self.name}"


class CampaignTag(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "专项标签"
        verbose_name_plural = "专项标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(ScopedQuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def counted(self):
        """The records that count: approved (and submitted, where the deployment says so)."""
        statuses = [Activity.Status.APPROVED]
        if getattr(settings, "ZEREN_COUNT_SUBMITTED", False):
            statuses.append(Activity.Status.SUBMITTED)
        return self.alive().filter(status__in=statuses)


class Activity(VersionedModel):
    """台账记录: one piece of work done by a unit, with evidence, reviewed by the unit above."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已通过"
        RETURNED = "returned", "已退回"

    class Venue(models.TextChoices):
        ORGAN = "organ", "进机关"
        CAMPUS = "campus", "进校园"
        CLASSROOM = "classroom", "进课堂"
        COMMUNITY = "community", "进社区"

    class Festival(models.TextChoices):
        NEW_YEAR = "new_year", "元旦"
        SPRING = "spring", "春节"
        LANTERN = "lantern", "元宵"
        WOMEN = "women", "三八"
        QINGMING = "qingming", "清明"
        LABOUR = "labour", "五一"
        YOUTH = "youth", "五四"
        CHILDREN = "children", "六一"
        DRAGON_BOAT = "dragon_boat", "端午"
        PARTY = "party", "七一"
        ARMY = "army", "八一"
        TEACHERS = "teachers", "教师节"
        MID_AUTUMN = "mid_autumn", "中秋"
        NATIONAL = "national", "国庆"
        CHONGYANG = "chongyang", "重阳"
        OTHER = "other", "其他"

    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT,
                                 related_name="activities")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="activities")
    date = models.DateField("日期", db_index=True)
    title = models.CharField("标题", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.PositiveIntegerField("参加人数", default=0,
                                               validators=[MaxValueValidator(100000)])
    description = models.TextField("内容", blank=True)
    venue = models.CharField("宣讲场所", max_length=16, choices=Venue.choices, blank=True)
    round_no = models.PositiveSmallIntegerField("轮次", null=True, blank=True,
                                                validators=[MinValueValidator(1)])
    festival = models.CharField("节日", max_length=16, choices=Festival.choices, blank=True)
    topics = models.TextField("议题", blank=True)
    resolutions = models.TextField("决议", blank=True)
    expected_count = models.PositiveIntegerField("应到人数", null=True, blank=True)
    present_count = models.PositiveIntegerField("实到人数", null=True, blank=True)
    tags = models.ManyToManyField(CampaignTag, verbose_name="专项标签", blank=True,
                                  related_name="activities")
    is_highlight = models.BooleanField("亮点", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)

    objects = ActivityQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "台账记录"
        verbose_name_plural = "台账记录"
        ordering = ["-date", "-id"]
        indexes = [
            # Covers the counting service's GROUP BY: the rows are never read (zeren bench).
            models.Index(fields=["status", "date", "category", "unit", "participants",
                                 "round_no", "deleted_at"], name="ledger_act_counting"),
            # A unit's list page: unit_id IN (subtree) AND deleted_at IS NULL ORDER BY date,
            # read from the index alone (with the list paginated by id first).
            models.Index(fields=["unit", "deleted_at", "date"], name="ledger_act_unit_alive"),
            models.Index(fields=["category", "date"], name="ledger_act_cat_date"),
            # The recycle bin is small; an index on every NULL would mislead SQLite's planner.
            models.Index(fields=["deleted_at"], name="ledger_act_deleted",
                         condition=models.Q(deleted_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title


class Commitment(VersionedModel):
    """承诺践诺: a person's promise for a year and how it was kept."""

    class Status(models.TextChoices):
        ONGOING = "ongoing", "践诺中"
        KEPT = "kept", "已兑现"
        NOT_KEPT = "not_kept", "未兑现"

    person = models.ForeignKey(Person, verbose_name="承诺人", on_delete=models.PROTECT,
                               related_name="commitments")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="commitments")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000),
                                                               MaxValueValidator(2100)])
    promise = models.TextField("承诺事项")
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.ONGOING)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "承诺践诺"
        verbose_name_plural = "承诺践诺"
        ordering = ["-year", "unit__path", "person__name"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}年承诺"


class Fulfilment(TimestampedModel):
    commitment = models.ForeignKey(Commitment, verbose_name="承诺", on_delete=models.CASCADE,
                                   related_name="fulfilments")
    date = models.DateField("日期")
    description = models.TextField("践诺情况")

    objects = ScopedQuerySet.as_manager()
    scope_lookup = "commitment__unit__path"

    class Meta:
        verbose_name = "践诺记录"
        verbose_name_plural = "践诺记录"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.commitment} {self.date}"


class Article(VersionedModel):
    """稿件报送: a piece sent to a platform, and whether it was adopted."""

    class Platform(models.TextChoices):
        XUEXI = "xuexi", "学习强国"
        COUNTY_MEDIA = "county_media", "县融媒体"
        BUREAU_SITE = "bureau_site", "局网站"
        OTHER = "other", "其他"

    title = models.CharField("标题", max_length=200)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="articles")
    author = models.CharField("作者", max_length=100, blank=True)
    platform = models.CharField("报送平台", max_length=16, choices=Platform.choices)
    submitted_date = models.DateField("报送日期", db_index=True)
    is_adopted = models.BooleanField("已采用", default=False)
    adopted_date = models.DateField("采用日期", null=True, blank=True)
    link = models.URLField("链接", blank=True)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        ordering = ["-submitted_date", "-id"]

    def __str__(self) -> str:
        return self.title


class Team(VersionedModel):
    """宣传队: a propaganda team of a unit, its members and the activities it ran."""

    name = models.CharField("名称", max_length=100)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="teams")
    leader = models.ForeignKey(Person, verbose_name="队长", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="teams_led")
    members = models.ManyToManyField(Person, verbose_name="队员", blank=True,
                                     related_name="teams")
    activities = models.ManyToManyField(Activity, verbose_name="开展的活动", blank=True,
                                        related_name="teams")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    is_active = models.BooleanField("在册", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "宣传队"
        verbose_name_plural = "宣传队"
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


def evidence_path(instance, filename: str) -> str:
    # A random name: nothing of the uploader's file name reaches the disk.
    today = timezone.localdate()
    return f"evidence/{today:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


def thumbnail_path(instance, filename: str) -> str:
    today = timezone.localdate()
    return f"evidence/{today:%Y/%m}/{uuid.uuid4().hex}.thumb.jpg"


class Evidence(TimestampedModel):
    """A photo, PDF or Office file that proves an activity, a fulfilment or an article."""

    class Kind(models.TextChoices):
        IMAGE = "image", "图片"
        PDF = "pdf", "PDF"
        OFFICE = "office", "Office 文件"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="+")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="evidence")
    fulfilment = models.ForeignKey(Fulfilment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="evidence")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="evidence")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    file = models.FileField("文件", upload_to=evidence_path, max_length=200, blank=True)
    thumbnail = models.FileField("缩略图", upload_to=thumbnail_path, max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_lookup = "unit__path"

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="ledger_evidence_one_owner",
                condition=(
                    models.Q(activity__isnull=False, fulfilment__isnull=True,
                             article__isnull=True)
                    | models.Q(activity__isnull=True, fulfilment__isnull=False,
                               article__isnull=True)
                    | models.Q(activity__isnull=True, fulfilment__isnull=True,
                               article__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.original_name
