"""The ledger part of the REST API (/api/v1/ledger/): activities with review, evidence,
commitments, articles, teams, and the counts.

Reads come from `visible_to(user)` like the pages (outside scope → 404; lists and counts
leave it out) and lists take the list pages' filters; writes call zeren.ledger.services,
which check the capability (→ 403), the scope and the content (→ 422 naming the field) and
record the audit event; a stale `version` → 409. Counts come from zeren.reports.counting
and nowhere else.
"""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from zeren.core.concurrency import ConcurrentEditError
from zeren.core.scoping import get_visible_or_404
from zeren.ledger import services
from zeren.ledger.forms import ActivityFilterForm, ArticleFilterForm
from zeren.ledger.models import (
    Activity,
    Article,
    CampaignTag,
    Category,
    Commitment,
    Evidence,
    Team,
)
from zeren.org.models import Person, Unit
from zeren.reports import counting

router = Router(tags=["台账"])

MAX_PAGE = 500


def _user(request):
    return request.auth


def _require_can(user, capability: str) -> None:
    if not user.can(capability):
        raise PermissionDenied("您没有执行此操作的权限。")


def _labelled_error(field: str, label: str, message: str) -> ValidationError:
    error = ValidationError({field: message})
    error.zeren_labels = {field: label}
    return error


def _with_labels(model):
    """Let the Chinese error summary name fields by their verbose names."""

    class _Labels:
        def __enter__(self):
            return self

        def __exit__(self, kind, exc, tb):
            if isinstance(exc, ValidationError) and not isinstance(exc, ConcurrentEditError):
                labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
                labels.update({f"{f.name}_id": str(f.verbose_name) for f in model._meta.fields})
                exc.zeren_labels = {**labels, **getattr(exc, "zeren_labels", {})}
            return False

    return _Labels()


def _visible(model_qs, user, pk: int | None, field: str, label: str):
    """A referenced object the user may see, or 422 naming the field."""
    if pk is None:
        return None
    obj = model_qs.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise _labelled_error(field, label, f"{label}不存在，或不在您的数据范围内。")
    return obj


def _category(pk: int) -> Category:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise _labelled_error("category_id", "类别", "类别不存在。")
    return category


def _tags(names: list[str] | None) -> list[CampaignTag] | None:
    if names is None:
        return None
    found = {t.name: t for t in CampaignTag.objects.filter(name__in=names)}
    unknown = [n for n in names if n not in found]
    if unknown:
        raise _labelled_error("tags", "专项标签", f"“{'、'.join(unknown)}”不是有效的专项标签。")
    return [found[n] for n in dict.fromkeys(names)]


def _filter_form(form, qs):
    """The list pages' filters; a unit outside scope is 404, other bad values 422."""
    if form.is_bound and not form.is_valid():
        if "unit" in form.errors:
            raise Http404("未找到，或不在您的数据范围内。")
        error = ValidationError({name: list(errors) for name, errors in form.errors.items()})
        error.zeren_labels = {name: str(f.label) for name, f in form.fields.items()}
        raise error
    return form.filter(qs)


def _query_data(request) -> dict | None:
    return request.GET if any(k not in ("limit", "offset") for k in request.GET) else None


# Schemas (names prefixed "Ledger" so they stay unique across the whole API) ---------------
# Choices as inline literals: Django's enum classes would all be named "Status" in OpenAPI.

def _choices(choices) -> type:
    return Literal.__getitem__(tuple(choices.values))


ActivityStatus = _choices(Activity.Status)
Venue = _choices(Activity.Venue)
Festival = _choices(Activity.Festival)
Platform = _choices(Article.Platform)
CommitmentStatus = _choices(Commitment.Status)


class LedgerRef(Schema):
    id: int
    name: str


class LedgerCategoryRef(Schema):
    id: int
    code: str
    name: str
    area_id: int


class LedgerActivity(Schema):
    id: int
    category: LedgerCategoryRef
    unit: LedgerRef
    date: datetime.date
    title: str
    place: str
    participants: int
    description: str
    venue: str
    round_no: int | None
    festival: str
    topics: str
    resolutions: str
    expected_count: int | None
    present_count: int | None
    tags: list[str]
    is_highlight: bool
    status: str
    status_label: str = Field(..., alias="get_status_display")
    return_reason: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    evidence_count: int = 0
    in_recycle_bin: bool
    version: int

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return sorted(t.name for t in obj.tags.all())

    @staticmethod
    def resolve_in_recycle_bin(obj) -> bool:
        return obj.deleted_at is not None


