"""People pages: the list (filters, 50 a page, masked phones), detail, create/edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zeren.core.scoping import get_visible_or_404
from zeren.org import services
from zeren.org.forms import PersonEditForm, PersonFilterForm, PersonForm
from zeren.org.models import Assignment, Person, Position, Unit
from zeren.org.views.common import add_service_error, error_text, require

PAGE_SIZE = 50


@login_required
def person_list(request):
    user = request.user
    require(user, "org.view")
    form = PersonFilterForm(request.GET or None, user=user)
    people = form.filter(Person.objects.visible_to(user).select_related("unit"))
    page = Paginator(people.order_by("unit__path", "name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "org/person_list.html", {
        "form": form, "page": page,
        "can_edit_people": user.can("org.edit_people"),
        "can_import_export": user.can("org.import_export"),
    })


@login_required
def person_detail(request, pk):
    user = request.user
    require(user, "org.view")
    person = get_visible_or_404(Person.objects.select_related("unit"), user, pk=pk)
    positions = (Position.objects.visible_to(user).filter(person=person)
                 .select_related("unit").order_by("-start_date", "role"))
    assignments = (Assignment.objects.visible_to(user).filter(leader=person)
                   .select_related("unit").order_by("unit__path"))
    return render(request, "org/person_detail.html", {
        "person": person, "positions": positions, "assignments": assignments,
        "can_edit_people": user.can("org.edit_people"),
    })


@login_required
def person_create(request):
    user = request.user
    require(user, "org.edit_people")
    initial = {}
    if request.GET.get("unit"):
        initial["unit"] = get_visible_or_404(Unit, user, pk=request.GET["unit"])
    form = PersonForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            person = services.person_create(actor=user, unit=unit, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已新增人员“{person.name}”。")
            return redirect("org:person_detail", pk=person.pk)
    return render(request, "org/form.html", {
        "form": form, "title": "新增人员", "people_crumb": True,
    })


@login_required
def person_edit(request, pk):
    user = request.user
    person = get_visible_or_404(Person.objects.select_related("unit"), user, pk=pk)
    require(user, "org.edit_people")
    form = PersonEditForm(request.POST or None, user=user, person=person,
                          initial=PersonEditForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        version = form.cleaned_data["version"]
        try:
            services.person_update(actor=user, person=person, expected_version=version,
                                   **changes)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已保存人员“{person.name}”。")
            return redirect("org:person_detail", pk=person.pk)
    return render(request, "org/form.html", {
        "form": form, "title": f"编辑人员：{person.name}", "people_crumb": True,
    })


@login_required
@require_POST
def person_set_active(request, pk):
    user = request.user
    person = get_visible_or_404(Person, user, pk=pk)
    require(user, "org.edit_people")
    active = request.POST.get("active") == "1"
    try:
        services.person_set_active(actor=user, person=person, active=active)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已将“{person.name}”设为{'在册' if active else '不在册'}。")
    return redirect("org:person_detail", pk=person.pk)
