"""分片包抓 pages: which leader answers for which units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.org import services
from zeren.org.forms import AssignmentForm
from zeren.org.models import Assignment
from zeren.org.views.common import add_service_error, error_text, require


@login_required
def assignment_list(request):
    user = request.user
    require(user, "org.view")
    assignments = (Assignment.objects.visible_to(user)
                   .select_related("leader", "leader__unit", "unit")
                   .order_by("leader__name", "leader_id", "unit__path"))
    return render(request, "org/assignment_list.html", {
        "assignments": assignments,
        "can_edit_assignments": user.can("org.edit_assignments"),
    })


@login_required
def assignment_create(request):
    user = request.user
    require(user, "org.edit_assignments")
    form = AssignmentForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已添加：{assignment}。")
            return redirect("org:assignment_list")
    return render(request, "org/form.html", {
        "form": form, "title": "新增分片包抓", "assignments_crumb": True,
    })


@login_required
@require_POST
def assignment_delete(request, pk):
    user = request.user
    assignment = get_visible_or_404(Assignment.objects.select_related("leader", "unit"),
                                    user, pk=pk)
    require(user, "org.edit_assignments")
    label = str(assignment)
    try:
        services.assignment_delete(actor=user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已取消：{label}。")
    return redirect("org:assignment_list")
