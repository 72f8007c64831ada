"""Writes of collect once, use many times (measures 15-17); each runs in one transaction with its audit rows.

`data_request_fulfil` runs inside the final approval of a data request (matters.services.decisions): fields the
registry holds are delivered from it with no teacher involved; only fields not yet held for a teacher become
that teacher's minimal form (FieldTask). `field_task_answer` saves a teacher's answers into the registry
(TeacherFieldValue), where they serve every later request.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.datahub.dictionary import TEACHERS, normalise
from jianfu.datahub.models import CollectedField, DataDelivery, DeliveryTally, FieldTask, TeacherFieldValue
from jianfu.datahub.selectors.deliveries import request_teachers
from jianfu.datahub.selectors.fields import NEW, fields_classify
from jianfu.matters.models import Kind, Matter

MAX_VALUE_LENGTH = 200
_BATCH = 1000


@dataclass
class _Tally:
    region_id: int
    people: int = 0
    served: int = 0
    asked: int = 0
    teachers: list = field(default_factory=list)


def _request_fields(matter: Matter) -> tuple[list[dict], int, list[CollectedField]]:
    """The request's fields as delivered: registry columns (counted), and collected fields in request order
    (new ones created now, first requested by this Matter)."""
    marks = fields_classify(fields=matter.payload.get("fields") or [], population=TEACHERS)
    known = {
        f.pk: f
        for f in CollectedField.objects.filter(pk__in=[m.collected_id for m in marks if m.collected_id])
    }
    items, registry_count, collected = [], 0, []
    for mark in marks:
        item = mark.as_dict()
        if mark.status == NEW:
            new, _ = CollectedField.objects.get_or_create(
                key=normalise(mark.requested)[:100],
                defaults={"label": mark.requested[:100], "first_request": matter},
            )
            collected.append(new)
            item.update(code=new.code, label=new.label)
        elif mark.collected_id is not None:
            collected.append(known[mark.collected_id])
        else:
            registry_count += 1
        items.append(item)
    return items, registry_count, collected


def data_request_fulfil(*, actor, matter: Matter) -> DataDelivery | None:
    """Deliver an approved teacher data request from the registry and issue forms only for what is missing.
    Student requests go through the student registry's authorised export (measure 16), not through forms."""
    if matter.kind != Kind.DATA_REQUEST or (matter.payload.get("population") or TEACHERS) != TEACHERS:
        return None
    with transaction.atomic():
        existing = DataDelivery.objects.filter(matter=matter).first()
        if existing is not None:
            return existing
        items, registry_count, collected = _request_fields(matter)
        day = timezone.localdate(matter.decided_at) if matter.decided_at else timezone.localdate()
        delivery = DataDelivery.objects.create(
            matter=matter, population=TEACHERS, fields=items, year=day.year
        )
        teachers = list(request_teachers(matter=matter).values_list("pk", "school_id"))
        held = set(
            TeacherFieldValue.objects.filter(
                teacher__in=request_teachers(matter=matter).values("pk"), field__in=collected
            ).values_list("teacher_id", "field_id")
        )
        tallies = {school.pk: _Tally(school.region_id) for school in matter.schools.all()}
        tasks: list[tuple[FieldTask, list[CollectedField]]] = []
        for teacher_id, school_id in teachers:
            missing = [f for f in collected if (teacher_id, f.pk) not in held]
            tally = tallies[school_id]
            tally.people += 1
            tally.served += registry_count + len(collected) - len(missing)
            tally.asked += len(missing)
            if missing:
                tasks.append(
                    (FieldTask(delivery=delivery, teacher_id=teacher_id, school_id=school_id), missing)
                )
        FieldTask.objects.bulk_create([task for task, _ in tasks], batch_size=_BATCH)
        through = FieldTask.fields.through
        through.objects.bulk_create(
            [through(fieldtask_id=task.pk, collectedfield_id=f.pk) for task, fields in tasks for f in fields],
            batch_size=_BATCH,
        )
        DeliveryTally.objects.bulk_create(
            [
                DeliveryTally(
                    delivery=delivery,
                    school_id=school_id,
                    region_id=tally.region_id,
                    year=delivery.year,
                    people=tally.people,
                    served=tally.served,
                    asked=tally.asked,
                )
                for school_id, tally in tallies.items()
            ]
        )
        delivery.people = sum(t.people for t in tallies.values())
        delivery.served = sum(t.served for t in tallies.values())
        delivery.asked = sum(t.asked for t in tallies.values())
        delivery.save(update_fields=["people", "served", "asked"])
        events.data_request_fulfilled(actor=actor, delivery=delivery, tasks=len(tasks))
    return delivery


