"""The menu is gathered into subject groups once it is long; a short one stays flat; nothing is lost or doubled."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.web.menu import FLAT_UP_TO, MenuGroup, menu_for, menu_groups_for
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role


def flatten(entries) -> list:
    return [item for entry in entries for item in (entry.items if isinstance(entry, MenuGroup) else [entry])]


def test_a_county_bureaus_long_menu_is_grouped_by_subject_in_a_fixed_order(db):
    user = user_with_role(Role.COUNTY_EDU, region_code="150222")

    entries = menu_groups_for(user)

    assert len(menu_for(user)) > FLAT_UP_TO
    assert entries[0].label == "首页"
    assert [e.label for e in entries[1:]] == [
        "基础数据",
        "涉校事项",
        "减负台账",
        "档案与健康",
        "数据共享",
        "监督",
    ]
    burden = next(e for e in entries if e.label == "减负台账")
    assert [i.label for i in burden.items][:3] == ["教师工作量", "工作量看板", "负担台账"]


def test_grouping_keeps_every_entry_once_for_every_role(db):
    school = SchoolFactory(region=region("150222"))
    users = [
        user_with_role(Role.CITY_EDU, region_code="150200"),
        user_with_role(Role.SUPERVISOR, region_code="150200"),
        user_with_role(Role.SCHOOL_ADMIN, school=school),
        user_with_role(Role.TEACHER, teacher=TeacherFactory(school=school), school=school),
        user_with_role(Role.DEPARTMENT),
    ]
    for user in users:
        assert sorted(flatten(menu_groups_for(user)), key=lambda i: i.url) == sorted(
            menu_for(user), key=lambda i: i.url
        )


def test_the_public_menu_stays_flat():
    entries = menu_groups_for(AnonymousUser())

    assert all(not isinstance(entry, MenuGroup) for entry in entries)
    assert [entry.label for entry in entries][-1] == "登录"


def test_the_page_marks_the_group_of_the_current_page(client, db):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    body = client.get(reverse("burden:dashboard")).content.decode()

    assert '<summary class="is-current">减负台账</summary>' in body
    assert body.count('aria-current="page"') == 2  # the wide menu's link and the phone menu's


def test_the_home_pages_shortcuts_are_every_entry_with_its_address(client, db):
    user = user_with_role(Role.COUNTY_EDU, region_code="150222")
    client.force_login(user)

    body = client.get(reverse("home")).content.decode()

    assert 'class="shortcut" href=""' not in body
    for item in menu_for(user)[1:]:
        assert f'<a class="shortcut" href="{item.url}">{item.label}</a>' in body
