"""Teachers' side: the minimal forms of data requests (only the fields the registry does not hold yet)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jianfu.accounts.models import Role
from jianfu.datahub import services
from jianfu.datahub.models import FieldTask
from jianfu.datahub.selectors import tasks as selectors
from jianfu.web.listing import paginate

FIELD_PREFIX = "field-"


@login_required
def task_list(request):
    # Open tasks first, then the done ones, PAGE_SIZE at a time (a school's admin sees every teacher's).
    page = paginate(
        request, selectors.tasks_visible_to(user=request.user).order_by("-status", "-created_at", "-id")
    )
    tasks = page.object_list
    context = {
        "page": page,
        "open_tasks": [task for task in tasks if task.status == FieldTask.Status.OPEN],
        "done_tasks": [task for task in tasks if task.status == FieldTask.Status.DONE],
        "is_teacher": request.user.role == Role.TEACHER,
    }
    return render(request, "datahub/tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_form(request, task_id: int):
    task = selectors.access_task_by_id(user=request.user, task_id=task_id)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = {
            key.removeprefix(FIELD_PREFIX): value
            for key, value in request.POST.items()
            if key.startswith(FIELD_PREFIX)
        }
        try:
            task = services.field_task_answer(actor=request.user, task_id=task.pk, answers=posted)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            if task.status == FieldTask.Status.DONE:
                messages.success(
                    request, "已提交。您的填写已存入信息库，以后的数据需求不会再向您询问这些内容。"
                )
                return redirect("datahub:tasks")
            missing = sum(1 for item in selectors.task_fields(task=task) if not item.value)
            messages.success(request, f"已保存，还有{missing}项未填写。")
            return redirect("datahub:task", task_id=task.pk)
    items = selectors.task_fields(task=task)
    rows = [
        {
            "field": item.field,
            "value": posted.get(str(item.field.pk), item.value),
            "error": " ".join(errors.get(f"{FIELD_PREFIX}{item.field.pk}", [])),
        }
        for item in items
    ]
    context = {
        "task": task,
        "rows": rows,
        "errors": [message for key, values in errors.items() for message in values if key == "task"],
        "has_errors": bool(errors),
        "editable": task.status == FieldTask.Status.OPEN and task.teacher_id == request.user.teacher_id,
    }
    return render(request, "datahub/task_form.html", context)