def _cleaned(fields: list[CollectedField], answers: Mapping[str, str]) -> dict[int, str]:
    cleaned, errors = {}, {}
    for item in fields:
        value = str(answers.get(str(item.pk)) or "").strip()
        if len(value) > MAX_VALUE_LENGTH:
            errors[f"field-{item.pk}"] = f"“{item.label}”不能超过{MAX_VALUE_LENGTH}字"
        elif value:
            cleaned[item.pk] = value
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"task": "请至少填写一项"})
    return cleaned


def field_task_answer(*, actor, task_id: int, answers: Mapping[str, str]) -> FieldTask:
    """A teacher saves answers (by field id) to their form: each joins the registry (TeacherFieldValue). The form
    is done once every field has a value; the teacher's other open forms that the answers complete close too."""
    with transaction.atomic():
        task = scope.access_by_id(actor, FieldTask, task_id, for_change=True)
        task = (
            FieldTask.objects.select_for_update(of=("self",))
            .select_related("delivery", "teacher")
            .get(pk=task.pk)
        )
        if task.status == FieldTask.Status.DONE:
            raise ValidationError({"task": "该表单已填写完成"})
        fields = list(task.fields.order_by("pk"))
        cleaned = _cleaned(fields, answers)
        now = timezone.now()
        current = {
            value.field_id: value
            for value in TeacherFieldValue.objects.select_for_update().filter(
                teacher_id=task.teacher_id, field_id__in=cleaned
            )
        }
        added = []
        for field_id, value in cleaned.items():
            row = current.get(field_id)
            if row is None:
                TeacherFieldValue.objects.create(
                    teacher_id=task.teacher_id,
                    field_id=field_id,
                    value=value,
                    collected_by_request_id=task.delivery.matter_id,
                    updated_at=now,
                )
                added.append(field_id)
            elif row.value != value:
                row.value, row.updated_at = value, now
                row.save(update_fields=["value", "updated_at"])
        touched = _tasks_touched(task, added)
        if task not in touched:
            touched.insert(0, task)
        for form in touched:
            answered = list(cleaned) if form == task else None
            _settle(actor=actor, task=form, added=added, now=now, answered=answered)
        task.refresh_from_db()
    return task


def _tasks_touched(task: FieldTask, added: list[int]) -> list[FieldTask]:
    """The teacher's open forms asking for a field that just got its first value (this one included)."""
    if not added:
        return []
    asking = FieldTask.fields.through.objects.filter(collectedfield_id__in=added).values("fieldtask_id")
    return list(
        FieldTask.objects.select_for_update()
        .filter(teacher_id=task.teacher_id, status=FieldTask.Status.OPEN, pk__in=asking)
        .order_by("pk")
    )


def _settle(*, actor, task: FieldTask, added: list[int], now, answered: list[int] | None) -> None:
    """Count the newly answered entries on the form's tally, and close it if nothing is missing any more."""
    asked = set(task.fields.values_list("pk", flat=True))
    newly = len(asked & set(added))
    if newly:
        DeliveryTally.objects.filter(delivery_id=task.delivery_id, school_id=task.school_id).update(
            answered=F("answered") + newly
        )
    have = set(
        TeacherFieldValue.objects.filter(teacher_id=task.teacher_id, field_id__in=asked).values_list(
            "field_id", flat=True
        )
    )
    completed = have >= asked
    if completed:
        task.status, task.completed_at = FieldTask.Status.DONE, now
        task.save(update_fields=["status", "completed_at"])
    events.field_values_answered(
        actor=actor,
        task=task,
        field_ids=answered if answered is not None else sorted(asked & set(added)),
        completed=completed,
    )
