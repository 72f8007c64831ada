"""The world of the authorization sweep, built once per module: in 固阳县 (150222) one school with its
administrator and teacher, and one object of every kind a URL takes by id; the same objects again in a county of
another city (呼和浩特市新城区, 150102), outside the scope of every user of the sweep.

The world is built inside an outer transaction that is rolled back at the end of the module; each test runs in
its own savepoint (pytest-django's `db`), so what a test changes never reaches the next one."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from jianfu.accounts.models import Role, User
from jianfu.archive.models import ArchiveAccessGrant, ArchiveFile, Section
from jianfu.archive.services.entries import archive_entry_create
from jianfu.burden.models import Dispute, LedgerEntry, ProctorAssignment, ProctoringRun
from jianfu.datahub.models import DataDelivery, FieldTask
from jianfu.imports.models import ImportJob
from jianfu.matters import calendar, codes
from jianfu.matters.models import CalendarFeed, ExamWeek, Matter
from jianfu.oversight.models import Case, Evidence
from jianfu.oversight.tracking import tracking_code_new, tracking_hash
from jianfu.parentschools.models import ParentSchoolSession
from jianfu.registry.models import Region
from tests.factories import (
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    annual_plan_with_entries,
    bureau_user,
    department_user,
    party_user,
    pdf_bytes,
    region,
    report_with_case,
    student_export_request,
    user_with_role,
)

HOME, AWAY_CITY, AWAY = "150222", "150100", "150102"
DAY = dt.date(2030, 3, 11)
ANONYMOUS = "anonymous"
ROLES = [*Role.values, ANONYMOUS]
_numbers = iter(range(1, 10_000))


@dataclass
class Side:
    """The objects of one county, each of a kind some URL takes by id."""

    users: dict[str, User]
    school: object
    teacher: object
    student: object
    # approved, concerning the school, organised by the department, reached the party committee
    matter: object
    draft_matter: object  # the department's draft
    secondment: object  # an approved secondment of the teacher
    meeting: object
    exam_week: object
    plan: object
    feed_token: str
    entry: object  # a ledger entry of the teacher
    dispute: object
    assignment: object
    delivery: object
    task: object
    archive_entry: object  # the teacher's draft, with one file
    archive_file: object
    grant: object
    export: object  # the department's request, submitted to the county
    draft_export: object
    approved_export: object
    parent_session: object
    case: object
    evidence: object
    tracking_code: str
    jobs: dict[str, object] = field(default_factory=dict)  # one import job per user (a job is its uploader's)


def _away_regions() -> None:
    region(HOME)  # loads Baotou
    city, _ = Region.objects.get_or_create(
        code=AWAY_CITY,
        defaults={"name": "呼和浩特市", "level": Region.Level.CITY, "seat_name": "新城区",
                  "seat_lat": Decimal("40.84"), "seat_lon": Decimal("111.75")},
    )  # fmt: skip
    Region.objects.get_or_create(
        code=AWAY,
        defaults={"name": "新城区", "level": Region.Level.COUNTY, "parent": city, "seat_name": "新城区",
                  "seat_lat": Decimal("40.86"), "seat_lon": Decimal("111.66")},
    )  # fmt: skip


def _users(code: str, school, teacher) -> dict[str, User]:
    city_code = region(code).parent.code
    supervisor = user_with_role(Role.SUPERVISOR, region_code=code)
    return {
        Role.CITY_EDU: bureau_user(city_code),
        Role.COUNTY_EDU: bureau_user(code),
        Role.PARTY: party_user(code),
        Role.DEPARTMENT: department_user(f"测试局{code}", region_code=code),
        Role.SCHOOL_ADMIN: user_with_role(Role.SCHOOL_ADMIN, school=school),
        Role.TEACHER: user_with_role(Role.TEACHER, teacher=teacher, school=school),
        Role.SUPERVISOR: supervisor,
        # 三员分立 (ADR 0009) and an account awaiting its role: no organisation, no business data.
        **{role: UserFactory(role=role, region=None) for role in (
            Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.PENDING
        )},
    }  # fmt: skip


def _matter(school, users, *, kind: str = "inspection", state: str = "approved", **fields) -> Matter:
    approved = state == "approved"
    matter = Matter.objects.create(
        kind=kind,
        title=f"授权巡检事项{next(_numbers)}",
        organizer=users[Role.DEPARTMENT].department,
        submitted_by=users[Role.DEPARTMENT],
        route_region=school.region,
        chain="bureau",
        state=state,
        starts_on=DAY,
        ends_on=DAY,
        verification_code=codes.new_code() if approved else None,
        approved_by_label="教育局" if approved else "",
        submitted_at=timezone.now() if approved else None,
        party_reached_at=timezone.now() if approved else None,
        decided_at=timezone.now() if approved else None,
        **fields,
    )
    matter.schools.add(school)
    return matter


def _side(code: str) -> Side:
    school = SchoolFactory(region=region(code))
    teacher = TeacherFactory(school=school)
    users = _users(code, school, teacher)
    admin, county = users[Role.SCHOOL_ADMIN], users[Role.COUNTY_EDU]
    matter = _matter(school, users)
    entry = LedgerEntry.objects.create(
        teacher=teacher, school=school, category="meetings", hours=Decimal("1.5"), date=DAY, recorded_by=admin
    )
    run = ProctoringRun.objects.create(
        school=school, date_from=DAY, date_to=DAY, optimum=1, lower_bound=1, cap=2, run_by=admin
    )
    delivery = DataDelivery.objects.create(
        matter=_matter(school, users, kind="data_request"), population="teachers", year=DAY.year
    )
    archive_entry = archive_entry_create(
        actor=users[Role.TEACHER], section=Section.HONOUR, title="优秀教师", issuer="包头市人民政府",
        date=dt.date(2024, 9, 10), file_name="证书.pdf", file_data=pdf_bytes(),
    )  # fmt: skip
    grant = ArchiveAccessGrant.objects.create(
        department=users[Role.DEPARTMENT].department, purpose="先进个人评选资格核对", region=county.region,
        granted_by=county, expires_at=timezone.now() + dt.timedelta(days=30),
    )  # fmt: skip
    grant.schools.set([school])
    tracking_code = tracking_code_new()
    report = report_with_case(received_at=timezone.now(), region_code=code, school=school)
    report.__class__.objects.filter(pk=report.pk).update(tracking_hash=tracking_hash(tracking_code))
    # The evidence points at the archive file's stored bytes: any stored file will do for a download.
    evidence = Evidence.objects.create(
        report=report, storage_name=ArchiveFile.objects.get(entry=archive_entry).storage_name,
        display_name="证据.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
    )  # fmt: skip
    nonce = calendar.new_nonce()
    CalendarFeed.objects.create(nonce=nonce, created_by=users[Role.TEACHER], teacher=teacher)
    side = Side(
        users=users,
        school=school,
        teacher=teacher,
        student=StudentFactory(school=school),
        matter=matter,
        draft_matter=_matter(school, users, state="draft"),
        secondment=_matter(school, users, kind="secondment", teacher=teacher),
        meeting=_matter(school, users, kind="meeting"),
        exam_week=ExamWeek.objects.create(school=school, starts_on=DAY, ends_on=DAY),
        plan=annual_plan_with_entries(region_code=code, year=2030, months=[3], published=False),
        feed_token=calendar.token_for(nonce),
        entry=entry,
        dispute=Dispute.objects.create(entry=entry, teacher=teacher, school=school, reason="并未参加"),
        assignment=ProctorAssignment.objects.create(
            run=run,
            matter=_matter(school, users, kind="social_exam"),
            teacher=teacher,
            school=school,
            exam_date=DAY,
            load_before=0,
            load_after=1,
            explanation="轮换",
            assigned_by=admin,
        ),
        delivery=delivery,
        task=FieldTask.objects.create(delivery=delivery, teacher=teacher, school=school),
        archive_entry=archive_entry,
        archive_file=ArchiveFile.objects.get(entry=archive_entry),
        grant=grant,
        export=student_export_request(
            requester=users[Role.DEPARTMENT],
            schools=[school],
            status="submitted",
            submitted_at=timezone.now(),
        ),
        draft_export=student_export_request(requester=users[Role.DEPARTMENT], schools=[school]),
        approved_export=student_export_request(
            requester=users[Role.DEPARTMENT],
            schools=[school],
            status="approved",
            submitted_at=timezone.now(),
            decided_at=timezone.now(),
            decided_by=county,
        ),
        parent_session=ParentSchoolSession.objects.create(
            school=school,
            date=DAY,
            title="家庭教育讲座",
            speaker="王老师",
            audience_grade="全校",
            attended=40,
            invited=50,
            recorded_by=admin,
        ),
        case=Case.objects.get(report=report),
        evidence=evidence,
        tracking_code=tracking_code,
    )
    for role, user in users.items():
        side.jobs[role] = ImportJob.objects.create(
            id=uuid.uuid4(), kind="teachers", created_by=user, file_name="教师.xlsx"
        )
    return side


@dataclass
class World:
    home: Side  # 固阳县: the users' own area
    away: Side  # 呼和浩特市新城区: outside every user's scope
    media: object  # where the world's files are stored


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(JIANFU_PRIVATE_MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        _away_regions()
        built = World(home=_side(HOME), away=_side(AWAY), media=media)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _private_uploads_in_tmp(request, settings, tmp_path):
    """A test of the world reads the files where the world stored them; any other test keeps the suite's rule
    (tests/conftest.py): its own directory."""
    if "world" in request.fixturenames:
        settings.JIANFU_PRIVATE_MEDIA_ROOT = request.getfixturevalue("world").media
    else:
        settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "private"