class LedgerActivityFilters(Schema):
    unit: int | None = Field(None, description="单位 ID：含其全部下级单位")
    area: int | None = Field(None, description="工作领域 ID")
    category: int | None = Field(None, description="类别 ID")
    start: datetime.date | None = Field(None, description="起始日期（含）")
    end: datetime.date | None = Field(None, description="截止日期（含）")
    status: ActivityStatus | None = None
    tag: int | None = Field(None, description="专项标签 ID")
    highlight: bool | None = Field(None, description="只看亮点")
    q: str | None = Field(None, description="搜索标题和内容")


class LedgerActivityCreate(Schema):
    category_id: int
    unit_id: int
    date: datetime.date
    title: str = Field(..., min_length=1, max_length=200)
    place: str = Field("", max_length=200)
    participants: int = 0
    description: str = ""
    venue: Venue | None = None
    round_no: int | None = None
    festival: Festival | None = None
    topics: str = ""
    resolutions: str = ""
    expected_count: int | None = None
    present_count: int | None = None
    tags: list[str] = Field(default_factory=list, description="专项标签名称")
    is_highlight: bool = False
    submit: bool = Field(False, description="保存后直接提交审核")


class LedgerActivityPatch(Schema):
    version: int
    category_id: int | None = None
    unit_id: int | None = None
    date: datetime.date | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    place: str | None = Field(None, max_length=200)
    participants: int | None = None
    description: str | None = None
    venue: Venue | None = None
    round_no: int | None = None
    festival: Festival | None = None
    topics: str | None = None
    resolutions: str | None = None
    expected_count: int | None = None
    present_count: int | None = None
    tags: list[str] | None = None
    is_highlight: bool | None = None


class LedgerReturn(Schema):
    reason: str = Field(..., description="退回原因")


