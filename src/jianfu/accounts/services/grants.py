"""The security administrator's writes (三员分立, ADR 0009): grant or change an account's role and data scope,
and lift a lockout. Never on his own account, and never one administrator role to the holder of another."""

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.accounts.models import ADMINISTRATORS, Role, User
from jianfu.accounts.services._common import account_values, require_role
from jianfu.audit import events
from jianfu.registry.models import Department, Region, School, Teacher

REASON_MAX = 200


def _scope_for(
    role: str,
    *,
    region: Region | None,
    department: Department | None,
    school: School | None,
    teacher: Teacher | None,
) -> dict:
    """The organisation fields the role needs, checked; the others cleared. The administrators and a pending
    account hold no organisation: they see no business data at all."""
    errors: dict[str, str] = {}
    scope = {"region": None, "department": None, "school": None, "teacher": None}
    if role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.PARTY, Role.SUPERVISOR):
        level = {Role.CITY_EDU: "city", Role.COUNTY_EDU: "county"}.get(role)
        if region is None:
            errors["region"] = "该角色须选择所属区域"
        elif level and region.level != level:
            errors["region"] = "市教育局须选择市级区域" if level == "city" else "旗县区教育局须选择旗县区"
        if department is not None and region is not None and department.region_id != region.pk:
            errors["department"] = "部门不在所选区域内"
        scope.update(region=region, department=department)
    elif role == Role.DEPARTMENT:
        if department is None:
            errors["department"] = "其他部门角色须选择所属部门"
        else:
            scope.update(region=department.region, department=department)
    elif role == Role.SCHOOL_ADMIN:
        if school is None:
            errors["school"] = "学校管理员须选择所属学校"
        else:
            scope.update(region=school.region, school=school)
    elif role == Role.TEACHER:
        if teacher is None:
            errors["teacher"] = "教师角色须选择对应的教师档案"
        else:
            scope.update(region=teacher.school.region, school=teacher.school, teacher=teacher)
    elif role not in ADMINISTRATORS and role != Role.PENDING:
        errors["role"] = "请选择角色"
    if errors:
        raise ValidationError(errors)
    return scope


def user_role_grant(
    *,
    actor: User,
    account: User,
    role: str,
    region: Region | None = None,
    department: Department | None = None,
    school: School | None = None,
    teacher: Teacher | None = None,
    reason: str = "",
) -> User:
    """Give the account `role` with the data scope the role needs (or take it back: 待授权)."""
    require_role(actor, Role.SECURITY_ADMIN, account=account)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "请填写授权事由"
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"事由不能超过{REASON_MAX}字"
    if role not in Role.values:
        errors["role"] = "请选择角色"
    if errors:
        raise ValidationError(errors)
    scope = _scope_for(role, region=region, department=department, school=school, teacher=teacher)
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=account.pk)
        if account.role in ADMINISTRATORS and role in ADMINISTRATORS and role != account.role:
            raise PermissionDenied("一人只能担任一个管理员角色：该账号已是" + Role(account.role).label + "。")
        if teacher is not None and User.objects.filter(teacher=teacher).exclude(pk=account.pk).exists():
            raise ValidationError({"teacher": "该教师档案已对应另一个账号"})
        old = account_values(account)
        account.role = role
        for field, value in scope.items():
            setattr(account, field, value)
        account.save(update_fields=["role", *scope])
        events.account_changed(
            actor=actor,
            account=account,
            action="account.grant",
            old=old,
            new=account_values(account),
            reason=reason,
        )
    return account


def user_unlock(*, actor: User, account: User) -> int:
    """Lift the login lockout of the account (django-axes' failed attempts); returns the attempts cleared."""
    require_role(actor, Role.SECURITY_ADMIN, account=account)
    with transaction.atomic():
        cleared = axes_reset(username=account.username)
        events.account_unlocked(actor=actor, account=account, attempts_cleared=cleared)
    return cleared
