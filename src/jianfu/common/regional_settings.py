"""A year's settings per region: the city's bureau sets the city's row, a county's bureau may override it for its
county and drop the override again (quota settings, workload thresholds). Every change is audited with its old
and new values, in the transaction that makes it; `after` runs in that transaction too (e.g. a recount).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.matters.services.plans import MAX_YEAR, MIN_YEAR
from jianfu.registry.models import Region

_LEVEL_OF_ROLE = {Role.CITY_EDU: "city", Role.COUNTY_EDU: "county"}


def bureau_region(*, actor, refusal: str) -> Region:
    """The region whose settings the actor changes; PermissionDenied (with `refusal`) for anyone but a bureau of
    its own level."""
    region = actor.region if actor.role in _LEVEL_OF_ROLE else None
    if region is None or region.level != _LEVEL_OF_ROLE[actor.role]:
        raise PermissionDenied(refusal)
    return region


def clean_year(year: Any) -> int:
    text = str(year).strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ValidationError({"year": f"年度应在{MIN_YEAR}至{MAX_YEAR}之间"})
    return int(text)


def regional_setting_save(
    *,
    actor,
    model: type[models.Model],
    region: Region,
    year: int,
    new: dict[str, Any],
    audited: Callable[[dict], dict],
    reason: str = "",
    after: Callable[[], None] | None = None,
) -> models.Model:
    """Create or change the actor's own region's row for `year` with the cleaned values `new`; `audited(values)`
    gives the values as the audit row records them."""
    try:
        with transaction.atomic():
            setting = scope.editable_by(actor, model).select_for_update().filter(year=year).first()
            if setting is None:
                setting = model.objects.create(year=year, region=region, **new)
                events.object_created(
                    actor=actor,
                    obj=setting,
                    values={"year": year, "region": region.code, **audited(new)},
                    reason=reason,
                )
            else:
                old = audited({field: getattr(setting, field) for field in new})
                for field, value in new.items():
                    setattr(setting, field, value)
                setting.save(update_fields=list(new))
                events.object_changed(actor=actor, obj=setting, old=old, new=audited(new), reason=reason)
            if after is not None:
                after()
    except IntegrityError:  # another save created the row meanwhile
        raise ValidationError({"year": "该年度设置刚被他人修改，请刷新后重试"}) from None
    return setting


def regional_setting_reset(
    *,
    actor,
    model: type[models.Model],
    region: Region,
    year: Any,
    fields: list[str],
    audited: Callable[[dict], dict],
    refusal: str,
    after: Callable[[], None] | None = None,
) -> int:
    """Drop a county's own row for `year` (the city's applies again; the city's row can only be changed);
    answers with the year, checked."""
    if region.level != "county":
        raise PermissionDenied(refusal)
    year = clean_year(year)
    with transaction.atomic():
        setting = scope.editable_by(actor, model).select_for_update().filter(year=year).first()
        if setting is None:
            raise ValidationError({"year": "本旗县区该年度没有单独设置"})
        values = audited({field: getattr(setting, field) for field in fields})
        events.object_deleted(
            actor=actor, obj=setting, values={"year": year, "region": region.code, **values}
        )
        setting.delete()
        if after is not None:
            after()
    return year
