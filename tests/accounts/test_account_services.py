"""The system administrator's account services (三员分立, ADR 0009): create without a role, disable, enable,
reset a password; each audited in its own transaction, each refused to every other role and on one's own account."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.accounts.models import PasswordHistory, Role, User
from jianfu.accounts.passwords import character_classes
from jianfu.accounts.services.users import user_create, user_password_reset, user_set_active
from jianfu.audit.models import AuditEvent
from tests.accounts.administrators import administrator, snapshot
from tests.factories import SchoolFactory, region, user_with_role


def test_the_system_administrator_creates_an_account_without_a_role(db):
    admin = administrator(Role.SYSTEM_ADMIN)

    account, _ = user_create(actor=admin, username="wang.li", display_name="王丽", region=region("150222"))

    account.refresh_from_db()
    assert (account.username, account.display_name, account.role, account.region.code) == (
        "wang.li",
        "王丽",
        Role.PENDING,
        "150222",
    )


def test_a_new_account_gets_a_temporary_password_it_must_change_at_the_first_login(db):
    admin = administrator(Role.SYSTEM_ADMIN)

    account, password = user_create(actor=admin, username="wang.li", display_name="王丽")

    account.refresh_from_db()
    assert account.check_password(password)
    assert account.must_change_password is True
    assert (len(password), character_classes(password)) == (16, 4)


def test_creating_an_account_writes_its_audit_row_with_the_new_values(db):
    admin = administrator(Role.SYSTEM_ADMIN)

    account, _ = user_create(actor=admin, username="wang.li", display_name="王丽", school=SchoolFactory())

    event = AuditEvent.objects.get(action="account.create")
    assert (event.actor_id, event.actor_role, event.object_id) == (admin.pk, "system_admin", str(account.pk))
    assert event.changes["role"] == [None, "pending"]
    assert event.changes["school"] == [None, account.school_id]
    assert "password" not in event.changes


def test_an_account_of_a_school_takes_the_schools_region(db):
    school = SchoolFactory(region=region("150203"))

    account, _ = user_create(
        actor=administrator(), username="school-x", display_name="学校管理员", school=school
    )

    assert account.region.code == "150203"


@pytest.mark.parametrize("role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.CITY_EDU, Role.PENDING])
def test_no_other_role_may_create_an_account(db, role):
    actor = administrator(role) if role != Role.CITY_EDU else user_with_role(role)
    before = (User.objects.count(), AuditEvent.objects.count())

    with pytest.raises(PermissionDenied):
        user_create(actor=actor, username="wang.li", display_name="王丽")

    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_a_username_already_taken_is_refused_naming_the_field(db):
    admin = administrator()
    user_with_role(Role.TEACHER, username="Wang.Li")
    before = (User.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refused:
        user_create(actor=admin, username="wang.li", display_name="王丽")

    assert refused.value.message_dict == {"username": ["用户名“wang.li”已被使用"]}
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_a_school_outside_the_chosen_region_is_refused(db):
    school = SchoolFactory(region=region("150203"))

    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=administrator(),
            username="wang.li",
            display_name="王丽",
            region=region("150222"),
            school=school,
        )

    assert refused.value.message_dict == {"school": ["学校不在所选区域内"]}
    assert not User.objects.filter(username="wang.li").exists()


def test_the_system_administrator_disables_an_account_and_the_audit_row_keeps_old_and_new(db):
    admin, account = administrator(), user_with_role(Role.TEACHER)

    user_set_active(actor=admin, account=account, active=False, reason="离职")

    account.refresh_from_db()
    event = AuditEvent.objects.get(action="account.disable")
    assert account.is_active is False
    assert (event.changes, event.reason, event.actor_id) == ({"is_active": [True, False]}, "离职", admin.pk)


def test_the_system_administrator_enables_a_disabled_account(db):
    account = user_with_role(Role.TEACHER, is_active=False)

    user_set_active(actor=administrator(), account=account, active=True)

    account.refresh_from_db()
    assert account.is_active is True
    assert AuditEvent.objects.get(action="account.enable").changes == {"is_active": [False, True]}


def test_the_system_administrator_may_not_disable_his_own_account(db):
    admin = administrator()
    before = snapshot(admin)

    with pytest.raises(PermissionDenied):
        user_set_active(actor=admin, account=admin, active=False)

    assert snapshot(admin) == before


def test_the_security_administrator_may_not_disable_an_account(db):
    account = user_with_role(Role.TEACHER)
    before = snapshot(account)

    with pytest.raises(PermissionDenied):
        user_set_active(actor=administrator(Role.SECURITY_ADMIN), account=account, active=False)

    assert snapshot(account) == before


def test_a_password_reset_sets_a_temporary_password_that_must_be_changed(db):
    account = user_with_role(Role.TEACHER, password="Old-password-2024")

    password = user_password_reset(actor=administrator(), account=account, reason="本人忘记密码")

    account.refresh_from_db()
    assert account.check_password(password)
    assert account.must_change_password is True
    assert PasswordHistory.objects.filter(user=account).count() == 2  # the old password and the temporary one


def test_a_password_reset_is_audited_without_the_password(db):
    account = user_with_role(Role.TEACHER)

    password = user_password_reset(actor=administrator(), account=account, reason="本人忘记密码")

    event = AuditEvent.objects.get(action="account.password_reset")
    assert (event.changes, event.reason) == ({"must_change_password": [False, True]}, "本人忘记密码")
    assert password not in str(event.changes) + str(event.extra)


def test_the_system_administrator_may_not_reset_his_own_password(db):
    admin = administrator()
    before = snapshot(admin)

    with pytest.raises(PermissionDenied):
        user_password_reset(actor=admin, account=admin)

    assert snapshot(admin) == before


def test_the_audit_administrator_may_not_reset_a_password(db):
    account = user_with_role(Role.TEACHER)
    before = snapshot(account)

    with pytest.raises(PermissionDenied):
        user_password_reset(actor=administrator(Role.AUDIT_ADMIN), account=account)

    assert snapshot(account) == before


def test_a_disabled_system_administrator_may_not_act(db):
    admin, account = administrator(is_active=False), user_with_role(Role.TEACHER)
    before = snapshot(account)

    with pytest.raises(PermissionDenied):
        user_set_active(actor=admin, account=account, active=False)

    assert snapshot(account) == before
