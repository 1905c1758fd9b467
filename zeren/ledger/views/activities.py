"""Activity pages: the list with filters, record (phone-first), detail, edit, review steps,
the review queue with bulk approve, and the recycle bin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.ledger import selectors, services
from zeren.ledger.forms import (
    ActivityCreateForm,
    ActivityEditForm,
    ActivityFilterForm,
    EvidenceUploadForm,
    ReturnForm,
)
from zeren.ledger.models import Activity
from zeren.ledger.views.common import (
    PAGE_SIZE,
    add_service_error,
    error_text,
    optional_url,
    require,
)
from zeren.org.models import Unit
from zeren.org.roles import Role

S = Activity.Status


def _activity(user, pk):
    return get_visible_or_404(
        Activity.objects.select_related("category", "category__area", "unit", "created_by",
                                        "created_by__person", "reviewed_by",
                                        "reviewed_by__person"),
        user, pk=pk)


def _back(request, default):
    """Go back where the button was pressed (the review queue, the list…) if that is ours."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
def activity_list(request):
    user = request.user
    require(user, "ledger.view")
    form = ActivityFilterForm(request.GET or None, user=user)
    rows = form.filter(selectors.activity_rows(user))
    page = selectors.page_of(rows, request.GET.get("page"), PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    export_url = optional_url("ledger:activity_export")
    import_url = optional_url("ledger:activity_import")
    return render(request, "ledger/activity_list.html", {
        "form": form, "page": page,
        "can_record": user.can("ledger.record"),
        "can_review": user.can("ledger.review"),
        "export_url": f"{export_url}?{query}" if export_url and query else export_url,
        "import_url": import_url if user.can("ledger.record") else None,
    })


def _default_unit(user):
    if user.unit_id and Unit.objects.visible_to(user).filter(pk=user.unit_id).exists():
        return user.unit_id
    return None


@login_required
def activity_create(request):
    user = request.user
    require(user, "ledger.record")
    if request.method == "POST":
        form = ActivityCreateForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                activity = services.activity_record(
                    actor=user, uploads=form.cleaned_data["files"], submit=submit,
                    **form.service_fields())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                files = len(form.cleaned_data["files"])
                note = f"，附{files}个文件" if files else ""
                if submit:
                    messages.success(request, f"已提交审核“{activity.title}”{note}。")
                else:
                    messages.success(request, f"已保存草稿“{activity.title}”{note}。")
                return redirect("ledger:activity_detail", pk=activity.pk)
    else:
        form = ActivityCreateForm(user=user, initial={
            "unit": _default_unit(user), "date": timezone.localdate()})
    return render(request, "ledger/activity_form.html", {
        "form": form, "title": _("记录活动"), "creating": True,
    })


@login_required
def activity_detail(request, pk):
    user = request.user
    require(user, "ledger.view")
    activity = _activity(user, pk)
    can_record = user.can("ledger.record")
    deleted = activity.deleted_at is not None
    can_review = services.can_review(user, activity) and not deleted
    return render(request, "ledger/activity_detail.html", {
        "activity": activity,
        "tags": list(activity.tags.all()),
        "evidence": list(selectors.evidence_of(user, activity=activity)),
        "history": list(selectors.activity_history(activity)),
        "can_edit": services.can_edit(user, activity),
        "can_approve": can_review and activity.status == S.SUBMITTED,
        "can_return": can_review and activity.status in (S.SUBMITTED, S.APPROVED),
        "can_delete": can_record and not deleted and (
            activity.status != S.APPROVED or user.has_role(Role.STAFF)),
        "can_restore": can_record and deleted,
        "return_form": ReturnForm(),
        "upload_form": EvidenceUploadForm(),
    })


@login_required
def activity_edit(request, pk):
    user = request.user
    activity = _activity(user, pk)
    require(user, "ledger.record")
    if not services.can_edit(user, activity):
        messages.error(request, f"“{activity.title}”状态为{activity.get_status_display()}"
                                f"{'（已删除）' if activity.deleted_at else ''}，不能修改。")
        return redirect("ledger:activity_detail", pk=activity.pk)
    form = ActivityEditForm(request.POST or None, user=user, activity=activity,
                            initial=ActivityEditForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        tags = data.pop("tags")
        try:
            services.activity_update(actor=user, activity=activity, tags=tags,
                                     expected_version=form.cleaned_data["version"], **data)
            if "submit" in request.POST:
                services.activity_submit(actor=user, activity=activity)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = "已保存并提交审核" if "submit" in request.POST else "已保存"
            messages.success(request, f"{done}“{activity.title}”。")
            return redirect("ledger:activity_detail", pk=activity.pk)
    return render(request, "ledger/activity_form.html", {
        "form": form, "title": f"编辑：{activity.title}", "activity": activity,
    })


def _step(request, pk, capability, call, done, *, default=None):
    """One review step (POST): the service decides; its refusal becomes a message."""
    user = request.user
    activity = _activity(user, pk)
    require(user, capability)
    try:
        call(user, activity)
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied as error:
        if str(error):
            messages.error(request, str(error))
        else:
            raise
    else:
        messages.success(request, done.format(title=activity.title))
    return _back(request, default or reverse("ledger:activity_detail", args=[activity.pk]))


@login_required
@require_POST
def activity_submit(request, pk):
    return _step(request, pk, "ledger.record",
                 lambda u, a: services.activity_submit(actor=u, activity=a),
                 "已提交审核“{title}”。")


@login_required
@require_POST
def activity_approve(request, pk):
    return _step(request, pk, "ledger.review",
                 lambda u, a: services.activity_approve(actor=u, activity=a),
                 "已审核通过“{title}”。")


@login_required
@require_POST
def activity_return(request, pk):
    reason = request.POST.get("reason", "")
    return _step(request, pk, "ledger.review",
                 lambda u, a: services.activity_return(actor=u, activity=a, reason=reason),
                 "已退回“{title}”。")


@login_required
@require_POST
def activity_delete(request, pk):
    return _step(request, pk, "ledger.record",
                 lambda u, a: services.activity_delete(actor=u, activity=a),
                 "已将“{title}”移入回收站。", default=reverse_lazy("ledger:activity_list"))


@login_required
@require_POST
def activity_restore(request, pk):
    return _step(request, pk, "ledger.record",
                 lambda u, a: services.activity_restore(actor=u, activity=a),
                 "已从回收站恢复“{title}”。")


@login_required
def review_queue(request):
    user = request.user
    require(user, "ledger.review")
    page = selectors.page_of(selectors.review_rows(user), request.GET.get("page"), PAGE_SIZE)
    return render(request, "ledger/review_queue.html", {"page": page})


@login_required
@require_POST
def review_bulk_approve(request):
    user = request.user
    require(user, "ledger.review")
    try:
        ids = {int(v) for v in request.POST.getlist("ids")}
    except ValueError:
        ids = set()
    if not ids:
        messages.error(request, "请先勾选要通过的记录。")
        return redirect("ledger:review_queue")
    activities = list(selectors.reviewable(user).filter(pk__in=ids).select_related("unit")
                      .order_by("id"))
    if len(activities) != len(ids):
        messages.error(request, "所选记录中有的已被他人审核、退回或不在您的审核范围内，"
                                "本次未通过任何记录。请刷新后重试。")
        return redirect("ledger:review_queue")
    try:
        count = services.activities_approve(actor=user, activities=activities)
    except (ValidationError, PermissionDenied) as error:
        text = error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, f"{text} 本次未通过任何记录。")
    else:
        messages.success(request, f"已批量通过 {count} 条记录。")
    return redirect("ledger:review_queue")


@login_required
def recycle_bin(request):
    user = request.user
    require(user, "ledger.record")
    page = Paginator(selectors.recycle_bin(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/recycle_bin.html", {"page": page})
