"""The administrators' pages (三员分立, ADR 0009): each reaches the pages of their duty and nothing else; the audit
administrator reads the other administrators' actions; the menu shows each only their duty."""

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jianfu.accounts.models import Role, User
from jianfu.accounts.services.users import user_create
from jianfu.audit.models import AuditEvent
from jianfu.web.menu import menu_for
from tests.accounts.administrators import administrator, pending_account, snapshot
from tests.factories import region, user_with_role


def test_the_system_administrator_finds_an_account_by_name(client, db):
    user_with_role(Role.TEACHER, username="li-ming", display_name="李明")
    user_with_role(Role.TEACHER, username="zhao-hua", display_name="赵华")
    client.force_login(administrator(Role.SYSTEM_ADMIN))

    response = client.get(reverse("accounts:users"), {"q": "李明"})

    assert [account.username for account in response.context["page"].object_list] == ["li-ming"]


def test_the_account_list_filters_the_accounts_awaiting_a_role(client, db):
    pending = pending_account(username="new-one")
    user_with_role(Role.TEACHER)
    client.force_login(administrator(Role.SECURITY_ADMIN))

    response = client.get(reverse("accounts:users"), {"state": "pending"})

    assert list(response.context["page"].object_list) == [pending]


def test_the_system_administrator_creates_an_account_and_sees_its_temporary_password_once(client, db):
    client.force_login(administrator(Role.SYSTEM_ADMIN))

    response = client.post(
        reverse("accounts:user_new"),
        {"username": "wang.li", "display_name": "王丽", "region": str(region("150222").pk)},
    )

    account = User.objects.get(username="wang.li")
    assert (response.status_code, account.role, response["Cache-Control"]) == (200, Role.PENDING, "no-store")
    assert account.check_password(response.context["password"])


def test_a_bad_username_is_shown_on_its_field_and_nothing_is_created(client, db):
    client.force_login(administrator(Role.SYSTEM_ADMIN))
    before = User.objects.count()

    response = client.post(reverse("accounts:user_new"), {"username": "王", "display_name": "王丽"})

    assert response.context["form"].errors == {
        "username": ["用户名须为3-40位字母、数字、点、下划线或连字符，以字母或数字开头"]
    }
    assert User.objects.count() == before


def test_an_unknown_school_code_is_refused_naming_the_field(client, db):
    client.force_login(administrator(Role.SYSTEM_ADMIN))

    response = client.post(
        reverse("accounts:user_new"),
        {"username": "wang.li", "display_name": "王丽", "school_code": "1999999999"},
    )

    assert response.context["form"].errors == {"school_code": ["学校标识码“1999999999”不存在"]}
    assert not User.objects.filter(username="wang.li").exists()


def test_the_security_administrator_may_not_create_an_account(client, db):
    client.force_login(administrator(Role.SECURITY_ADMIN))
    before = (User.objects.count(), AuditEvent.objects.count())

    response = client.post(reverse("accounts:user_new"), {"username": "wang.li", "display_name": "王丽"})

    assert response.status_code == 403
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_the_system_administrator_disables_an_account_through_its_page(client, db):
    account = user_with_role(Role.TEACHER)
    client.force_login(administrator(Role.SYSTEM_ADMIN))

    response = client.post(
        reverse("accounts:user_active", args=[account.pk]), {"active": "0", "reason": "离职"}
    )

    account.refresh_from_db()
    assert (response.status_code, account.is_active) == (302, False)


def test_a_disabled_account_is_logged_out_at_its_next_page(client, db):
    account = user_with_role(Role.TEACHER)
    client.force_login(account)
    User.objects.filter(pk=account.pk).update(is_active=False)

    response = client.get(reverse("home"))

    assert (response.status_code, response["Location"]) == (302, reverse("login"))


def test_the_security_administrator_grants_a_role_through_the_grant_page(client, db):
    account = pending_account()
    client.force_login(administrator(Role.SECURITY_ADMIN))

    response = client.post(
        reverse("accounts:user_grant", args=[account.pk]),
        {"role": "county_edu", "region": str(region("150222").pk), "reason": "调任"},
    )

    account.refresh_from_db()
    assert (response.status_code, account.role, account.region.code) == (302, Role.COUNTY_EDU, "150222")


def test_a_grant_missing_the_roles_organisation_is_shown_on_the_field_and_changes_nothing(client, db):
    account = pending_account()
    client.force_login(administrator(Role.SECURITY_ADMIN))
    before = snapshot(account)

    response = client.post(
        reverse("accounts:user_grant", args=[account.pk]), {"role": "school_admin", "reason": "任命"}
    )

    assert response.context["form"].errors == {"school_code": ["学校管理员须选择所属学校"]}
    assert snapshot(account) == before


