"""Article pages (稿件报送): list with filters, create with evidence, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.ledger import selectors, services
from zeren.ledger.forms import (
    ArticleCreateForm,
    ArticleEditForm,
    ArticleFilterForm,
    EvidenceUploadForm,
)
from zeren.ledger.models import Article
from zeren.ledger.views.common import PAGE_SIZE, add_service_error, error_text, require


def _article(user, pk):
    return get_visible_or_404(Article.objects.filter(deleted_at__isnull=True)
                              .select_related("unit"), user, pk=pk)


@login_required
def article_list(request):
    user = request.user
    require(user, "ledger.view")
    form = ArticleFilterForm(request.GET or None, user=user)
    rows = form.filter(selectors.article_rows(user))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/article_list.html", {
        "form": form, "page": page, "can_record": user.can("ledger.record"),
    })


@login_required
def article_create(request):
    user = request.user
    require(user, "ledger.record")
    if request.method == "POST":
        form = ArticleCreateForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    article = services.article_create(actor=user, **form.service_fields())
                    if form.cleaned_data["files"]:
                        services.evidence_attach_many(actor=user, article=article,
                                                      uploads=form.cleaned_data["files"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"已登记稿件“{article.title}”。")
                return redirect("ledger:article_list")
    else:
        form = ArticleCreateForm(user=user, initial={
            "unit": user.unit_id, "submitted_date": timezone.localdate()})
    return render(request, "ledger/form.html", {
        "form": form, "title": "登记稿件", "crumb": ("ledger:article_list", "稿件报送"),
        "cancel_url": "ledger:article_list", "multipart": True,
    })


@login_required
def article_edit(request, pk):
    user = request.user
    article = _article(user, pk)
    require(user, "ledger.view")
    can_record = user.can("ledger.record")
    form = ArticleEditForm(request.POST or None, user=user,
                           initial=ArticleEditForm.initial_for(article))
    if request.method == "POST":
        require(user, "ledger.record")
        if form.is_valid():
            try:
                services.article_update(actor=user, article=article,
                                        expected_version=form.cleaned_data["version"],
                                        **form.service_fields())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"已保存稿件“{article.title}”。")
                return redirect("ledger:article_list")
    return render(request, "ledger/article_edit.html", {
        "form": form, "article": article, "can_record": can_record,
        "evidence": list(selectors.evidence_of(user, article=article)),
        "upload_form": EvidenceUploadForm(),
    })


@login_required
@require_POST
def article_delete(request, pk):
    user = request.user
    article = _article(user, pk)
    require(user, "ledger.record")
    services.article_delete(actor=user, article=article)
    messages.success(request, f"已删除稿件“{article.title}”。")
    return redirect("ledger:article_list")


@login_required
@require_POST
def article_evidence(request, pk):
    user = request.user
    article = _article(user, pk)
    require(user, "ledger.record")
    form = EvidenceUploadForm(request.POST, request.FILES)
    files = form.cleaned_data["files"] if form.is_valid() else []
    if not files:
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            services.evidence_attach_many(actor=user, uploads=files, article=article)
        except ValidationError as error:
            messages.error(request, f"{error_text(error)} 本次未上传任何文件。")
        else:
            messages.success(request, f"已上传 {len(files)} 个文件。")
    return redirect("ledger:article_edit", pk=article.pk)
