"""Account pages: users (系统管理员), roles and data scopes (安全管理员), own API tokens.

Every page checks the capability first (403), then finds the account through
User.objects.visible_to(request.user) (404 outside scope); writes go through
zeren.org.accounts, which checks both again and records the audit events.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from zeren.core.concurrency import ConcurrentEditError
from zeren.core.scoping import get_visible_or_404
from zeren.org import accounts
from zeren.org.forms_accounts import (
    GrantForm,
    PasswordResetForm,
    TokenCreateForm,
    UserCreateForm,
    add_service_errors,
)
from zeren.org.models import ApiToken, User

PAGE_SIZE = 30


def _require(user, capability: str) -> None:
    if not user.can(capability):
        raise PermissionDenied(_("您的角色不能执行此操作。"))


def _users_page(request):
    """The visible accounts, searched and paginated, with roles loaded in one query."""
    qs = (
        User.objects.visible_to(request.user)
        .select_related("unit", "scope", "person")
        .prefetch_related("role_grants")
        .order_by("unit__path", "username")
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(person__name__icontains=q)
                       | Q(unit__name__icontains=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        # roles from the prefetch, so role_labels() costs no query per row
        user._zeren_roles = frozenset(grant.role for grant in user.role_grants.all())
    return page, q


def _visible_user_or_404(request, pk: int) -> User:
    qs = User.objects.select_related("unit", "scope", "person")
    return get_visible_or_404(qs, request.user, pk=pk)


# Users (系统管理员) ------------------------------------------------------------------------

@login_required
def user_list(request):
    _require(request.user, "accounts.manage")
    page, q = _users_page(request)
    return render(request, "accounts/user_list.html", {"page": page, "q": q})


@sensitive_post_parameters("password1", "password2")
@login_required
def user_create(request):
    _require(request.user, "accounts.manage")
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.user_create(
                actor=request.user, username=data["username"], unit=data["unit"],
                person=data["person"], password=data["password1"], must_change_password=True,
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="password1")
        else:
            messages.success(request, _("账号“%(name)s”已创建，首次登录须修改密码。")
                             % {"name": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk: int):
    _require(request.user, "accounts.manage")
    account = _visible_user_or_404(request, pk)
    return render(request, "accounts/user_detail.html", {"account": account})


@sensitive_post_parameters("password1", "password2")
@login_required
def user_reset_password(request, pk: int):
    _require(request.user, "accounts.manage")
    account = _visible_user_or_404(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.password_reset(actor=request.user, user=account,
                                    new_password=form.cleaned_data["password1"])
        except ValidationError as error:
            add_service_errors(form, error, default_field="password1")
        else:
            messages.success(request, _("密码已重置，该账号下次登录须修改密码。"))
            return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": account})


@require_POST
@login_required
def user_unlock(request, pk: int):
    _require(request.user, "accounts.manage")
    account = _visible_user_or_404(request, pk)
    accounts.user_unlock(actor=request.user, user=account)
    messages.success(request, _("账号已解除锁定。"))
    return redirect("accounts:user_detail", pk=account.pk)


@require_POST
@login_required
def user_set_active(request, pk: int):
    _require(request.user, "accounts.manage")
    account = _visible_user_or_404(request, pk)
    active = request.POST.get("active") == "1"
    try:
        accounts.user_set_active(actor=request.user, user=account, active=active)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("账号已启用。") if active else _("账号已停用。"))
    return redirect("accounts:user_detail", pk=account.pk)


# Roles and data scopes (安全管理员) ------------------------------------------------------

@login_required
def grant_list(request):
    _require(request.user, "accounts.grant")
    page, q = _users_page(request)
    return render(request, "accounts/grant_list.html", {"page": page, "q": q})


@login_required
def grant_edit(request, pk: int):
    _require(request.user, "accounts.grant")
    account = _visible_user_or_404(request, pk)
    initial = {
        "version": account.version,
        "roles": list(account.role_grants.values_list("role", flat=True)),
        "scope": account.scope_id,
    }
    form = GrantForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.grants_update(actor=request.user, user=account, roles=data["roles"],
                                   scope=data["scope"], expected_version=data["version"])
        except ConcurrentEditError as error:
            form.add_error(None, error.messages)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s”的角色和数据范围已保存。")
                             % {"name": account.username})
            return redirect("accounts:grant_list")
    return render(request, "accounts/grant_form.html", {"form": form, "account": account})


# API tokens (own only) ---------------------------------------------------------------------

def _token_page(request, form, new_key: str | None = None, status: int = 200):
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/token_list.html",
                  {"tokens": tokens, "form": form, "new_key": new_key}, status=status)


@login_required
def token_list(request):
    _require(request.user, "api.tokens")
    return _token_page(request, TokenCreateForm())


@require_POST
@login_required
def token_create(request):
    _require(request.user, "api.tokens")
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            _token, key = accounts.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # rendered, not redirected: the key is on this one response and nowhere else
            response = _token_page(request, TokenCreateForm(), new_key=key)
            response["Cache-Control"] = "no-store"
            return response
    return _token_page(request, form, status=400)


@require_POST
@login_required
def token_revoke(request, pk: int):
    _require(request.user, "api.tokens")
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    accounts.token_revoke(user=request.user, token=token)
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("accounts:token_list")
