"""Bureaus grant departments time-limited, purpose-bound reading of verified archives; and revoke the grants."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.archive.models import ArchiveAccessGrant
from jianfu.audit import events
from jianfu.registry.models import Department, School, Teacher

GRANT_MAX_DAYS = 366
PURPOSE_MAX = 200
GRANTORS = (Role.CITY_EDU, Role.COUNTY_EDU)


def grantable_departments():
    """Departments that may hold a grant: those outside education, which otherwise see no teacher's data."""
    return Department.objects.filter(kind=Department.Kind.OTHER)


def _end_of(day: dt.date) -> dt.datetime:
    """A grant valid through `day` ends at the following local midnight."""
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


def archive_grant_create(
    *,
    actor,
    department_id: int | None,
    purpose: str,
    expires_on: dt.date | None,
    teacher_id: int | None = None,
    school_ids: Iterable[int] = (),
) -> ArchiveAccessGrant:
    """Let a department read the verified archives of one teacher, or of the teachers of some schools, of the
    bureau's area, for `purpose`, through `expires_on` (at most a year ahead)."""
    if actor.role not in GRANTORS or actor.region_id is None:
        raise PermissionDenied("只有教育局可以授权部门查阅教师档案")
    errors: dict[str, str] = {}
    department = grantable_departments().filter(pk=department_id).first() if department_id else None
    if department is None:
        errors["department"] = "请选择获授权的部门（教育系统以外的部门）"
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = "请写明查阅用途"
    elif len(purpose) > PURPOSE_MAX:
        errors["purpose"] = f"用途不能超过{PURPOSE_MAX}字"
    today = timezone.localdate()
    if expires_on is None or not today <= expires_on <= today + dt.timedelta(days=GRANT_MAX_DAYS - 1):
        errors["expires_on"] = "有效期须从今天起、不超过一年"
    school_ids = sorted({int(pk) for pk in school_ids})
    teacher = None
    schools: list[School] = []
    if (teacher_id is None) == (not school_ids):
        errors["target"] = "请指定一名教师或至少一所学校（二者选一）"
    elif teacher_id is not None:
        teacher = scope.visible_to(actor, Teacher).filter(pk=teacher_id).first()
        if teacher is None:
            errors["target"] = "该教师不在本局管辖范围内"
    else:
        schools = list(scope.visible_to(actor, School).filter(pk__in=school_ids))
        if len(schools) != len(school_ids):
            errors["target"] = "所选学校不在本局管辖范围内"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant = ArchiveAccessGrant.objects.create(
            department=department,
            teacher=teacher,
            purpose=purpose,
            expires_at=_end_of(expires_on),
            region=actor.region,
            granted_by=actor,
        )
        grant.schools.set(schools)
        events.archive_grant_created(actor=actor, grant=grant, schools=schools)
    return grant


def archive_grant_revoke(*, actor, grant_id: int) -> ArchiveAccessGrant:
    with transaction.atomic():
        grant = (
            scope.editable_by(actor, ArchiveAccessGrant)
            .select_for_update(of=("self",))
            .filter(pk=grant_id)
            .first()
        )
        if grant is None:
            raise Http404
        if grant.revoked_at is not None:
            raise ValidationError("该授权已经撤销")
        grant.revoked_at, grant.revoked_by = timezone.now(), actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        events.archive_grant_revoked(actor=actor, grant=grant)
    return grant
