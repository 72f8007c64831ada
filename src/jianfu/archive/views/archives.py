"""Reading a teacher's archive: the school, the bureaus and supervisors of the area, granted departments."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render

from jianfu.accounts.models import Role
from jianfu.archive import selectors
from jianfu.audit import events
from jianfu.common import uploads
from jianfu.registry.models import Teacher
from jianfu.web.listing import paginate


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
def teacher_list(request):
    filters = {
        "query": request.GET.get("q", "").strip(),
        "school_id": _int_or_none(request.GET.get("school")),
    }
    page = paginate(request, selectors.archive_holder_list(user=request.user, **filters))
    with transaction.atomic():
        events.personal_data_listed(
            actor=request.user,
            model=Teacher,
            count=len(page.object_list),
            filters={"archive": True, **filters},
        )
    context = {"page": page, "filters": filters, "is_department": request.user.role == Role.DEPARTMENT}
    return render(request, "archive/teacher_list.html", context)


@login_required
def teacher_archive(request, teacher_id: int):
    user = request.user
    teacher = selectors.archive_holder_by_id(user=user, teacher_id=teacher_id)
    grant = selectors.grant_in_use(user=user, teacher=teacher)
    with transaction.atomic():
        events.archive_viewed(actor=user, teacher=teacher, grant=grant)
    sections = selectors.archive_sections(user=user, teacher=teacher)
    entry_ids = [entry.pk for section in sections for entry in section.entries]
    context = {
        "teacher": teacher,
        "sections": sections,
        "grant": grant,
        "reviewable": selectors.entry_reviewable_ids(user=user, entry_ids=entry_ids),
        "is_owner": user.teacher_id == teacher.pk,
        "may_grant": user.role in (Role.CITY_EDU, Role.COUNTY_EDU),
    }
    return render(request, "archive/teacher_archive.html", context)


@login_required
def file_download(request, file_id: int):
    """Stream a file as a download, after the scope check (404 otherwise); each download is audited."""
    user = request.user
    archive_file = selectors.file_for_download(user=user, file_id=file_id)
    grant = selectors.grant_in_use(user=user, teacher=archive_file.entry.teacher)
    with transaction.atomic():
        events.archive_file_downloaded(actor=user, archive_file=archive_file, grant=grant)
    return uploads.upload_response(
        relative=archive_file.storage_name,
        content_type=archive_file.content_type,
        display_name=archive_file.display_name,
    )
