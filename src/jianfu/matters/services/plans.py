"""Annual plans of inspections (measure 1): a bureau opens the year's plan, departments file (报备) entries,
the bureau publishes the plan. Inspections that carry out an entry are in the plan; the rest are marked 计划外."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.matters.models import AnnualPlan, PlanEntry

BUREAUS = (Role.CITY_EDU, Role.COUNTY_EDU)
MIN_YEAR, MAX_YEAR = 2020, 2100


def _bureau_region(actor):
    if actor.role not in BUREAUS or actor.region_id is None:
        raise PermissionDenied("只有教育局可以开启或公布年度计划")
    return actor.region


def plan_open(*, actor, year: int, window_closes_on: dt.date | None = None) -> AnnualPlan:
    region = _bureau_region(actor)
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError({"year": f"年度应在{MIN_YEAR}至{MAX_YEAR}之间"})
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(
                year=year, region=region, window_closes_on=window_closes_on, opened_by=actor
            )
            events.object_created(actor=actor, obj=plan, values={"year": year, "region": region.code})
    except IntegrityError:
        raise ValidationError({"year": f"{region.name}{year}年度计划已开启"}) from None
    return plan


def filing_department(*, actor):
    """The department an actor files plan entries for; PermissionDenied for roles that do not file."""
    department = actor.department if actor.role in (Role.DEPARTMENT, *BUREAUS) else None
    if department is None:
        raise PermissionDenied("只有部门账号可以报备计划")
    return department


def plan_entry_file(
    *, actor, plan_id: int, title: str, planned_month: int, description: str = "", comprehensive: bool = False
) -> PlanEntry:
    """File a planned inspection into the open plan of the department's own region. A plan the actor cannot see
    is 404; a visible one the actor may not file into is 403 (no department) or refused (another region's)."""
    with transaction.atomic():
        plan = scope.access_by_id(actor, AnnualPlan, plan_id)
        department = filing_department(actor=actor)
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.region_id != department.region_id:
            raise ValidationError({"plan": "本部门所在区域没有该年度计划"})
        if plan.status != AnnualPlan.Status.OPEN:
            raise ValidationError({"plan": "该年度计划已公布，不再接受报备"})
        if plan.window_closes_on and timezone.localdate() > plan.window_closes_on:
            raise ValidationError({"plan": f"报备已于{plan.window_closes_on}截止"})
        month = int(planned_month) if str(planned_month).strip().isdigit() else 0
        if not title.strip() or not 1 <= month <= 12:
            raise ValidationError({"title": "请填写事项名称和计划月份（1至12）"})
        entry = PlanEntry.objects.create(
            plan=plan,
            department=department,
            title=title.strip(),
            description=description.strip(),
            planned_month=month,
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
    """Only the bureau of the plan's own region publishes it; for anyone else the plan is 404 here."""
    with transaction.atomic():
        plan = scope.access_by_id(actor, AnnualPlan, plan_id, for_change=True)
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == AnnualPlan.Status.PUBLISHED:
            return plan
        old = {"status": plan.status}
        plan.status = AnnualPlan.Status.PUBLISHED
        plan.published_by, plan.published_at = actor, timezone.now()
        plan.save()
        events.object_changed(actor=actor, obj=plan, old=old, new={"status": plan.status})
    return plan
