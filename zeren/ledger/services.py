"""Writes to the work ledger. Each function checks capability and data scope, validates
with Chinese messages naming the field, runs in one transaction and records an audit event."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zeren.core import audit
from zeren.core.concurrency import claim_version
from zeren.core.models import AuditEvent
from zeren.core.scoping import scope_path
from zeren.core.text import mask_personal_numbers
from zeren.ledger import evidence as evidence_files
from zeren.ledger.models import (
    Activity,
    Article,
    CampaignTag,
    Category,
    Commitment,
    Evidence,
    Fulfilment,
    Team,
)
from zeren.org.models import Unit
from zeren.org.roles import Role

A = AuditEvent.Action
S = Activity.Status

ACTIVITY_FIELDS = (
    "category", "unit", "date", "title", "place", "participants", "description", "venue",
    "round_no", "festival", "topics", "resolutions", "expected_count", "present_count",
    "is_highlight",
)
EDITABLE_STATUSES = (S.DRAFT, S.RETURNED)


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.can(capability):
        raise PermissionDenied("您没有执行此操作的权限。")


def _require_in_scope(actor, unit: Unit, label: str = "单位") -> None:
    if actor is None:
        return
    path = scope_path(actor)
    if path is None or unit is None or not unit.path.startswith(path):
        raise ValidationError({"unit": f"{label}不在您的数据范围内。"})


def can_review(actor, activity: Activity) -> bool:
    """Bureau staff review anything in their scope; a unit admin reviews the units below
    their own (never their own unit's records)."""
    if actor is None:
        return True
    path = scope_path(actor)
    if path is None or not actor.can("ledger.review") or not activity.unit.path.startswith(path):
        return False
    return actor.has_role(Role.STAFF) or activity.unit.path != path


def can_edit(actor, activity: Activity) -> bool:
    if activity.deleted_at is not None or activity.status not in EDITABLE_STATUSES:
        return False
    if actor is None:
        return True
    path = scope_path(actor)
    return bool(actor.can("ledger.record") and path and activity.unit.path.startswith(path))


def _status_message(activity: Activity, what: str) -> str:
    return f"“{activity.title}”状态为{activity.get_status_display()}，{what}"


def _clean_activity(activity: Activity, *, creating: bool) -> None:
    errors = {}
    today = timezone.localdate()
    if activity.date and activity.date > today:
        errors["date"] = f"日期不能晚于今天（{today:%Y年%-m月%-d日}）。"
    if activity.participants is not None and activity.participants < 0:
        errors["participants"] = "参加人数不能为负数。"
    category = activity.category
    if category is not None:
        if creating and not category.is_active:
            errors["category"] = f"类别“{category.name}”已停用。"
        if category.asks_venue and not activity.venue:
            errors["venue"] = "请选择宣讲场所（进机关/进校园/进课堂/进社区）。"
        if category.asks_round and not activity.round_no:
            errors["round_no"] = "请填写轮次。"
        if category.asks_festival and not activity.festival:
            errors["festival"] = "请选择节日。"
        if category.asks_meeting:
            if not activity.topics.strip():
                errors["topics"] = "会议须填写议题。"
            if (activity.expected_count is not None and activity.present_count is not None
                    and activity.present_count > activity.expected_count):
                errors["present_count"] = "实到人数不能多于应到人数。"
        # Extra fields the category does not ask for are not kept.
        if not category.asks_venue:
            activity.venue = ""
        if not category.asks_round:
            activity.round_no = None
        if not category.asks_festival:
            activity.festival = ""
        if not category.asks_meeting:
            activity.topics = activity.resolutions = ""
            activity.expected_count = activity.present_count = None
    activity.description = mask_personal_numbers(activity.description)
    activity.title = mask_personal_numbers(activity.title)
    if errors:
        raise ValidationError(errors)
    activity.full_clean(exclude=["created_by", "reviewed_by"])


def _set_tags(activity: Activity, tags) -> None:
    if tags is not None:
        activity.tags.set(list(CampaignTag.objects.filter(pk__in=[t.pk for t in tags])))


def _activity_snapshot(activity: Activity) -> dict:
    data = audit.snapshot(activity)
    data["tags"] = sorted(activity.tags.values_list("name", flat=True)) if activity.pk else []
    return data


@transaction.atomic
def activity_create(*, actor, tags=None, submit: bool = False, **fields) -> Activity:
    """Record an activity (as a draft, or submitted straight away)."""
    _require(actor, "ledger.record")
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    _require_in_scope(actor, fields.get("unit"))
    activity = Activity(**fields, created_by=actor if actor is not None else None)
    _clean_activity(activity, creating=True)
    if submit:
        activity.status = S.SUBMITTED
        activity.submitted_at = timezone.now()
    activity.save()
    _set_tags(activity, tags)
    audit.record(A.CREATE, actor=actor, obj=activity, after=_activity_snapshot(activity))
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, expected_version: int, tags=None,
                    **fields) -> Activity:
    """Edit a draft or returned activity. A stale version is refused (ConcurrentEditError)."""
    _require(actor, "ledger.record")
    _require_in_scope(actor, activity.unit)
    if not can_edit(actor, activity):
        raise ValidationError(_status_message(activity, "不能修改。"))
    if "unit" in fields:
        _require_in_scope(actor, fields["unit"])
    before = _activity_snapshot(activity)
    claim_version(activity, expected_version)
    for name, value in fields.items():
        if name not in ACTIVITY_FIELDS:
            raise TypeError(f"unknown activity field: {name}")
        setattr(activity, name, value)
    _clean_activity(activity, creating=False)
    activity.save()
    _set_tags(activity, tags)
    old, new = audit.changed(before, _activity_snapshot(activity))
    audit.record(A.UPDATE, actor=actor, obj=activity, before=old, after=new)
    return activity


