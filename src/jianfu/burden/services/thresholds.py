"""Workload thresholds of a year (WorkloadSetting): the city's bureau sets the city's, a county's may override them.

Like the quota settings (matters/services/limits.py): each change is audited with its old and new values, and a
county may drop its override. A change recounts the schools' warning counters in the same transaction, so every
dashboard shows the new thresholds at once.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import rollups, workload
from jianfu.burden.models import WorkloadSetting
from jianfu.matters.services.plans import MAX_YEAR, MIN_YEAR
from jianfu.registry.models import Region

# field -> (label, smallest, largest, decimal places)
THRESHOLD_FIELDS: dict[str, tuple[str, Decimal, Decimal, int]] = {
    "lesson_minutes": ("每课时分钟数", Decimal(30), Decimal(60), 0),
    "weekly_nonteaching_hours": ("教师每周非教学工作小时上限", Decimal(0), Decimal(60), 1),
    "monthly_nonteaching_hours": ("教师每月非教学工作小时上限", Decimal(0), Decimal(240), 1),
}
_LEVEL_OF_ROLE = {Role.CITY_EDU: "city", Role.COUNTY_EDU: "county"}


def values_of(setting: WorkloadSetting) -> dict[str, str]:
    return {field: str(getattr(setting, field)) for field in THRESHOLD_FIELDS}


def threshold_region(*, actor) -> Region:
    """The region whose thresholds the actor changes; PermissionDenied for anyone but a bureau of its level."""
    region = actor.region if actor.role in _LEVEL_OF_ROLE else None
    if region is None or region.level != _LEVEL_OF_ROLE[actor.role]:
        raise PermissionDenied("只有市、旗县区教育局可以设置本级的工作量预警线")
    return region


def _clean_year(year: Any) -> int:
    text = str(year).strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ValidationError({"year": f"年度应在{MIN_YEAR}至{MAX_YEAR}之间"})
    return int(text)


def _clean_values(values: dict[str, Any]) -> dict[str, Decimal | int]:
    cleaned, errors = {}, {}
    for field, (label, smallest, largest, places) in THRESHOLD_FIELDS.items():
        try:
            number = Decimal(str(values.get(field, "")).strip())
        except InvalidOperation:
            number = None
        step = Decimal(1).scaleb(-places)
        if number is None or not number.is_finite() or not smallest <= number <= largest or number % step:
            unit = "整数" if places == 0 else f"数（最多{places}位小数）"
            errors[field] = f"{label}应为{smallest}至{largest}之间的{unit}"
        else:
            cleaned[field] = int(number) if places == 0 else number.quantize(step)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _recount(*, region: Region, year: int) -> None:
    counties = [region.pk] if region.level == "county" else list(region.children.values_list("pk", flat=True))
    rollups.warnings_recount(year=year, region_ids=counties)


def workload_setting_save(*, actor, year: Any, values: dict[str, Any], reason: str = "") -> WorkloadSetting:
    """Create or change the actor's own region's thresholds for `year` and recount the warnings they drive."""
    region = threshold_region(actor=actor)
    year = _clean_year(year)
    new = _clean_values(values)
    try:
        with transaction.atomic():
            setting = scope.editable_by(actor, WorkloadSetting).select_for_update().filter(year=year).first()
            if setting is None:
                setting = WorkloadSetting.objects.create(year=year, region=region, **new)
                events.object_created(
                    actor=actor,
                    obj=setting,
                    values={"year": year, "region": region.code, **{k: str(v) for k, v in new.items()}},
                    reason=reason,
                )
            else:
                old = values_of(setting)
                for field, value in new.items():
                    setattr(setting, field, value)
                setting.save(update_fields=list(new))
                events.object_changed(
                    actor=actor, obj=setting, old=old, new={k: str(v) for k, v in new.items()}, reason=reason
                )
            _recount(region=region, year=year)
    except IntegrityError:  # another save created the row meanwhile
        raise ValidationError({"year": "该年度设置刚被他人修改，请刷新后重试"}) from None
    return setting


def workload_setting_reset(*, actor, year: Any) -> WorkloadSetting:
    """Drop a county's own thresholds for `year`: the city's apply again (and the warnings are recounted)."""
    region = threshold_region(actor=actor)
    if region.level != "county":
        raise PermissionDenied("市级预警线是全市的默认值，不能删除，只能修改")
    year = _clean_year(year)
    with transaction.atomic():
        setting = scope.editable_by(actor, WorkloadSetting).select_for_update().filter(year=year).first()
        if setting is None:
            raise ValidationError({"year": "本旗县区该年度没有单独设置"})
        events.object_deleted(
            actor=actor, obj=setting, values={"year": year, "region": region.code, **values_of(setting)}
        )
        setting.delete()
        _recount(region=region, year=year)
    return workload.setting_for(year=year, region=region)
