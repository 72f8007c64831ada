"""A small Baotou for the e-archive: two teachers and an administrator at a 固阳县 school, another school in
昆都仑区, the bureaus, a supervisor, and a department outside education with no grant yet."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.archive.models import ArchiveAccessGrant, ArchiveEntry, Section
from jianfu.archive.services.entries import archive_entry_create, archive_entry_review
from jianfu.registry.models import School, Teacher
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    bureau_user,
    department_user,
    pdf_bytes,
    region,
    user_with_role,
)

PASSWORD = "a-long-archive-password-7"


@dataclass
class Place:
    school: School
    other_school: School
    zhang: Teacher
    zhang_user: object
    li_user: object
    admin: object
    other_admin: object
    county: object  # 固阳县教育局
    other_county: object  # 昆都仑区教育局
    city: object
    supervisor: object
    department: object  # 包头市卫生健康委员会, no grant yet


@pytest.fixture
def place(db) -> Place:
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    other_school = SchoolFactory(region=region("150203"), name="昆都仑区第一小学")
    zhang = TeacherFactory(school=school, name="张老师")
    return Place(
        school=school,
        other_school=other_school,
        zhang=zhang,
        zhang_user=user_with_role(Role.TEACHER, teacher=zhang, school=school, display_name="张老师"),
        li_user=user_with_role(
            Role.TEACHER, teacher=TeacherFactory(school=school, name="李老师"), school=school
        ),
        admin=user_with_role(Role.SCHOOL_ADMIN, school=school, display_name="王校长"),
        other_admin=user_with_role(Role.SCHOOL_ADMIN, school=other_school),
        county=bureau_user("150222"),
        other_county=bureau_user("150203"),
        city=bureau_user("150200"),
        supervisor=user_with_role(Role.SUPERVISOR, region_code="150222"),
        department=department_user("包头市卫生健康委员会", region_code="150200", display_name="赵科长"),
    )


def verified_entry(place: Place, *, title: str = "包头市优秀教师", with_file: bool = True) -> ArchiveEntry:
    """An honour of 张老师 with a certificate scan, submitted and verified by the school."""
    entry = archive_entry_create(
        actor=place.zhang_user,
        section=Section.HONOUR,
        title=title,
        issuer="包头市人民政府",
        date=dt.date(2024, 9, 10),
        file_name="优秀教师证书.pdf" if with_file else "",
        file_data=pdf_bytes() if with_file else None,
        submit=True,
    )
    return archive_entry_review(actor=place.admin, entry_id=entry.pk, decision="verify")


def grant(
    place: Place, *, teacher=None, schools=(), days: float = 30, purpose: str = "卫生健康先进个人评选资格核对"
):
    """A grant written straight to the table, so that expired ones can be made too."""
    made = ArchiveAccessGrant.objects.create(
        department=place.department.department,
        teacher=teacher,
        purpose=purpose,
        expires_at=timezone.now() + dt.timedelta(days=days),
        region=place.city.region,
        granted_by=place.city,
    )
    made.schools.set(schools)
    return made


def private_files(settings) -> list:
    root = settings.JIANFU_PRIVATE_MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