def _transition(actor, activity: Activity, *, to: str, detail: str = "", **extra) -> Activity:
    before = {"status": activity.status}
    Activity.objects.filter(pk=activity.pk).update(status=to, version=F("version") + 1, **extra)
    activity.refresh_from_db()
    audit.record(A.UPDATE, actor=actor, obj=activity, before=before,
                 after={"status": to, **({"return_reason": extra["return_reason"]}
                                         if "return_reason" in extra else {})},
                 detail=detail)
    return activity


@transaction.atomic
def activity_submit(*, actor, activity: Activity) -> Activity:
    _require(actor, "ledger.record")
    _require_in_scope(actor, activity.unit)
    if activity.deleted_at or activity.status not in EDITABLE_STATUSES:
        raise ValidationError(_status_message(activity, "不能提交。"))
    if activity.date > timezone.localdate():
        raise ValidationError({"date": "日期不能晚于今天。"})
    return _transition(actor, activity, to=S.SUBMITTED, detail="提交审核",
                       submitted_at=timezone.now(), return_reason="")


@transaction.atomic
def activity_approve(*, actor, activity: Activity) -> Activity:
    """Approve a submitted activity (reviewer: an ancestor unit's admin or bureau staff)."""
    _require(actor, "ledger.review")
    _require_in_scope(actor, activity.unit)
    if not can_review(actor, activity):
        raise PermissionDenied("只有上级单位管理员或局业务管理员可以审核本条记录。")
    if activity.status != S.SUBMITTED or activity.deleted_at:
        raise ValidationError(_status_message(activity, "不能审核通过。"))
    return _transition(actor, activity, to=S.APPROVED, detail="审核通过",
                       reviewed_by=actor, reviewed_at=timezone.now())


