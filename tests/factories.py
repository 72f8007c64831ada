"""Factories for tests: valid registry rows and users of every role, built with the real services."""

import datetime as dt
import itertools

import factory
from django.conf import settings

from jianfu.accounts.models import Role, User
from jianfu.registry.idcard import check_character
from jianfu.registry.models import Department, Region, School, Student, Teacher
from jianfu.registry.protection import protect
from jianfu.registry.services import regions_ensure_baotou

_sequence = itertools.count(1)


def region(code: str) -> Region:
    """The Baotou region with this GB/T 2260 code (loaded if a flush removed it)."""
    regions_ensure_baotou()
    return Region.objects.get(code=code)


def synthetic_id_number(*, birth: dt.date = dt.date(1985, 3, 14), male: bool = True) -> str:
    """A valid ID number in the unassigned 150299 area, unique per call."""
    serial = next(_sequence) % 500
    order = serial * 2 + (1 if male else 0)
    first17 = f"150299{birth:%Y%m%d}{order:03d}"
    return first17 + check_character(first17)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"21157{n:05d}")  # tests write their own codes as 21150… and 21159…
    name = factory.Sequence(lambda n: f"测试第{n}小学")
    stage = School.Stage.PRIMARY
    is_rural = False
    region = factory.LazyFunction(lambda: region("150222"))
    address = "测试路1号"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = Department.Kind.OTHER
    is_education = False
    level = Department.Level.CITY
    region = factory.LazyFunction(lambda: region("150200"))


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"教师{n}")
    gender = "1"
    birth_date = dt.date(1985, 3, 14)
    ethnicity = "汉族"
    political_status = "群众"
    highest_education = "本科"
    post_category = "专业技术岗位"
    professional_title = "一级教师"
    subject = "语文"
    weekly_lessons = 12

    id_cipher = factory.LazyAttribute(lambda o: o.sealed.cipher)
    id_lookup = factory.LazyAttribute(lambda o: o.sealed.lookup)
    id_masked = factory.LazyAttribute(lambda o: o.sealed.masked)

    class Params:
        id_number = factory.LazyAttribute(
            lambda o: synthetic_id_number(birth=o.birth_date, male=o.gender == "1")
        )
        sealed = factory.LazyAttribute(lambda o: protect(o.id_number))


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"学生{n}")
    gender = "2"
    birth_date = dt.date(2016, 5, 2)
    ethnicity = "汉族"
    grade = "四年级"
    class_name = "2班"
    enrolled_on = dt.date(2023, 9, 1)

    id_cipher = factory.LazyAttribute(lambda o: o.sealed.cipher)
    id_lookup = factory.LazyAttribute(lambda o: o.sealed.lookup)
    id_masked = factory.LazyAttribute(lambda o: o.sealed.masked)

    class Params:
        id_number = factory.LazyAttribute(
            lambda o: synthetic_id_number(birth=o.birth_date, male=o.gender == "1")
        )
        sealed = factory.LazyAttribute(lambda o: protect(o.id_number))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    role = Role.CITY_EDU
    region = factory.LazyFunction(lambda: region("150200"))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        # Hashing costs ~50 ms with argon2: only when a test logs in with a password.
        if extracted:
            self.set_password(extracted)
        else:
            self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])


def user_with_role(role: str, *, region_code: str = "150200", school=None, teacher=None, **kwargs) -> User:
    """A user of `role` bound to the organisation that role needs."""
    if role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        if role == Role.TEACHER and teacher is None:
            teacher = TeacherFactory(**({"school": school} if school else {}))
        school = school or (teacher.school if teacher else SchoolFactory())
        return UserFactory(
            role=role,
            school=school,
            teacher=teacher if role == Role.TEACHER else None,
            region=school.region,
            **kwargs,
        )
    return UserFactory(role=role, region=region(region_code), **kwargs)


DEMO_PASSWORD = settings.DEMO_PASSWORD


def department_user(
    name: str,
    *,
    region_code: str = "150222",
    role: str = Role.DEPARTMENT,
    is_education: bool = False,
    kind: str = Department.Kind.OTHER,
    **kwargs,
) -> User:
    """A user acting for the department `name` (created at the level of its region if missing)."""
    place = region(region_code)
    department, _ = Department.objects.get_or_create(
        name=name,
        defaults={
            "kind": Department.Kind.EDUCATION_BUREAU if is_education else kind,
            "is_education": is_education,
            "level": Department.Level.CITY if place.level == "city" else Department.Level.COUNTY,
            "region": place,
        },
    )
    return UserFactory(role=role, region=place, department=department, **kwargs)


def bureau_user(region_code: str = "150222", **kwargs) -> User:
    """An education bureau user (county or city by the region) acting for its bureau department."""
    place = region(region_code)
    role = Role.CITY_EDU if place.level == "city" else Role.COUNTY_EDU
    return department_user(
        f"{place.name}教育局", region_code=region_code, role=role, is_education=True, **kwargs
    )


def party_user(region_code: str = "150222", **kwargs) -> User:
    place = region(region_code)
    return department_user(
        f"中共{place.name}委",
        region_code=region_code,
        role=Role.PARTY,
        kind=Department.Kind.PARTY_COMMITTEE,
        **kwargs,
    )
