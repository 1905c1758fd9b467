"""Commitment pages (承诺践诺): members keep their own, admins those of their units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.ledger import selectors, services
from zeren.ledger.forms import CommitmentEditForm, CommitmentForm, FulfilmentForm
from zeren.ledger.views.common import PAGE_SIZE, add_service_error, require


def _require_any(user):
    if not (user.can("ledger.view") or user.can("ledger.commitments")):
        raise PermissionDenied("您没有执行此操作的权限。")


def _may_keep(user, commitment) -> bool:
    """Whether `user` may edit the commitment and add fulfilment entries to it."""
    if not user.can("ledger.commitments"):
        return False
    return user.can("ledger.record") or commitment.person_id == user.person_id


def _commitment(user, pk):
    return get_visible_or_404(selectors.commitment_detail_qs(user), user, pk=pk)


@login_required
def commitment_list(request):
    user = request.user
    _require_any(user)
    years = sorted(set(selectors.commitment_rows(user).values_list("year", flat=True)),
                   reverse=True)
    year = request.GET.get("year") or ""
    rows = selectors.commitment_rows(user)
    if year.isdigit():
        rows = rows.filter(year=int(year))
    page = Paginator(rows.order_by("-year", "unit__path", "person__name", "id"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/commitment_list.html", {
        "page": page, "years": years, "year": year,
        "can_create": user.can("ledger.commitments") and (
            user.can("ledger.record") or user.person_id is not None),
    })


@login_required
def commitment_create(request):
    user = request.user
    require(user, "ledger.commitments")
    own = None
    if not user.can("ledger.record"):
        own = user.person
        if own is None:
            raise PermissionDenied("您的账号没有关联人员，不能填写承诺。")
    form = CommitmentForm(request.POST or None, user=user, own_person=own,
                          initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.commitment_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已保存{commitment}。")
            return redirect("ledger:commitment_detail", pk=commitment.pk)
    return render(request, "ledger/form.html", {
        "form": form, "title": "填写承诺", "crumb": ("ledger:commitment_list", "承诺践诺"),
        "cancel_url": "ledger:commitment_list",
    })


def _detail(request, commitment, form=None, status=200):
    user = request.user
    return render(request, "ledger/commitment_detail.html", {
        "commitment": commitment,
        "fulfilments": list(commitment.fulfilments.all()),
        "can_keep": _may_keep(user, commitment),
        "form": form or FulfilmentForm(),
    }, status=status)


@login_required
def commitment_detail(request, pk):
    user = request.user
    _require_any(user)
    return _detail(request, _commitment(user, pk))


@login_required
@require_POST
def fulfilment_add(request, pk):
    user = request.user
    commitment = _commitment(user, pk)
    require(user, "ledger.commitments")
    if not _may_keep(user, commitment):
        raise PermissionDenied("成员只能维护自己的承诺。")
    form = FulfilmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.fulfilment_record(actor=user, commitment=commitment, date=data["date"],
                                       description=data["description"], uploads=data["files"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "已添加践诺记录。")
            return redirect("ledger:commitment_detail", pk=commitment.pk)
    return _detail(request, _commitment(user, pk), form=form)


@login_required
def commitment_edit(request, pk):
    user = request.user
    commitment = _commitment(user, pk)
    require(user, "ledger.commitments")
    if not _may_keep(user, commitment):
        raise PermissionDenied("成员只能维护自己的承诺。")
    form = CommitmentEditForm(request.POST or None, user=user, initial={
        "year": commitment.year, "promise": commitment.promise, "status": commitment.status,
        "version": commitment.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.commitment_update(actor=user, commitment=commitment,
                                       expected_version=version, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "已保存承诺。")
            return redirect("ledger:commitment_detail", pk=commitment.pk)
    return render(request, "ledger/form.html", {
        "form": form, "title": f"编辑：{commitment}",
        "crumb": ("ledger:commitment_list", "承诺践诺"), "cancel_url": "ledger:commitment_list",
    })
