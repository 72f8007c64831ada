"""The security administrator's services (三员分立, ADR 0009): grant a role with its data scope, lift a lockout;
never on his own account, never a second administrator role to one person, never by another role."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.accounts.services.grants import user_role_grant, user_unlock
from jianfu.audit.models import AuditEvent
from jianfu.registry.models import Teacher
from tests.accounts.administrators import administrator, pending_account, snapshot
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role


def test_the_security_administrator_grants_a_pending_account_a_county_bureau_role(db):
    account = pending_account()

    user_role_grant(
        actor=administrator(Role.SECURITY_ADMIN),
        account=account,
        role=Role.COUNTY_EDU,
        region=region("150222"),
        reason="调任固阳县教育局",
    )

    account.refresh_from_db()
    assert (account.role, account.region.code) == (Role.COUNTY_EDU, "150222")


def test_a_grant_is_audited_with_the_old_and_new_role_and_scope_and_the_reason(db):
    account, security = pending_account(), administrator(Role.SECURITY_ADMIN)

    user_role_grant(
        actor=security, account=account, role=Role.SUPERVISOR, region=region("150222"), reason="督导"
    )

    event = AuditEvent.objects.get(action="account.grant")
    assert (event.actor_id, event.actor_role, event.reason) == (security.pk, "security_admin", "督导")
    assert event.changes == {"region": [None, "150222"], "role": ["pending", "supervisor"]}


def test_a_granted_teacher_account_takes_the_teachers_school_and_region(db):
    teacher = TeacherFactory(school=SchoolFactory(region=region("150203")))
    account = pending_account()

    user_role_grant(
        actor=administrator(Role.SECURITY_ADMIN),
        account=account,
        role=Role.TEACHER,
        teacher=teacher,
        reason="入职",
    )

    account.refresh_from_db()
    assert (account.teacher_id, account.school_id, account.region.code) == (
        teacher.pk,
        teacher.school_id,
        "150203",
    )


def test_the_granted_account_sees_what_its_new_role_sees(db):
    teacher = TeacherFactory(school=SchoolFactory(region=region("150222")))
    account = pending_account()
    assert list(scope.visible_to(account, Teacher)) == []

    user_role_grant(
        actor=administrator(Role.SECURITY_ADMIN),
        account=account,
        role=Role.COUNTY_EDU,
        region=region("150222"),
        reason="调任",
    )

    account.refresh_from_db()
    assert list(scope.visible_to(account, Teacher)) == [teacher]


def test_a_role_that_needs_a_school_is_refused_without_one_naming_the_field(db):
    account = pending_account()
    before = snapshot(account)

    with pytest.raises(ValidationError) as refused:
        user_role_grant(
            actor=administrator(Role.SECURITY_ADMIN), account=account, role=Role.SCHOOL_ADMIN, reason="x"
        )

    assert refused.value.message_dict == {"school": ["学校管理员须选择所属学校"]}
    assert snapshot(account) == before


def test_a_city_bureau_role_on_a_county_region_is_refused(db):
    account = pending_account()
    before = snapshot(account)

    with pytest.raises(ValidationError) as refused:
        user_role_grant(
            actor=administrator(Role.SECURITY_ADMIN),
            account=account,
            role=Role.CITY_EDU,
            region=region("150222"),
            reason="x",
        )

    assert refused.value.message_dict == {"region": ["市教育局须选择市级区域"]}
    assert snapshot(account) == before


def test_a_grant_without_a_reason_is_refused(db):
    account = pending_account()
    before = snapshot(account)

    with pytest.raises(ValidationError) as refused:
        user_role_grant(
            actor=administrator(Role.SECURITY_ADMIN), account=account, role=Role.AUDIT_ADMIN, reason=""
        )

    assert refused.value.message_dict == {"reason": ["请填写授权事由"]}
    assert snapshot(account) == before


def test_an_administrator_role_takes_away_the_accounts_data_scope(db):
    account = user_with_role(Role.COUNTY_EDU, region_code="150222")

    user_role_grant(
        actor=administrator(Role.SECURITY_ADMIN), account=account, role=Role.AUDIT_ADMIN, reason="任命"
    )

    account.refresh_from_db()
    assert (account.role, account.region, account.school, account.teacher) == (
        Role.AUDIT_ADMIN,
        None,
        None,
        None,
    )


def test_the_security_administrator_may_not_grant_a_role_to_himself(db):
    security = administrator(Role.SECURITY_ADMIN)
    before = snapshot(security)

    with pytest.raises(PermissionDenied):
        user_role_grant(
            actor=security, account=security, role=Role.CITY_EDU, region=region("150200"), reason="x"
        )

    assert snapshot(security) == before


@pytest.mark.parametrize(
    ("held", "granted"),
    [
        (Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN),
        (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
        (Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN),
    ],
)
def test_an_account_holding_one_administrator_role_is_refused_another(db, held, granted):
    account = administrator(held)
    before = snapshot(account)

    with pytest.raises(PermissionDenied) as refused:
        user_role_grant(
            actor=administrator(Role.SECURITY_ADMIN), account=account, role=granted, reason="兼任"
        )

    assert str(refused.value) == f"一人只能担任一个管理员角色：该账号已是{Role(held).label}。"
    assert snapshot(account) == before


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.CITY_EDU, Role.PENDING])
def test_no_other_role_may_grant_a_role(db, role):
    actor = administrator(role) if role != Role.CITY_EDU else user_with_role(role)
    account = pending_account()
    before = snapshot(account)

    with pytest.raises(PermissionDenied):
        user_role_grant(
            actor=actor, account=account, role=Role.SUPERVISOR, region=region("150200"), reason="x"
        )

    assert snapshot(account) == before


def test_a_teacher_record_already_tied_to_an_account_is_refused(db):
    holder = user_with_role(Role.TEACHER)
    account = pending_account()
    before = snapshot(account)

    with pytest.raises(ValidationError) as refused:
        user_role_grant(
            actor=administrator(Role.SECURITY_ADMIN),
            account=account,
            role=Role.TEACHER,
            teacher=holder.teacher,
            reason="入职",
        )

    assert refused.value.message_dict == {"teacher": ["该教师档案已对应另一个账号"]}
    assert snapshot(account) == before


def _locked_out(username: str) -> None:
    AccessAttempt.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="", path_info="/accounts/login/",
        attempt_time=timezone.now(), get_data="", post_data="", failures_since_start=5,
    )  # fmt: skip


def test_the_security_administrator_lifts_a_lockout_and_it_is_audited(db):
    account = user_with_role(Role.TEACHER)
    _locked_out(account.username)

    cleared = user_unlock(actor=administrator(Role.SECURITY_ADMIN), account=account)

    assert (cleared, AccessAttempt.objects.filter(username=account.username).count()) == (1, 0)
    assert AuditEvent.objects.get(action="account.unlock").extra == {"attempts_cleared": 1}


def test_the_system_administrator_may_not_lift_a_lockout(db):
    account = user_with_role(Role.TEACHER)
    _locked_out(account.username)

    with pytest.raises(PermissionDenied):
        user_unlock(actor=administrator(Role.SYSTEM_ADMIN), account=account)

    assert AccessAttempt.objects.filter(username=account.username).count() == 1
    assert not AuditEvent.objects.filter(action="account.unlock").exists()
