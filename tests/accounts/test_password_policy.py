"""The password policy's rules (等保 2.0): at least 12 characters of at least 3 of 4 classes, not one of the last
5 passwords, expiry after JIANFU_PASSWORD_MAX_AGE_DAYS; each refusal in Chinese."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jianfu.accounts.models import Role
from jianfu.accounts.passwords import (
    CharacterClassesValidator,
    PasswordHistoryValidator,
    character_classes,
    password_change_required,
    password_expired,
    temporary_password,
)
from jianfu.accounts.services._common import store_password
from tests.factories import user_with_role


@pytest.mark.parametrize(
    ("password", "classes"),
    [("alllowercaseletters", 1), ("lowerUPPERletters", 2), ("lowerUPPER12345", 3), ("lower-UPPER-12345", 4)],
)
def test_the_character_classes_of_a_password_are_counted(password, classes):
    assert character_classes(password) == classes


def test_a_password_of_two_classes_is_refused_in_chinese():
    with pytest.raises(ValidationError) as refused:
        CharacterClassesValidator(min_classes=3).validate("onlylowercase12")

    assert refused.value.messages == ["密码须包含大写字母、小写字母、数字、符号中的至少3类。"]


def test_a_password_of_three_classes_passes_the_class_rule():
    CharacterClassesValidator(min_classes=3).validate("lowercase-12345")


def test_the_whole_policy_refuses_a_short_password_in_chinese(db):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("Ab1-short")

    assert refused.value.messages == ["密码太短，至少需要12个字符。"]


def test_the_whole_policy_refuses_a_common_password_of_three_classes_in_chinese(db):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("Q1w2e3r4t5y6")

    assert refused.value.messages == ["这个密码太常见了。"]


def test_the_whole_policy_accepts_a_long_password_of_three_classes(db):
    validate_password("Grassland-2026-road", user_with_role(Role.TEACHER))


def test_the_current_password_may_not_come_back(db):
    user = user_with_role(Role.TEACHER, password="Current-pass-2026")

    with pytest.raises(ValidationError) as refused:
        PasswordHistoryValidator(count=5).validate("Current-pass-2026", user)

    assert refused.value.messages == ["新密码不能与最近5次使用过的密码相同。"]


def test_each_of_the_last_five_passwords_is_refused(db):
    user = user_with_role(Role.TEACHER)
    for number in range(1, 7):
        store_password(user, f"Earlier-pass-{number}", must_change=False)

    refused = []
    for number in range(1, 7):
        try:
            PasswordHistoryValidator(count=5).validate(f"Earlier-pass-{number}", user)
        except ValidationError:
            refused.append(number)

    assert refused == [2, 3, 4, 5, 6]  # the sixth-last may come back


def test_a_password_changed_within_the_maximum_age_has_not_expired(db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 90
    user = user_with_role(Role.TEACHER, password_changed_at=timezone.now() - dt.timedelta(days=89))

    assert password_expired(user) is False


def test_a_password_older_than_the_maximum_age_has_expired(db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 90
    user = user_with_role(Role.TEACHER, password_changed_at=timezone.now() - dt.timedelta(days=91))

    assert password_expired(user) is True


def test_a_password_never_changed_counts_from_when_the_account_was_created(db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 90
    user = user_with_role(Role.TEACHER, date_joined=timezone.now() - dt.timedelta(days=91))

    assert password_expired(user) is True


def test_a_maximum_age_of_zero_means_passwords_never_expire(db, settings):
    settings.JIANFU_PASSWORD_MAX_AGE_DAYS = 0
    user = user_with_role(Role.TEACHER, password_changed_at=timezone.now() - dt.timedelta(days=3650))

    assert password_expired(user) is False


def test_a_demo_login_is_spared_expiry_in_demo_mode(db, settings):
    settings.DEMO_MODE = True
    user = user_with_role(
        Role.TEACHER, username="teacher-demo", date_joined=timezone.now() - dt.timedelta(days=400)
    )

    assert password_change_required(user) is False


def test_a_demo_login_outside_demo_mode_must_change_an_expired_password(db, settings):
    settings.DEMO_MODE = False
    user = user_with_role(
        Role.TEACHER, username="teacher-demo", date_joined=timezone.now() - dt.timedelta(days=400)
    )

    assert password_change_required(user) is True


def test_a_temporary_password_passes_the_whole_policy(db):
    validate_password(temporary_password(), user_with_role(Role.TEACHER))
