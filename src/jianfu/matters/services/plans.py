"""Annual plans of inspections (measure 1): a bureau opens the year's plan, departments file (报备) entries,
the bureau publishes the plan. Inspections that carry out an entry are in the plan; the rest are marked 计划外."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.matters.models import AnnualPlan, PlanEntry

BUREAUS = (Role.CITY_EDU, Role.COUNTY_EDU)


def _bureau_region(actor):
    if actor.role not in BUREAUS or actor.region_id is None:
        raise PermissionDenied("只有教育局可以开启或公布年度计划")
    return actor.region


def plan_open(*, actor, year: int, window_closes_on: dt.date | None = None) -> AnnualPlan:
    region = _bureau_region(actor)
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(
                year=year, region=region, window_closes_on=window_closes_on, opened_by=actor
            )
            events.object_created(actor=actor, obj=plan, values={"year": year, "region": region.code})
    except IntegrityError:
        raise ValidationError({"year": f"{region.name}{year}年度计划已开启"}) from None
    return plan


def plan_entry_file(
    *, actor, plan_id: int, title: str, planned_month: int, description: str = "", comprehensive: bool = False
) -> PlanEntry:
    department = actor.department
    if department is None or actor.role not in (Role.DEPARTMENT, *BUREAUS):
        raise PermissionDenied("只有部门账号可以报备计划")
    with transaction.atomic():
        plan = (
            AnnualPlan.objects.select_for_update().filter(pk=plan_id, region_id=department.region_id).first()
        )
        if plan is None:
            raise ValidationError({"plan": "本部门所在区域没有该年度计划"})
        if plan.status != AnnualPlan.Status.OPEN:
            raise ValidationError({"plan": "该年度计划已公布，不再接受报备"})
        if plan.window_closes_on and timezone.localdate() > plan.window_closes_on:
            raise ValidationError({"plan": f"报备已于{plan.window_closes_on}截止"})
        if not title.strip() or not 1 <= int(planned_month) <= 12:
            raise ValidationError({"title": "请填写事项名称和计划月份（1至12）"})
        entry = PlanEntry.objects.create(
            plan=plan,
            department=department,
            title=title.strip(),
            description=description.strip(),
            planned_month=int(planned_month),
            comprehensive=comprehensive,
            filed_by=actor,
        )
        events.object_created(
            actor=actor,
            obj=entry,
            values={"plan": plan.pk, "title": entry.title, "month": entry.planned_month},
        )
    return entry


def plan_publish(*, actor, plan_id: int) -> AnnualPlan:
    region = _bureau_region(actor)
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().filter(pk=plan_id, region=region).first()
        if plan is None:
            raise ValidationError({"plan": "没有该年度计划"})
        if plan.status == AnnualPlan.Status.PUBLISHED:
            return plan
        old = {"status": plan.status}
        plan.status = AnnualPlan.Status.PUBLISHED
        plan.published_by, plan.published_at = actor, timezone.now()
        plan.save()
        events.object_changed(actor=actor, obj=plan, old=old, new={"status": plan.status})
    return plan
