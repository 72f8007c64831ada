"""The administrators' pages (三员分立, ADR 0009): the system administrator's accounts (list, create, disable or
enable, reset a password) and the security administrator's grants, unlocks and policy page. The audit
administrator's page is the audit log (jianfu.audit.views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jianfu.accounts import selectors
from jianfu.accounts.forms import AccountCreateForm, GrantForm, add_service_errors
from jianfu.accounts.models import Role
from jianfu.accounts.services import grants, users
from jianfu.web.listing import paginate

STATES = [("active", "启用"), ("disabled", "停用"), ("pending", "待授权")]


def _require(request, *roles: str) -> None:
    if request.user.role not in roles:
        raise PermissionDenied("仅系统管理员或安全管理员可管理账号。")


def _temporary_password(request, account, password: str, *, reset: bool = False):
    """The page that shows a temporary password once; never kept by a browser or proxy cache."""
    context = {"account": account, "password": password, "reset": reset}
    response = render(request, "accounts/temporary_password.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_list(request):
    _require(request, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
    filters = {
        "query": request.GET.get("q", "").strip(),
        "role": request.GET.get("role", "").strip(),
        "state": request.GET.get("state", "").strip(),
    }
    page = paginate(request, selectors.account_search(user=request.user, **filters))
    context = {
        "page": page,
        "filters": filters,
        "roles": Role.choices,
        "states": STATES,
        "locked": selectors.locked_usernames(account.username for account in page.object_list),
    }
    return render(request, "accounts/account_list.html", context)


@login_required
def account_new(request):
    _require(request, Role.SYSTEM_ADMIN)
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, password = users.user_create(
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                region=data["region"],
                department=data["department"],
                school=data["school_code"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Rendered, not redirected: the temporary password is shown once and stored nowhere in clear.
            return _temporary_password(request, account, password)
    return render(request, "accounts/account_form.html", {"form": form})


@login_required
def account_detail(request, user_id: int):
    _require(request, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
    account = selectors.access_account_by_id(request.user, user_id)
    context = {
        "account": account,
        "locked": account.username in selectors.locked_usernames([account.username]),
        "own": account.pk == request.user.pk,
    }
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_POST
def account_active(request, user_id: int):
    _require(request, Role.SYSTEM_ADMIN)
    account = selectors.access_account_by_id(request.user, user_id)
    active = request.POST.get("active") == "1"
    try:
        users.user_set_active(
            actor=request.user, account=account, active=active, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"账号“{account.username}”已{'启用' if active else '停用'}。")
    return redirect("accounts:user", user_id=account.pk)


@login_required
@require_POST
def account_password_reset(request, user_id: int):
    _require(request, Role.SYSTEM_ADMIN)
    account = selectors.access_account_by_id(request.user, user_id)
    try:
        password = users.user_password_reset(
            actor=request.user, account=account, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("accounts:user", user_id=account.pk)
    return _temporary_password(request, account, password, reset=True)


@login_required
def account_grant(request, user_id: int):
    _require(request, Role.SECURITY_ADMIN)
    account = selectors.access_account_by_id(request.user, user_id)
    if account.pk == request.user.pk:
        raise PermissionDenied("管理员不能对自己的账号执行此操作。")
    initial = {
        "role": account.role,
        "region": account.region_id,
        "department": account.department_id,
        "school_code": account.school.code if account.school_id else "",
        "teacher_id": account.teacher_id,
    }
    form = GrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grants.user_role_grant(
                actor=request.user,
                account=account,
                role=data["role"],
                region=data["region"],
                department=data["department"],
                school=data["school_code"],
                teacher=data["teacher_id"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已为“{account.username}”授予角色：{Role(data['role']).label}。")
            return redirect("accounts:user", user_id=account.pk)
    return render(request, "accounts/grant_form.html", {"form": form, "account": account})


@login_required
@require_POST
def account_unlock(request, user_id: int):
    _require(request, Role.SECURITY_ADMIN)
    account = selectors.access_account_by_id(request.user, user_id)
    cleared = grants.user_unlock(actor=request.user, account=account)
    messages.success(request, f"已解除“{account.username}”的登录锁定（清除{cleared}条失败记录）。")
    return redirect("accounts:user", user_id=account.pk)


@login_required
def policy_page(request):
    _require(request, Role.SECURITY_ADMIN)
    return render(request, "accounts/policy.html", {"policy": selectors.security_policy()})
