"""Evidence files: upload to an activity, scoped download and thumbnail, delete.

Files are never served from /static/ or /media/: only these views read them, after the
scope check, as attachments (or an inline thumbnail) with nosniff.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.ledger import services
from zeren.ledger.forms import EvidenceUploadForm
from zeren.ledger.models import Activity, Evidence
from zeren.ledger.views.common import error_text, require


def _evidence(user, pk) -> Evidence:
    evidence = get_visible_or_404(
        Evidence.objects.select_related("activity", "activity__unit", "fulfilment",
                                        "fulfilment__commitment", "article"), user, pk=pk)
    if not (user.can("ledger.view") or user.can("ledger.commitments")):
        raise PermissionDenied("您没有查看佐证材料的权限。")
    if evidence.fulfilment_id and not user.can("ledger.record") and \
            evidence.fulfilment.commitment.person_id != user.person_id:
        # members see the evidence of their own commitments only
        raise Http404("未找到，或不在您的数据范围内。")
    return evidence


def _owner_url(evidence: Evidence):
    if evidence.activity_id:
        return redirect("ledger:activity_detail", pk=evidence.activity_id)
    if evidence.fulfilment_id:
        return redirect("ledger:commitment_detail", pk=evidence.fulfilment.commitment_id)
    return redirect("ledger:article_edit", pk=evidence.article_id)


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_upload(request, pk):
    user = request.user
    activity = get_visible_or_404(Activity.objects.select_related("unit"), user, pk=pk)
    require(user, "ledger.record")
    if not services.can_edit(user, activity):
        messages.error(request, f"“{activity.title}”状态为{activity.get_status_display()}，"
                                "不能再添加佐证材料。")
        return redirect("ledger:activity_detail", pk=activity.pk)
    form = EvidenceUploadForm(request.POST, request.FILES)
    files = form.cleaned_data["files"] if form.is_valid() else []
    if not files:
        messages.error(request, "请选择要上传的照片或文件。")
        return redirect("ledger:activity_detail", pk=activity.pk)
    try:
        services.evidence_attach_many(actor=user, uploads=files, activity=activity)
    except ValidationError as error:
        messages.error(request, f"{error_text(error)} 本次未上传任何文件。")
    else:
        messages.success(request, f"已上传 {len(files)} 个文件。")
    return redirect("ledger:activity_detail", pk=activity.pk)


@login_required
def evidence_download(request, pk):
    evidence = _evidence(request.user, pk)
    if not evidence.file:
        raise Http404("文件不存在。")
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name,
                            content_type=evidence.content_type or "application/octet-stream")
    return _private(response)


@login_required
def evidence_thumbnail(request, pk):
    evidence = _evidence(request.user, pk)
    if not evidence.thumbnail:
        raise Http404("没有缩略图。")
    response = FileResponse(evidence.thumbnail.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    return _private(response)


@login_required
@require_POST
def evidence_delete(request, pk):
    user = request.user
    evidence = _evidence(user, pk)
    require(user, "ledger.commitments" if evidence.fulfilment_id else "ledger.record")
    back = _owner_url(evidence)
    name = evidence.original_name
    try:
        services.evidence_delete(actor=user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已删除“{name}”。")
    return back