class LedgerEvidence(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    has_thumbnail: bool
    created_at: datetime.datetime
    activity_id: int | None
    article_id: int | None
    fulfilment_id: int | None

    @staticmethod
    def resolve_has_thumbnail(obj) -> bool:
        return bool(obj.thumbnail)


class LedgerFulfilment(Schema):
    id: int
    date: datetime.date
    description: str


class LedgerCommitment(Schema):
    id: int
    person: LedgerRef
    unit: LedgerRef
    year: int
    promise: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    fulfilments: list[LedgerFulfilment]
    version: int

    @staticmethod
    def resolve_fulfilments(obj) -> list:
        return list(obj.fulfilments.all())


class LedgerCommitmentFilters(Schema):
    year: int | None = None
    unit: int | None = Field(None, description="单位 ID：含其全部下级单位")
    status: CommitmentStatus | None = None


class LedgerCommitmentCreate(Schema):
    person_id: int
    year: int
    promise: str = Field(..., min_length=1)


class LedgerCommitmentPatch(Schema):
    version: int
    year: int | None = None
    promise: str | None = Field(None, min_length=1)
    status: CommitmentStatus | None = None


class LedgerArticle(Schema):
    id: int
    title: str
    unit: LedgerRef
    author: str
    platform: str
    platform_label: str = Field(..., alias="get_platform_display")
    submitted_date: datetime.date
    is_adopted: bool
    adopted_date: datetime.date | None
    link: str
    evidence_count: int = 0
    version: int


class LedgerArticleFilters(Schema):
    unit: int | None = Field(None, description="单位 ID：含其全部下级单位")
    platform: Platform | None = None
    adopted: str | None = Field(None, description="1 已采用，0 未采用")
    start: datetime.date | None = Field(None, description="报送日期起（含）")
    end: datetime.date | None = Field(None, description="报送日期止（含）")


class LedgerArticleCreate(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    unit_id: int
    author: str = Field("", max_length=100)
    platform: Platform
    submitted_date: datetime.date
    is_adopted: bool = False
    adopted_date: datetime.date | None = None
    link: str = Field("", max_length=200)


class LedgerArticlePatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    unit_id: int | None = None
    author: str | None = Field(None, max_length=100)
    platform: Platform | None = None
    submitted_date: datetime.date | None = None
    is_adopted: bool | None = None
    adopted_date: datetime.date | None = None
    link: str | None = Field(None, max_length=200)


class LedgerTeam(Schema):
    id: int
    name: str
    unit: LedgerRef
    leader: LedgerRef | None
    members: list[LedgerRef]
    activity_ids: list[int]
    founded_on: datetime.date | None
    is_active: bool
    version: int

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_activity_ids(obj) -> list[int]:
        return [a.pk for a in obj.activities.all()]


class LedgerTeamFilters(Schema):
    unit: int | None = Field(None, description="单位 ID：含其全部下级单位")
    active: bool | None = None


class LedgerTeamCreate(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    unit_id: int
    leader_id: int | None = None
    member_ids: list[int] = Field(default_factory=list)
    activity_ids: list[int] = Field(default_factory=list)
    founded_on: datetime.date | None = None


class LedgerTeamPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=100)
    leader_id: int | None = None
    member_ids: list[int] | None = None
    activity_ids: list[int] | None = None
    founded_on: datetime.date | None = None
    is_active: bool | None = None


class LedgerCategoryCount(Schema):
    id: int
    code: str
    name: str
    unit_noun: str
    count: int
    participants: int
    figure: int = Field(..., description="汇报中的数字：按轮次计的类别为轮次数，其余为次数")


class LedgerAreaCount(Schema):
    id: int
    code: str
    name: str
    count: int
    participants: int
    categories: list[LedgerCategoryCount]


class LedgerArticleCount(Schema):
    submitted: int
    adopted: int


class LedgerCounts(Schema):
    unit: LedgerRef
    start: datetime.date
    end: datetime.date
    areas: list[LedgerAreaCount]
    venues: dict[str, int] = Field(..., description="宣讲按场所（organ/campus/classroom/…）")
    festivals: dict[str, int] = Field(..., description="节日活动按节日")
    articles: dict[str, LedgerArticleCount] = Field(..., description="稿件按报送平台")
    teams: dict[str, int] = Field(..., description="宣传队数 teams 与队员数 members")
    roles: dict[str, int] = Field(..., description="担任各指定职责的人数（如舆情监督员）")
    commitments: dict[str, int] = Field(..., description="截止年度的承诺按状态，total 为合计")


# Activities ------------------------------------------------------------------------------

def _activities(user):
    return (Activity.objects.visible_to(user).alive()
            .select_related("category", "unit")
            .prefetch_related(Prefetch("tags", queryset=CampaignTag.objects.order_by()))
            .annotate(evidence_count=Count("evidence", distinct=True)))


def _activity(user, pk: int) -> Activity:
    return get_visible_or_404(_activities(user), user, pk=pk)


def _activity_fields(user, data: dict) -> dict:
    if "category_id" in data:
        data["category"] = _category(data.pop("category_id"))
    if "unit_id" in data:
        data["unit"] = _visible(Unit.objects, user, data.pop("unit_id"), "unit_id", "单位")
    for name in ("venue", "festival"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.get("/activities", response=list[LedgerActivity], summary="台账记录列表")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def ledger_activity_list(request, filters: Query[LedgerActivityFilters]):
    """Filters as on the list page (unit subtree, area, category, period, status, tag,
    highlight, q). A unit outside your scope answers 404."""
    user = _user(request)
    _require_can(user, "ledger.view")
    form = ActivityFilterForm(_query_data(request), user=user)
    return _filter_form(form, _activities(user)).order_by("-date", "-id")


@router.get("/activities/{id}", response=LedgerActivity, summary="台账记录详情")
def ledger_activity_detail(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.view")
    return _activity(user, id)


@router.post("/activities", response={201: LedgerActivity}, summary="新建台账记录")
def ledger_activity_create(request, payload: LedgerActivityCreate):
    user = _user(request)
    _require_can(user, "ledger.record")
    data = payload.dict()
    tags, submit = _tags(data.pop("tags")), data.pop("submit")
    fields = _activity_fields(user, data)
    with _with_labels(Activity):
        activity = services.activity_create(actor=user, tags=tags, submit=submit, **fields)
    return Status(201, _activity(user, activity.pk))


@router.patch("/activities/{id}", response=LedgerActivity, summary="修改台账记录")
def ledger_activity_update(request, id: int, payload: LedgerActivityPatch):
    """Send the `version` you read; if someone saved in between, the answer is 409."""
    user = _user(request)
    _require_can(user, "ledger.record")
    activity = _activity(user, id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    tags = _tags(data.pop("tags", None))
    fields = _activity_fields(user, data)
    with _with_labels(Activity):
        services.activity_update(actor=user, activity=activity, expected_version=payload.version,
                                 tags=tags, **fields)
    return _activity(user, id)


@router.delete("/activities/{id}", response={204: None}, summary="删除台账记录（移入回收站）")
def ledger_activity_delete(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.record")
    services.activity_delete(actor=user, activity=_activity(user, id))
    return Status(204, None)


@router.post("/activities/{id}/submit", response=LedgerActivity, summary="提交审核")
def ledger_activity_submit(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.record")
    services.activity_submit(actor=user, activity=_activity(user, id))
    return _activity(user, id)


@router.post("/activities/{id}/approve", response=LedgerActivity, summary="审核通过")
def ledger_activity_approve(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.review")
    services.activity_approve(actor=user, activity=_activity(user, id))
    return _activity(user, id)


@router.post("/activities/{id}/return", response=LedgerActivity, summary="退回（须填写原因）")
def ledger_activity_return(request, id: int, payload: LedgerReturn):
    user = _user(request)
    _require_can(user, "ledger.review")
    with _with_labels(Activity):
        services.activity_return(actor=user, activity=_activity(user, id), reason=payload.reason)
    return _activity(user, id)


# Evidence --------------------------------------------------------------------------------

@router.get("/activities/{id}/evidence", response=list[LedgerEvidence],
            summary="台账记录的佐证材料")
def ledger_evidence_list(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.view")
    activity = _activity(user, id)
    return Evidence.objects.visible_to(user).filter(activity=activity).order_by("created_at",
                                                                                "id")


@router.post("/activities/{id}/evidence", response={201: LedgerEvidence},
             summary="上传佐证材料（图片、PDF、Office；按内容判断类型）")
def ledger_evidence_upload(request, id: int, file: File[UploadedFile]):
    user = _user(request)
    _require_can(user, "ledger.record")
    activity = _activity(user, id)
    if not services.can_edit(user, activity):
        raise ValidationError(f"“{activity.title}”状态为{activity.get_status_display()}，"
                              "不能再添加佐证材料。")
    return Status(201, services.evidence_attach(actor=user, upload=file, activity=activity))


@router.get("/evidence/{id}/download", summary="下载佐证材料（附件方式）")
def ledger_evidence_download(request, id: int):
    user = _user(request)
    evidence = get_visible_or_404(
        Evidence.objects.select_related("fulfilment__commitment"), user, pk=id)
    if not (user.can("ledger.view") or user.can("ledger.commitments")):
        raise PermissionDenied("您没有查看佐证材料的权限。")
    if evidence.fulfilment_id and not user.can("ledger.record") and \
            evidence.fulfilment.commitment.person_id != user.person_id:
        raise Http404("未找到，或不在您的数据范围内。")  # members: own commitments only
    if not evidence.file:
        raise Http404("文件不存在。")
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name,
                            content_type=evidence.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Commitments -----------------------------------------------------------------------------

def _commitments(user):
    qs = Commitment.objects.visible_to(user).filter(deleted_at__isnull=True)
    if not user.can("ledger.record"):  # members keep and see their own commitments
        qs = qs.filter(person_id=user.person_id) if user.person_id else qs.none()
    return qs.select_related("person", "unit").prefetch_related("fulfilments")


def _commitment(user, pk: int) -> Commitment:
    return get_visible_or_404(_commitments(user), user, pk=pk)


def _can_see_commitments(user) -> None:
    if not (user.can("ledger.view") or user.can("ledger.commitments")):
        raise PermissionDenied("您没有执行此操作的权限。")


@router.get("/commitments", response=list[LedgerCommitment], summary="承诺践诺列表")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def ledger_commitment_list(request, filters: Query[LedgerCommitmentFilters]):
    user = _user(request)
    _can_see_commitments(user)
    qs = _commitments(user)
    if filters.unit is not None:
        unit = get_visible_or_404(Unit, user, pk=filters.unit)
        qs = qs.within(unit)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-year", "unit__path", "person__name", "id")


@router.get("/commitments/{id}", response=LedgerCommitment, summary="承诺践诺详情")
def ledger_commitment_detail(request, id: int):
    user = _user(request)
    _can_see_commitments(user)
    return _commitment(user, id)


@router.post("/commitments", response={201: LedgerCommitment}, summary="新建承诺")
def ledger_commitment_create(request, payload: LedgerCommitmentCreate):
    user = _user(request)
    _require_can(user, "ledger.commitments")
    person = _visible(Person.objects, user, payload.person_id, "person_id", "承诺人")
    with _with_labels(Commitment):
        commitment = services.commitment_create(actor=user, person=person, year=payload.year,
                                                promise=payload.promise)
    return Status(201, _commitment(user, commitment.pk))


@router.patch("/commitments/{id}", response=LedgerCommitment, summary="修改承诺")
def ledger_commitment_update(request, id: int, payload: LedgerCommitmentPatch):
    """Send the `version` you read; if someone saved in between, the answer is 409."""
    user = _user(request)
    _require_can(user, "ledger.commitments")
    commitment = _commitment(user, id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items()
              if v is not None}
    with _with_labels(Commitment):
        services.commitment_update(actor=user, commitment=commitment,
                                   expected_version=payload.version, **fields)
    return _commitment(user, id)


# Articles --------------------------------------------------------------------------------

def _articles(user):
    return (Article.objects.visible_to(user).filter(deleted_at__isnull=True)
            .select_related("unit").annotate(evidence_count=Count("evidence", distinct=True)))


def _article(user, pk: int) -> Article:
    return get_visible_or_404(_articles(user), user, pk=pk)


@router.get("/articles", response=list[LedgerArticle], summary="稿件报送列表")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def ledger_article_list(request, filters: Query[LedgerArticleFilters]):
    user = _user(request)
    _require_can(user, "ledger.view")
    form = ArticleFilterForm(_query_data(request), user=user)
    return _filter_form(form, _articles(user)).order_by("-submitted_date", "-id")


@router.get("/articles/{id}", response=LedgerArticle, summary="稿件详情")
def ledger_article_detail(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.view")
    return _article(user, id)


@router.post("/articles", response={201: LedgerArticle}, summary="新建稿件")
def ledger_article_create(request, payload: LedgerArticleCreate):
    user = _user(request)
    _require_can(user, "ledger.record")
    data = payload.dict()
    data["unit"] = _visible(Unit.objects, user, data.pop("unit_id"), "unit_id", "单位")
    with _with_labels(Article):
        article = services.article_create(actor=user, **data)
    return Status(201, _article(user, article.pk))


@router.patch("/articles/{id}", response=LedgerArticle, summary="修改稿件")
def ledger_article_update(request, id: int, payload: LedgerArticlePatch):
    """Send the `version` you read; if someone saved in between, the answer is 409."""
    user = _user(request)
    _require_can(user, "ledger.record")
    article = _article(user, id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    data = {k: v for k, v in data.items() if v is not None or k == "adopted_date"}
    if "unit_id" in data:
        data["unit"] = _visible(Unit.objects, user, data.pop("unit_id"), "unit_id", "单位")
    with _with_labels(Article):
        services.article_update(actor=user, article=article, expected_version=payload.version,
                                **data)
    return _article(user, id)


@router.delete("/articles/{id}", response={204: None}, summary="删除稿件（移入回收站）")
def ledger_article_delete(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.record")
    services.article_delete(actor=user, article=_article(user, id))
    return Status(204, None)


# Teams -----------------------------------------------------------------------------------

def _teams(user):
    return (Team.objects.visible_to(user).select_related("unit", "leader")
            .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("name")),
                              Prefetch("activities", queryset=Activity.objects.alive()
                                       .only("id").order_by())))


def _team(user, pk: int) -> Team:
    return get_visible_or_404(_teams(user), user, pk=pk)


def _people(user, ids: list[int] | None, field: str) -> list[Person] | None:
    if ids is None:
        return None
    found = {p.pk: p for p in Person.objects.visible_to(user).filter(pk__in=ids)
             .select_related("unit")}
    if len(found) != len(set(ids)):
        raise _labelled_error(field, "队员", "有队员不存在，或不在您的数据范围内。")
    return [found[i] for i in dict.fromkeys(ids)]


def _team_activities(user, ids: list[int] | None) -> list[Activity] | None:
    if ids is None:
        return None
    found = list(Activity.objects.visible_to(user).alive().filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise _labelled_error("activity_ids", "开展的活动",
                              "有活动不存在，或不在您的数据范围内。")
    return found


@router.get("/teams", response=list[LedgerTeam], summary="宣传队列表")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def ledger_team_list(request, filters: Query[LedgerTeamFilters]):
    user = _user(request)
    _require_can(user, "ledger.view")
    qs = _teams(user)
    if filters.unit is not None:
        unit = get_visible_or_404(Unit, user, pk=filters.unit)
        qs = qs.within(unit)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs.order_by("unit__path", "name", "id")


@router.get("/teams/{id}", response=LedgerTeam, summary="宣传队详情")
def ledger_team_detail(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.view")
    return _team(user, id)


@router.post("/teams", response={201: LedgerTeam}, summary="新建宣传队")
def ledger_team_create(request, payload: LedgerTeamCreate):
    user = _user(request)
    _require_can(user, "ledger.record")
    unit = _visible(Unit.objects, user, payload.unit_id, "unit_id", "单位")
    leader = _visible(Person.objects, user, payload.leader_id, "leader_id", "队长")
    with _with_labels(Team):
        team = services.team_create(
            actor=user, name=payload.name, unit=unit, leader=leader,
            members=_people(user, payload.member_ids, "member_ids"),
            activities=_team_activities(user, payload.activity_ids),
            founded_on=payload.founded_on)
    return Status(201, _team(user, team.pk))


@router.patch("/teams/{id}", response=LedgerTeam, summary="修改宣传队")
def ledger_team_update(request, id: int, payload: LedgerTeamPatch):
    """Send the `version` you read; if someone saved in between, the answer is 409."""
    user = _user(request)
    _require_can(user, "ledger.record")
    team = _team(user, id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    fields = {k: data[k] for k in ("name", "founded_on", "is_active")
              if data.get(k) is not None}
    if "leader_id" in data:
        fields["leader"] = _visible(Person.objects, user, data["leader_id"], "leader_id", "队长")
    with _with_labels(Team):
        services.team_update(actor=user, team=team, expected_version=payload.version,
                             members=_people(user, data.get("member_ids"), "member_ids"),
                             activities=_team_activities(user, data.get("activity_ids")),
                             **fields)
    return _team(user, id)


@router.delete("/teams/{id}", response={204: None}, summary="撤销宣传队（不在册，记录保留）")
def ledger_team_delete(request, id: int):
    user = _user(request)
    _require_can(user, "ledger.record")
    team = _team(user, id)
    if team.is_active:
        with transaction.atomic():
            services.team_update(actor=user, team=team, expected_version=team.version,
                                 is_active=False)
    return Status(204, None)


# Counts ----------------------------------------------------------------------------------

@router.get("/counts", response=LedgerCounts, summary="统计（唯一计数服务）")
def ledger_counts(request, unit: int | None = None, start: datetime.date | None = None,
                  end: datetime.date | None = None):
    """The counting service's figures for a unit subtree (default: your scope unit) and a
    period (default: this year to today). A unit outside your scope answers 404."""
    user = _user(request)
    _require_can(user, "ledger.view")
    if unit is None:
        scope = user.scope_unit
        if scope is None:
            raise Http404("未找到，或不在您的数据范围内。")
        target = get_visible_or_404(Unit, user, pk=scope.pk)
    else:
        target = get_visible_or_404(Unit, user, pk=unit)
    today = timezone.localdate()
    period = counting.Period(start or datetime.date(today.year, 1, 1), end or today)
    result = counting.summary(user, target, period)
    return {
        "unit": target,
        "start": period.start,
        "end": period.end,
        "areas": [{
            "id": a.area.pk, "code": a.area.code, "name": a.area.name, "count": a.count,
            "participants": a.participants,
            "categories": [{"id": c.category.pk, "code": c.category.code,
                            "name": c.category.name, "unit_noun": c.category.unit_noun,
                            "count": c.count, "participants": c.participants,
                            "figure": c.figure} for c in a.categories],
        } for a in result.areas],
        "venues": result.venues,
        "festivals": result.festivals,
        "articles": result.articles,
        "teams": result.teams,
        "roles": result.roles,
        "commitments": result.commitments,
    }
