"""The teacher's own archive: add and change entries (with files), submit them, see who read the archive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts.models import Role
from jianfu.archive import selectors
from jianfu.archive.forms import EntryCreateForm, EntryForm, FileForm
from jianfu.archive.services import entries
from jianfu.archive.views import add_service_errors, upload_bytes
from jianfu.audit import events
from jianfu.common import uploads
from jianfu.web.listing import paginate

ACTION_LABELS = {
    "archive.view": "查看电子档案",
    "archive.download": "下载档案附件",
    "teacher.view": "查看教师信息",
}


def _teacher_only(user) -> None:
    if user.role != Role.TEACHER or not user.teacher_id:
        raise PermissionDenied("此页面仅供教师本人使用")


def _content(form) -> dict:
    return {name: form.cleaned_data[name] for name in entries.CONTENT_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    user = request.user
    _teacher_only(user)
    teacher = selectors.archive_holder_by_id(user=user, teacher_id=user.teacher_id)
    form = EntryCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            name, data = upload_bytes(form)
            entries.archive_entry_create(
                actor=user, **_content(form), file_name=name, file_data=data, submit=submit
            )
        except uploads.UploadRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "条目已保存并提交学校审核。" if submit else "条目已保存为草稿。")
            return redirect("archive:mine")
    with transaction.atomic():
        events.archive_viewed(actor=user, teacher=teacher)
    context = {
        "teacher": teacher,
        "sections": selectors.archive_sections(user=user, teacher=teacher),
        "form": form,
        "is_owner": True,
    }
    return render(request, "archive/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry_id: int):
    user = request.user
    _teacher_only(user)
    entry = selectors.entry_editable_by(user=user, entry_id=entry_id)
    initial = {name: getattr(entry, name) for name in entries.CONTENT_FIELDS}
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = entries.archive_entry_update(actor=user, entry_id=entry.pk, **_content(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if saved.pk != entry.pk:
                messages.success(request, "已生成新版本（草稿）；学校审核通过后替换原条目。")
            else:
                messages.success(request, "修改已保存。")
            return redirect("archive:entry_edit", entry_id=saved.pk)
    context = {"entry": entry, "form": form, "file_form": FileForm()}
    return render(request, "archive/entry_form.html", context)


@login_required
@require_POST
def entry_submit(request, entry_id: int):
    try:
        entries.archive_entry_submit(actor=request.user, entry_id=entry_id)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已提交学校审核。")
    return redirect("archive:mine")


@login_required
@require_POST
def file_add(request, entry_id: int):
    user = request.user
    _teacher_only(user)
    entry = selectors.entry_editable_by(user=user, entry_id=entry_id)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            name, data = upload_bytes(form)
            entries.archive_file_add(actor=user, entry_id=entry.pk, file_name=name, file_data=data)
        except uploads.UploadRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "附件已上传。")
            return redirect("archive:entry_edit", entry_id=entry.pk)
    initial = {name: getattr(entry, name) for name in entries.CONTENT_FIELDS}
    context = {"entry": entry, "form": EntryForm(initial=initial), "file_form": form}
    return render(request, "archive/entry_form.html", context)


@login_required
@require_POST
def file_remove(request, file_id: int):
    entry_id = request.POST.get("entry", "")
    entries.archive_file_remove(actor=request.user, file_id=file_id)
    messages.success(request, "附件已删除。")
    if entry_id.isdigit():
        return redirect("archive:entry_edit", entry_id=int(entry_id))
    return redirect("archive:mine")


@login_required
def access_log(request):
    """谁查看了我的档案: who read the archive or the registry record, when, and for what purpose."""
    _teacher_only(request.user)
    page = paginate(request, selectors.access_log(user=request.user))
    for event in page.object_list:
        event.action_label = ACTION_LABELS.get(event.action, event.action)
    return render(request, "archive/access_log.html", {"page": page})
