"""Reads of teachers' data-request forms."""

from dataclasses import dataclass

from django.db.models import QuerySet

from jianfu.accounts import scope
from jianfu.datahub.models import CollectedField, FieldTask, TeacherFieldValue


def tasks_visible_to(*, user, status: str = "") -> QuerySet[FieldTask]:
    tasks = scope.visible_to(user, FieldTask).select_related(
        "delivery__matter__organizer", "teacher", "school"
    )
    if status:
        tasks = tasks.filter(status=status)
    return tasks.order_by("status", "-created_at", "-id")


def access_task_by_id(*, user, task_id) -> FieldTask:
    task = scope.access_by_id(user, FieldTask, task_id)
    return FieldTask.objects.select_related("delivery__matter__organizer", "teacher", "school").get(
        pk=task.pk
    )


@dataclass(frozen=True)
class TaskField:
    field: CollectedField
    value: str


def task_fields(*, task: FieldTask) -> list[TaskField]:
    """The task's fields with what the teacher has already given (possibly through another request's form)."""
    fields = list(task.fields.order_by("pk"))
    values = dict(
        TeacherFieldValue.objects.filter(teacher_id=task.teacher_id, field__in=fields).values_list(
            "field_id", "value"
        )
    )
    return [TaskField(field, values.get(field.pk, "")) for field in fields]
