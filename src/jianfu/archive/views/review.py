"""The school administrator's verification queue: submitted entries of its teachers, verified or sent back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jianfu.accounts.models import Role
from jianfu.archive import selectors
from jianfu.archive.models import ArchiveEntry
from jianfu.archive.services import entries
from jianfu.audit import events
from jianfu.web.listing import paginate


@login_required
def queue(request):
    if request.user.role != Role.SCHOOL_ADMIN or not request.user.school_id:
        raise PermissionDenied("档案审核仅供学校管理员使用")
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.reviewable_entries(user=request.user, query=query))
    with transaction.atomic():
        events.personal_data_listed(
            actor=request.user, model=ArchiveEntry, count=len(page.object_list), filters={"query": query}
        )
    return render(request, "archive/verify.html", {"page": page, "q": query})


@login_required
@require_POST
def review(request, entry_id: int):
    decision = request.POST.get("decision", "")
    try:
        entries.archive_entry_review(
            actor=request.user, entry_id=entry_id, decision=decision, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, "已审核通过，条目已锁定。" if decision == "verify" else "已退回，教师可修改后重新提交。"
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=False
    ):
        return redirect(back)
    return redirect("archive:verify")
