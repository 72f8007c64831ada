"""Workload thresholds of a year (WorkloadSetting): the city's bureau sets the city's, a county's may override them.

Like the quota settings (matters/services/limits.py): each change is audited with its old and new values, and a
county may drop its override. A change recounts the schools' warning counters in the same transaction, so every
dashboard shows the new thresholds at once.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from jianfu.burden import rollups, workload
from jianfu.burden.models import WorkloadSetting
from jianfu.common.regional_settings import (
    bureau_region,
    clean_year,
    regional_setting_reset,
    regional_setting_save,
)
from jianfu.registry.models import Region

# field -> (label, smallest, largest, decimal places)
THRESHOLD_FIELDS: dict[str, tuple[str, Decimal, Decimal, int]] = {
    "lesson_minutes": ("每课时分钟数", Decimal(30), Decimal(60), 0),
    "weekly_nonteaching_hours": ("教师每周非教学工作小时上限", Decimal(0), Decimal(60), 1),
    "monthly_nonteaching_hours": ("教师每月非教学工作小时上限", Decimal(0), Decimal(240), 1),
}


def values_of(setting: WorkloadSetting) -> dict[str, str]:
    return _audited({field: getattr(setting, field) for field in THRESHOLD_FIELDS})


def threshold_region(*, actor) -> Region:
    """The region whose thresholds the actor changes; PermissionDenied for anyone but a bureau of its level."""
    return bureau_region(actor=actor, refusal="只有市、旗县区教育局可以设置本级的工作量预警线")


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


def _audited(values: dict) -> dict[str, str]:
    return {field: str(value) for field, value in values.items()}


def workload_setting_save(*, actor, year: Any, values: dict[str, Any], reason: str = "") -> WorkloadSetting:
    """Create or change the actor's own region's thresholds for `year` and recount the warnings they drive."""
    region = threshold_region(actor=actor)
    year = clean_year(year)
    new = _clean_values(values)
    return regional_setting_save(
        actor=actor,
        model=WorkloadSetting,
        region=region,
        year=year,
        new=new,
        audited=_audited,
        reason=reason,
        after=lambda: _recount(region=region, year=year),
    )


def workload_setting_reset(*, actor, year: Any) -> WorkloadSetting:
    """Drop a county's own thresholds for `year`: the city's apply again (and the warnings are recounted)."""
    region = threshold_region(actor=actor)
    checked = regional_setting_reset(
        actor=actor,
        model=WorkloadSetting,
        region=region,
        year=year,
        fields=list(THRESHOLD_FIELDS),
        audited=_audited,
        refusal="市级预警线是全市的默认值，不能删除，只能修改",
        after=lambda: _recount(region=region, year=clean_year(year)),
    )
    return workload.setting_for(year=checked, region=region)
