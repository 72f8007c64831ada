"""Schools in two counties with parent-school sessions in 2030 (and one in 2029, which no 2030 figure counts)."""

import datetime as dt
from dataclasses import dataclass

import pytest

from jianfu.accounts.models import Role
from jianfu.registry.models import School
from tests.factories import ParentSchoolSessionFactory, SchoolFactory, bureau_user, region, user_with_role

YEAR = 2030


@dataclass
class Schools:
    first: School  # 固阳县: two sessions in 2030 (45 of 50, 30 of 40), one in 2029
    second: School  # 固阳县: one session in 2030 (18 of 20)
    quiet: School  # 固阳县: none
    kun: School  # 昆都仑区: one session in 2030 (60 of 80)
    first_admin: object
    kun_admin: object
    county: object  # 固阳县教育局
    other_county: object  # 昆都仑区教育局
    city: object


def session(school, admin, *, day: dt.date, attended: int, invited: int, **kwargs):
    return ParentSchoolSessionFactory(
        school=school, recorded_by=admin, date=day, attended=attended, invited=invited, **kwargs
    )


@pytest.fixture
def schools(db) -> Schools:
    guyang, kun = region("150222"), region("150203")
    first = SchoolFactory(region=guyang, name="固阳县第一小学", code="2115000011")
    second = SchoolFactory(region=guyang, name="固阳县第二小学", code="2115000012")
    quiet = SchoolFactory(region=guyang, name="固阳县第三小学", code="2115000013")
    kun_school = SchoolFactory(region=kun, name="昆都仑区第一小学", code="2115000014")
    first_admin = user_with_role(Role.SCHOOL_ADMIN, school=first)
    second_admin = user_with_role(Role.SCHOOL_ADMIN, school=second)
    kun_admin = user_with_role(Role.SCHOOL_ADMIN, school=kun_school)
    session(first, first_admin, day=dt.date(YEAR, 3, 10), attended=45, invited=50, title="家校共育讲座")
    session(first, first_admin, day=dt.date(YEAR, 11, 2), attended=30, invited=40, title="青春期心理")
    session(first, first_admin, day=dt.date(YEAR - 1, 12, 31), attended=10, invited=10, title="去年的讲座")
    session(second, second_admin, day=dt.date(YEAR, 1, 1), attended=18, invited=20, title="新年家长会")
    session(kun_school, kun_admin, day=dt.date(YEAR, 6, 1), attended=60, invited=80, title="安全教育")
    return Schools(
        first=first,
        second=second,
        quiet=quiet,
        kun=kun_school,
        first_admin=first_admin,
        kun_admin=kun_admin,
        county=bureau_user("150222"),
        other_county=bureau_user("150203"),
        city=bureau_user("150200"),
    )