def test_the_security_administrator_may_not_open_the_grant_page_of_his_own_account(client, db):
    security = administrator(Role.SECURITY_ADMIN)
    client.force_login(security)
    before = snapshot(security)

    response = client.post(
        reverse("accounts:user_grant", args=[security.pk]),
        {"role": "city_edu", "region": str(region("150200").pk), "reason": "自授"},
    )

    assert response.status_code == 403
    assert snapshot(security) == before


def test_the_security_administrator_sees_the_policy_in_force(client, db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 90
    client.force_login(administrator(Role.SECURITY_ADMIN))

    response = client.get(reverse("accounts:policy"))

    policy = dict(response.context["policy"])
    assert (policy["密码最短长度"], policy["密码有效期"]) == ("12位", "90天，到期须修改")
    assert policy["登录失败锁定"] == "同一账号在同一地址连续失败5次，锁定15分钟"


def test_a_missing_account_answers_404(client, db):
    client.force_login(administrator(Role.SYSTEM_ADMIN))

    response = client.get(reverse("accounts:user", args=[987654321]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_the_account_administrators_may_not_read_the_audit_log(client, db, role):
    client.force_login(administrator(role))

    response = client.get(reverse("audit:events"))

    assert response.status_code == 403


def test_the_audit_administrator_reads_the_system_administrators_actions(client, db):
    system = administrator(Role.SYSTEM_ADMIN, username="sys-admin")
    account, _ = user_create(actor=system, username="wang.li", display_name="王丽")
    client.force_login(administrator(Role.AUDIT_ADMIN))

    response = client.get(reverse("audit:events"), {"q": "sys-admin"})

    rows = [(e.actor_label, e.action, e.object_id) for e in response.context["page"].object_list]
    assert rows == [("sys-admin", "account.create", str(account.pk))]


def test_the_audit_administrator_reads_events_of_every_area(client, db):
    AuditEvent.objects.create(actor_label="a", category="auth", action="auth.login_failed", region_code="")
    AuditEvent.objects.create(actor_label="b", category="change", action="x.update", region_code="150102")
    client.force_login(administrator(Role.AUDIT_ADMIN))

    response = client.get(reverse("audit:events"))

    events = response.context["page"].object_list
    assert sorted(e.actor_label for e in events if e.action != "auth.login") == [
        "a",
        "b",
    ]  # not its own login


def test_the_audit_administrator_exports_the_audit_log_and_the_export_is_audited(client, db):
    auditor = administrator(Role.AUDIT_ADMIN)
    client.force_login(auditor)

    response = client.get(reverse("audit:events"), {"export": "xlsx"})

    assert response.status_code == 200
    assert AuditEvent.objects.get(action="auditevent.export").actor_id == auditor.pk


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.PENDING])
def test_a_confined_account_is_refused_a_business_page_that_any_business_role_opens(client, db, role):
    client.force_login(administrator(role))

    response = client.get(reverse("registry:regions"))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        (Role.SYSTEM_ADMIN, ["首页", "账号管理", "新建账号", "修改密码"]),
        (Role.SECURITY_ADMIN, ["首页", "账号管理", "安全策略", "修改密码"]),
        (Role.AUDIT_ADMIN, ["首页", "审计日志", "修改密码"]),
        (Role.PENDING, ["首页", "修改密码"]),
    ],
)
def test_each_administrator_and_a_pending_account_see_only_their_duty_in_the_menu(db, role, labels):
    assert [item.label for item in menu_for(administrator(role))] == labels


def _queries_of_the_account_list(client, rows: int) -> int:
    for _ in range(rows):
        user_with_role(Role.SCHOOL_ADMIN)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:users"))
    assert response.status_code == 200
    return len(queries)


def test_the_account_list_costs_the_same_queries_for_3_rows_as_for_45(client, db):
    client.force_login(administrator(Role.SYSTEM_ADMIN))
    few = _queries_of_the_account_list(client, 2)  # and the administrator himself

    many = _queries_of_the_account_list(client, 42)

    assert many == few


def test_the_page_of_a_locked_out_account_offers_the_security_administrator_the_unlock(client, db):
    account = user_with_role(Role.TEACHER)
    AccessAttempt.objects.create(
        username=account.username, ip_address="10.0.0.1", user_agent="", path_info="/accounts/login/",
        attempt_time=timezone.now(), get_data="", post_data="", failures_since_start=5,
    )  # fmt: skip
    client.force_login(administrator(Role.SECURITY_ADMIN))

    response = client.get(reverse("accounts:user", args=[account.pk]))

    assert response.context["locked"] is True
    assert b'data-testid="unlock"' in response.content


def test_an_administrators_own_account_page_offers_no_action(client, db):
    admin = administrator(Role.SYSTEM_ADMIN)
    client.force_login(admin)

    response = client.get(reverse("accounts:user", args=[admin.pk]))

    assert response.context["own"] is True
    assert b'data-testid="password-reset"' not in response.content
