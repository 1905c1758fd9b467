"""Category pages (bureau staff): list by area, create, edit, (de)activate, delete unused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zeren.ledger import services
from zeren.ledger.forms import CategoryCreateForm, CategoryEditForm
from zeren.ledger.models import Category, WorkArea
from zeren.ledger.views.common import add_service_error, error_text, require


@login_required
def category_list(request):
    require(request.user, "ledger.categories")
    areas = list(WorkArea.objects.order_by("order", "id"))
    categories = list(Category.objects.order_by("area__order", "order", "id"))
    for area in areas:
        area.rows = [c for c in categories if c.area_id == area.pk]
    return render(request, "ledger/category_list.html", {"areas": areas})


@login_required
def category_create(request):
    user = request.user
    require(user, "ledger.categories")
    form = CategoryCreateForm(request.POST or None, user=user,
                              initial={"area": request.GET.get("area")})
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已新增类别“{category.name}”。")
            return redirect("ledger:category_list")
    return render(request, "ledger/form.html", {
        "form": form, "title": "新增类别", "crumb": ("ledger:category_list", "台账类别"),
        "cancel_url": "ledger:category_list",
    })


@login_required
def category_edit(request, pk):
    user = request.user
    require(user, "ledger.categories")
    category = get_object_or_404(Category, pk=pk)
    form = CategoryEditForm(request.POST or None, user=user,
                            initial=CategoryEditForm.initial_for(category))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.category_update(actor=user, category=category, expected_version=version,
                                     **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已保存类别“{category.name}”。")
            return redirect("ledger:category_list")
    return render(request, "ledger/form.html", {
        "form": form, "title": f"编辑类别：{category.name}",
        "crumb": ("ledger:category_list", "台账类别"), "cancel_url": "ledger:category_list",
    })


@login_required
@require_POST
def category_set_active(request, pk):
    user = request.user
    require(user, "ledger.categories")
    category = get_object_or_404(Category, pk=pk)
    active = request.POST.get("active") == "1"
    services.category_set_active(actor=user, category=category, active=active)
    messages.success(request, f"已{'启用' if active else '停用'}类别“{category.name}”。")
    return redirect("ledger:category_list")


@login_required
@require_POST
def category_delete(request, pk):
    user = request.user
    require(user, "ledger.categories")
    category = get_object_or_404(Category, pk=pk)
    name = category.name
    try:
        services.category_delete(actor=user, category=category)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已删除类别“{name}”。")
    return redirect("ledger:category_list")
