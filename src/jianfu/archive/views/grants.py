"""Bureaus grant departments time-limited, purpose-bound reading of verified archives, and revoke grants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts.models import Role
from jianfu.archive import selectors
from jianfu.archive.forms import GrantForm
from jianfu.archive.services import grants
from jianfu.archive.views import add_service_errors
from jianfu.web.listing import paginate

STATES = [("active", "有效"), ("ended", "已到期或撤销"), ("all", "全部")]
_READERS = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)


@login_required
@require_http_methods(["GET", "POST"])
def grant_list(request):
    user = request.user
    if user.role not in _READERS:
        raise PermissionDenied("档案查阅授权由教育局管理")
    may_grant = user.role in grants.GRANTORS
    departments, schools = selectors.grant_form_choices(user=user)
    teacher_id = request.POST.get("teacher") or request.GET.get("teacher") or ""
    form = GrantForm(
        request.POST or None,
        departments=departments,
        schools=schools,
        initial={"teacher": teacher_id or None},
    )
    teacher = None
    if teacher_id.isdigit():
        teacher = selectors.archive_holder_list(user=user).filter(pk=int(teacher_id)).first()
    if request.method == "POST":
        if not may_grant:
            raise PermissionDenied("督导只能查看授权")
        if form.is_valid():
            data = form.cleaned_data
            try:
                grants.archive_grant_create(
                    actor=user,
                    department_id=data["department"].pk,
                    purpose=data["purpose"],
                    expires_on=data["expires_on"],
                    teacher_id=data["teacher"],
                    school_ids=[school.pk for school in data["schools"]],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "授权已生效，部门的每次查阅都会记入审计日志并告知教师本人。")
                return redirect("archive:grants")
    state = request.GET.get("state", "active")
    page = paginate(request, selectors.grant_list(user=user, state=state))
    context = {
        "page": page,
        "form": form if may_grant else None,
        "teacher": teacher,
        "state": state,
        "states": STATES,
        "revocable": selectors.grant_revocable_ids(user=user, grant_ids=[g.pk for g in page.object_list]),
    }
    return render(request, "archive/grants.html", context)


@login_required
@require_POST
def grant_revoke(request, grant_id: int):
    try:
        grants.archive_grant_revoke(actor=request.user, grant_id=grant_id)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "授权已撤销，该部门即刻不能再查阅。")
    return redirect("archive:grants")