@transaction.atomic
def activity_return(*, actor, activity: Activity, reason: str) -> Activity:
    """Return a submitted (or approved) activity to its unit with a reason."""
    _require(actor, "ledger.review")
    _require_in_scope(actor, activity.unit)
    if not can_review(actor, activity):
        raise PermissionDenied("只有上级单位管理员或局业务管理员可以退回本条记录。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"return_reason": "请填写退回原因。"})
    if activity.status not in (S.SUBMITTED, S.APPROVED) or activity.deleted_at:
        raise ValidationError(_status_message(activity, "不能退回。"))
    return _transition(actor, activity, to=S.RETURNED, detail="退回", return_reason=reason[:500],
                       reviewed_by=actor, reviewed_at=timezone.now())


@transaction.atomic
def activities_approve(*, actor, activities) -> int:
    """Bulk approve: all or nothing; any record the actor may not approve stops the batch."""
    count = 0
    for activity in activities:
        activity_approve(actor=actor, activity=activity)
        count += 1
    return count


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> Activity:
    """Move an activity to the recycle bin (it stops counting; it can be restored)."""
    _require(actor, "ledger.record")
    _require_in_scope(actor, activity.unit)
    if activity.status == S.APPROVED and not (actor is None or actor.has_role(Role.STAFF)):
        raise ValidationError("已审核通过的记录只能由局业务管理员删除。")
    if activity.deleted_at is None:
        Activity.objects.filter(pk=activity.pk).update(deleted_at=timezone.now(),
                                                       version=F("version") + 1)
        activity.refresh_from_db()
        audit.record(A.DELETE, actor=actor, obj=activity, detail="移入回收站")
    return activity


@transaction.atomic
def activity_restore(*, actor, activity: Activity) -> Activity:
    _require(actor, "ledger.record")
    _require_in_scope(actor, activity.unit)
    if activity.deleted_at is not None:
        Activity.objects.filter(pk=activity.pk).update(deleted_at=None, version=F("version") + 1)
        activity.refresh_from_db()
        audit.record(A.UPDATE, actor=actor, obj=activity, detail="从回收站恢复",
                     before={"deleted": True}, after={"deleted": False})
    return activity


# Evidence -------------------------------------------------------------------------------

@transaction.atomic
def evidence_attach(*, actor, upload, activity: Activity | None = None,
                    fulfilment: Fulfilment | None = None,
                    article: Article | None = None) -> Evidence:
    """Check an upload by its content and attach it to exactly one record."""
    owners = [o for o in (activity, fulfilment, article) if o is not None]
    if len(owners) != 1:
        raise ValueError("evidence belongs to exactly one record")
    owner = owners[0]
    unit = owner.commitment.unit if isinstance(owner, Fulfilment) else owner.unit
    if isinstance(owner, Fulfilment):
        _require(actor, "ledger.commitments")
    else:
        _require(actor, "ledger.record")
    _require_in_scope(actor, unit)
    checked = evidence_files.check_upload(upload)
    main, thumb = evidence_files.as_content_files(checked)
    item = Evidence(unit=unit, activity=activity, fulfilment=fulfilment, article=article,
                    kind=checked.kind, original_name=checked.original_name,
                    extension=checked.extension, content_type=checked.content_type,
                    size=checked.size, sha256=checked.sha256,
                    uploaded_by=actor if actor is not None else None)
    item.file.save(main.name, main, save=False)
    if thumb is not None:
        item.thumbnail.save(thumb.name, thumb, save=False)
    item.save()
    audit.record(A.CREATE, actor=actor, obj=item,
                 after={"file": item.original_name, "size": item.size, "kind": item.kind,
                        "owner": f"{owner._meta.label_lower}:{owner.pk}"})
    return item


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    _require(actor, "ledger.record")
    _require_in_scope(actor, evidence.unit)
    if evidence.activity_id and not can_edit(actor, evidence.activity):
        raise ValidationError("记录已提交或已通过，不能删除其佐证材料。")
    before = {"file": evidence.original_name, "sha256": evidence.sha256}
    pk, label = evidence.pk, evidence.original_name
    files = [f for f in (evidence.file, evidence.thumbnail) if f]
    evidence.delete()
    for f in files:
        transaction.on_commit(lambda f=f: f.storage.delete(f.name))
    audit.record(A.DELETE, actor=actor, object_type="ledger.evidence", object_id=pk,
                 object_repr=label, before=before)


# Categories -----------------------------------------------------------------------------

CATEGORY_FIELDS = ("area", "name", "description", "unit_noun", "figure_phrase", "order",
                   "asks_venue",
                   "asks_round", "asks_festival", "asks_meeting")


@transaction.atomic
def category_create(*, actor, code: str, **fields) -> Category:
    _require(actor, "ledger.categories")
    if Category.objects.filter(code=code).exists():
        raise ValidationError({"code": f"编码“{code}”已被使用。"})
    category = Category(code=code, **{k: v for k, v in fields.items() if k in CATEGORY_FIELDS})
    category.full_clean()
    category.save()
    audit.record(A.CREATE, actor=actor, obj=category, after=audit.snapshot(category))
    return category


@transaction.atomic
def category_update(*, actor, category: Category, expected_version: int, **fields) -> Category:
    """Rename, reorder or change what a category asks for (its records keep counting)."""
    _require(actor, "ledger.categories")
    before = audit.snapshot(category)
    claim_version(category, expected_version)
    for name, value in fields.items():
        if name not in CATEGORY_FIELDS:
            raise TypeError(f"unknown category field: {name}")
        setattr(category, name, value)
    category.full_clean()
    category.save()
    old, new = audit.changed(before, audit.snapshot(category))
    audit.record(A.UPDATE, actor=actor, obj=category, before=old, after=new)
    return category


@transaction.atomic
def category_set_active(*, actor, category: Category, active: bool) -> Category:
    """Deactivate (no new records) or reactivate. Categories are never deleted."""
    _require(actor, "ledger.categories")
    if category.is_active != active:
        Category.objects.filter(pk=category.pk).update(is_active=active, version=F("version") + 1)
        category.refresh_from_db()
        audit.record(A.ACTIVATE if active else A.DEACTIVATE, actor=actor, obj=category)
    return category


@transaction.atomic
def category_delete(*, actor, category: Category) -> None:
    """Delete a category nobody has used yet; one in use can only be deactivated."""
    _require(actor, "ledger.categories")
    if category.activities.exists():
        raise ValidationError(f"类别“{category.name}”已有台账记录，不能删除，只能停用。")
    pk, label, before = category.pk, category.name, audit.snapshot(category)
    category.delete()
    audit.record(A.DELETE, actor=actor, object_type="ledger.category", object_id=pk,
                 object_repr=label, before=before)


# Commitments, articles, teams ----------------------------------------------------------

@transaction.atomic
def commitment_create(*, actor, person, year: int, promise: str) -> Commitment:
    _require(actor, "ledger.commitments")
    _require_in_scope(actor, person.unit, "承诺人")
    _require_own_or_admin(actor, person)
    commitment = Commitment(person=person, unit=person.unit, year=year,
                            promise=mask_personal_numbers(promise))
    commitment.full_clean()
    commitment.save()
    audit.record(A.CREATE, actor=actor, obj=commitment, after=audit.snapshot(commitment))
    return commitment


def _require_own_or_admin(actor, person) -> None:
    # A member keeps their own commitments; admins keep those of their units' people.
    if actor is None or actor.can("ledger.record"):
        return
    if actor.person_id != person.pk:
        raise PermissionDenied("成员只能维护自己的承诺。")


@transaction.atomic
def commitment_update(*, actor, commitment: Commitment, expected_version: int,
                      **fields) -> Commitment:
    _require(actor, "ledger.commitments")
    _require_in_scope(actor, commitment.unit)
    _require_own_or_admin(actor, commitment.person)
    before = audit.snapshot(commitment)
    claim_version(commitment, expected_version)
    for name in ("year", "promise", "status"):
        if name in fields:
            setattr(commitment, name, fields[name])
    commitment.promise = mask_personal_numbers(commitment.promise)
    commitment.full_clean()
    commitment.save()
    old, new = audit.changed(before, audit.snapshot(commitment))
    audit.record(A.UPDATE, actor=actor, obj=commitment, before=old, after=new)
    return commitment


@transaction.atomic
def fulfilment_add(*, actor, commitment: Commitment, date: datetime.date,
                   description: str) -> Fulfilment:
    _require(actor, "ledger.commitments")
    _require_in_scope(actor, commitment.unit)
    _require_own_or_admin(actor, commitment.person)
    if date > timezone.localdate():
        raise ValidationError({"date": "日期不能晚于今天。"})
    entry = Fulfilment(commitment=commitment, date=date,
                       description=mask_personal_numbers(description))
    entry.full_clean()
    entry.save()
    audit.record(A.CREATE, actor=actor, obj=entry, after=audit.snapshot(entry))
    return entry


ARTICLE_FIELDS = ("title", "unit", "author", "platform", "submitted_date", "is_adopted",
                  "adopted_date", "link")


def _clean_article(article: Article) -> None:
    errors = {}
    today = timezone.localdate()
    if article.submitted_date and article.submitted_date > today:
        errors["submitted_date"] = "报送日期不能晚于今天。"
    if article.is_adopted and not article.adopted_date:
        errors["adopted_date"] = "已采用的稿件请填写采用日期。"
    if article.adopted_date and article.submitted_date and \
            article.adopted_date < article.submitted_date:
        errors["adopted_date"] = "采用日期不能早于报送日期。"
    if not article.is_adopted:
        article.adopted_date = None
    if errors:
        raise ValidationError(errors)
    article.full_clean()


@transaction.atomic
def article_create(*, actor, **fields) -> Article:
    _require(actor, "ledger.record")
    _require_in_scope(actor, fields.get("unit"))
    article = Article(**{k: v for k, v in fields.items() if k in ARTICLE_FIELDS})
    _clean_article(article)
    article.save()
    audit.record(A.CREATE, actor=actor, obj=article, after=audit.snapshot(article))
    return article


@transaction.atomic
def article_update(*, actor, article: Article, expected_version: int, **fields) -> Article:
    _require(actor, "ledger.record")
    _require_in_scope(actor, article.unit)
    if "unit" in fields:
        _require_in_scope(actor, fields["unit"])
    before = audit.snapshot(article)
    claim_version(article, expected_version)
    for name, value in fields.items():
        if name not in ARTICLE_FIELDS:
            raise TypeError(f"unknown article field: {name}")
        setattr(article, name, value)
    _clean_article(article)
    article.save()
    old, new = audit.changed(before, audit.snapshot(article))
    audit.record(A.UPDATE, actor=actor, obj=article, before=old, after=new)
    return article


@transaction.atomic
def article_delete(*, actor, article: Article) -> None:
    _require(actor, "ledger.record")
    _require_in_scope(actor, article.unit)
    if article.deleted_at is None:
        Article.objects.filter(pk=article.pk).update(deleted_at=timezone.now(),
                                                     version=F("version") + 1)
        audit.record(A.DELETE, actor=actor, obj=article, detail="移入回收站")


def _check_people_in_scope(actor, team_unit: Unit, people) -> None:
    for person in people:
        _require_in_scope(actor, person.unit, f"队员“{person.name}”")


@transaction.atomic
def team_create(*, actor, name: str, unit: Unit, leader=None, members=(), activities=(),
                founded_on=None) -> Team:
    _require(actor, "ledger.record")
    _require_in_scope(actor, unit)
    _check_people_in_scope(actor, unit, [*members, *([leader] if leader else [])])
    team = Team(name=name, unit=unit, leader=leader, founded_on=founded_on)
    team.full_clean()
    team.save()
    team.members.set(members)
    team.activities.set(activities)
    audit.record(A.CREATE, actor=actor, obj=team,
                 after={**audit.snapshot(team), "members": sorted(p.pk for p in members)})
    return team


@transaction.atomic
def team_update(*, actor, team: Team, expected_version: int, members=None, activities=None,
                **fields) -> Team:
    _require(actor, "ledger.record")
    _require_in_scope(actor, team.unit)
    before = {**audit.snapshot(team), "members": sorted(team.members.values_list("pk", flat=True))}
    claim_version(team, expected_version)
    for name in ("name", "leader", "founded_on", "is_active"):
        if name in fields:
            setattr(team, name, fields[name])
    if members is not None:
        _check_people_in_scope(actor, team.unit, members)
    team.full_clean()
    team.save()
    if members is not None:
        team.members.set(members)
    if activities is not None:
        team.activities.set(activities)
    after = {**audit.snapshot(team), "members": sorted(team.members.values_list("pk", flat=True))}
    old, new = audit.changed(before, after)
    audit.record(A.UPDATE, actor=actor, obj=team, before=old, after=new)
    return team


# Records with their files, in one go (the pages' forms) --------------------------------

def _check_uploads(uploads) -> None:
    """Check every file by its content before anything is written, so that one refused
    file (named in the Chinese message) leaves nothing behind — not even a stored file."""
    for upload in uploads:
        evidence_files.check_upload(upload)
        upload.seek(0)


@transaction.atomic
def evidence_attach_many(*, actor, uploads, activity: Activity | None = None,
                         fulfilment: Fulfilment | None = None,
                         article: Article | None = None) -> list[Evidence]:
    """Attach several files to one record: all or nothing."""
    uploads = list(uploads)
    _check_uploads(uploads)
    return [evidence_attach(actor=actor, upload=upload, activity=activity,
                            fulfilment=fulfilment, article=article) for upload in uploads]


@transaction.atomic
def activity_record(*, actor, uploads=(), tags=None, submit: bool = False,
                    **fields) -> Activity:
    """Record an activity and attach its evidence files in one transaction: if the record
    or any file is refused, neither the activity nor any evidence is saved."""
    uploads = list(uploads)
    _check_uploads(uploads)
    activity = activity_create(actor=actor, tags=tags, submit=submit, **fields)
    for upload in uploads:
        evidence_attach(actor=actor, upload=upload, activity=activity)
    return activity


@transaction.atomic
def fulfilment_record(*, actor, commitment: Commitment, date: datetime.date,
                      description: str, uploads=()) -> Fulfilment:
    """Add a fulfilment entry with its (optional) evidence files: all or nothing."""
    uploads = list(uploads)
    _check_uploads(uploads)
    entry = fulfilment_add(actor=actor, commitment=commitment, date=date,
                           description=description)
    for upload in uploads:
        evidence_attach(actor=actor, upload=upload, fulfilment=entry)
    return entry
