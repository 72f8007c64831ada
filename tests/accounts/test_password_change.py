"""修改密码 for every logged-in user, and the forced change: after an administrator's reset or once the password
has expired, every page redirects there until the user has set a new one."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from jianfu.accounts.models import PasswordHistory, Role, User
from jianfu.accounts.services.users import user_password_reset
from jianfu.audit.models import AuditEvent
from tests.accounts.administrators import administrator
from tests.factories import user_with_role

OLD, NEW = "Old-grassland-2024", "New-grassland-2026"
CHANGE = reverse("accounts:password_change")


def _change(client, old=OLD, new=NEW, again=None):
    return client.post(CHANGE, {"old_password": old, "new_password": new, "new_password_again": again or new})


def _password_of(user) -> str:
    return User.objects.values_list("password", flat=True).get(pk=user.pk)


def test_a_user_changes_their_password_and_lands_on_the_home_page(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)

    response = _change(client)

    user.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert user.check_password(NEW)


def test_a_changed_password_keeps_the_session_logged_in(client, db):
    client.force_login(user_with_role(Role.TEACHER, password=OLD))
    _change(client)

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_a_change_is_audited_and_its_hash_kept_for_the_history_rule(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)

    _change(client)

    event = AuditEvent.objects.get(action="auth.password_change")
    assert (event.actor_id, event.extra) == (user.pk, {"forced": False, "expired": False})
    assert list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)) == [
        _password_of(user),  # the new one, newest first
        user.password,  # the one it replaced
    ]


def test_a_wrong_old_password_is_refused_naming_the_field_and_nothing_changes(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)
    before = _password_of(user)

    response = _change(client, old="Not-the-old-one-1")

    assert response.status_code == 200
    assert response.context["form"].errors == {"old_password": ["原密码不正确"]}
    assert (_password_of(user), AuditEvent.objects.filter(action="auth.password_change").count()) == (
        before,
        0,
    )


def test_two_different_new_passwords_are_refused(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)
    before = _password_of(user)

    response = _change(client, again="New-grassland-2027")

    assert response.context["form"].errors == {"new_password_again": ["两次输入的新密码不一致"]}
    assert _password_of(user) == before


def test_a_new_password_breaking_the_policy_is_refused_with_every_reason_in_chinese(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)
    before = _password_of(user)

    response = _change(client, new="shortpass")

    assert response.context["form"].errors == {
        "new_password": [
            "密码太短，至少需要12个字符。",
            "密码须包含大写字母、小写字母、数字、符号中的至少3类。",
        ]
    }
    assert _password_of(user) == before


def test_the_current_password_may_not_be_set_again(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)

    response = _change(client, new=OLD)

    assert response.context["form"].errors == {"new_password": ["新密码不能与最近5次使用过的密码相同。"]}


def test_a_password_used_before_may_not_come_back(client, db):
    user = user_with_role(Role.TEACHER, password=OLD)
    client.force_login(user)
    _change(client, old=OLD, new=NEW)

    response = _change(client, old=NEW, new=OLD)

    assert response.context["form"].errors == {"new_password": ["新密码不能与最近5次使用过的密码相同。"]}


def test_after_a_reset_every_page_redirects_to_the_password_change(client, db):
    user = user_with_role(Role.COUNTY_EDU, region_code="150222")
    user_password_reset(actor=administrator(), account=user)
    user.refresh_from_db()  # logged in with the new password's session hash
    client.force_login(user)

    responses = [client.get(reverse(name)) for name in ("home", "registry:schools", "matters:list")]

    assert [(r.status_code, r["Location"]) for r in responses] == [(302, CHANGE)] * 3


def test_a_user_whose_change_is_forced_may_still_open_the_password_change(client, db):
    client.force_login(user_with_role(Role.TEACHER, must_change_password=True))

    response = client.get(CHANGE)

    assert (response.status_code, response.context["forced"]) == (200, True)


def test_a_forced_change_shows_why_and_ends_once_the_password_is_changed(client, db):
    user = user_with_role(Role.COUNTY_EDU, region_code="150222")
    temporary = user_password_reset(actor=administrator(), account=user)
    user.refresh_from_db()
    client.force_login(user)
    assert client.get(CHANGE).context["forced"] is True

    _change(client, old=temporary)

    user.refresh_from_db()
    assert user.must_change_password is False
    assert client.get(reverse("registry:schools")).status_code == 200


def test_an_expired_password_redirects_every_page_to_the_password_change(client, db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 90
    user = user_with_role(Role.TEACHER, password_changed_at=timezone.now() - dt.timedelta(days=91))
    client.force_login(user)

    response = client.get(reverse("home"))

    assert (response.status_code, response["Location"]) == (302, CHANGE)
    assert client.get(CHANGE).context["expired"] is True


def test_an_expired_password_change_is_audited_as_expired(client, db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 90
    user = user_with_role(
        Role.TEACHER, password=OLD, password_changed_at=timezone.now() - dt.timedelta(days=91)
    )
    client.force_login(user)

    _change(client)

    assert AuditEvent.objects.get(action="auth.password_change").extra == {"forced": False, "expired": True}
    assert client.get(reverse("home")).status_code == 200


def test_a_user_with_a_forced_change_may_still_log_out(client, db):
    user = user_with_role(Role.TEACHER, must_change_password=True)
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert (response.status_code, response["Location"]) == (302, reverse("login"))


def test_a_demo_login_in_demo_mode_is_not_sent_to_change_an_old_password(client, db, settings):
    settings.DEMO_MODE = True
    user = user_with_role(
        Role.TEACHER, username="teacher-demo", date_joined=timezone.now() - dt.timedelta(days=400)
    )
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_someone_not_logged_in_is_sent_to_log_in(client, db):
    response = client.get(CHANGE)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={CHANGE}")
