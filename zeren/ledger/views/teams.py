"""Propaganda team pages (宣传队): list, create, detail, edit members and activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zeren.core.scoping import get_visible_or_404
from zeren.ledger import selectors, services
from zeren.ledger.forms import TeamEditForm, TeamFilterForm, TeamForm
from zeren.ledger.models import Activity, Team
from zeren.ledger.views.common import add_service_error, require
from zeren.org.models import Person


def _team(user, pk):
    return get_visible_or_404(Team.objects.select_related("unit", "leader", "leader__unit"),
                              user, pk=pk)


@login_required
def team_list(request):
    user = request.user
    require(user, "ledger.view")
    form = TeamFilterForm(request.GET or None, user=user)
    return render(request, "ledger/team_list.html", {
        "form": form, "teams": list(form.filter(selectors.team_rows(user))),
        "can_record": user.can("ledger.record"),
    })


@login_required
def team_create(request):
    user = request.user
    require(user, "ledger.record")
    form = TeamForm(request.POST or None, user=user, initial={"unit": user.unit_id})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            team = services.team_create(actor=user, members=list(data.pop("members")), **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已新建宣传队“{team.name}”。")
            return redirect("ledger:team_detail", pk=team.pk)
    return render(request, "ledger/form.html", {
        "form": form, "title": "新建宣传队", "crumb": ("ledger:team_list", "宣传队"),
        "cancel_url": "ledger:team_list",
    })


@login_required
def team_detail(request, pk):
    user = request.user
    require(user, "ledger.view")
    team = _team(user, pk)
    members = (Person.objects.visible_to(user).filter(teams=team).select_related("unit")
               .order_by("name"))
    activities = (Activity.objects.visible_to(user).alive().filter(teams=team)
                  .select_related("category").order_by("-date", "-id"))
    return render(request, "ledger/team_detail.html", {
        "team": team, "members": list(members), "activities": list(activities),
        "can_record": user.can("ledger.record"),
    })


@login_required
def team_edit(request, pk):
    user = request.user
    team = _team(user, pk)
    require(user, "ledger.record")
    form = TeamEditForm(request.POST or None, user=user, team=team,
                        initial=TeamEditForm.initial_for(team))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.team_update(actor=user, team=team, expected_version=version,
                                 members=list(data.pop("members")),
                                 activities=list(data.pop("activities")), **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已保存宣传队“{team.name}”。")
            return redirect("ledger:team_detail", pk=team.pk)
    return render(request, "ledger/form.html", {
        "form": form, "title": f"编辑宣传队：{team.name}",
        "crumb": ("ledger:team_list", "宣传队"), "cancel_url": "ledger:team_list",
    })
