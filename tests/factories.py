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


def student_export_request(
    *, requester, schools, fields=("name", "class_name"), status: str = "draft", days: int = 30, **kwargs
):
    """A student export request of `requester`'s institution (made directly: the workflow is tested through the
    services in tests/sharing); routed to the county of the first school."""
    from django.utils import timezone

    from jianfu.sharing.models import StudentExportRequest

    export = StudentExportRequest.objects.create(
        requester_department=requester.department if requester.role == Role.DEPARTMENT else None,
        requester_school=requester.school if requester.role == Role.SCHOOL_ADMIN else None,
        requested_by=requester,
        route_region=schools[0].region,
        purpose=kwargs.pop("purpose", "核对学生名单"),
        fields=list(fields),
        expires_on=timezone.localdate() + dt.timedelta(days=days),
        status=status,
        **kwargs,
    )
    export.schools.set(schools)
    return export


class ParentSchoolSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "parentschools.ParentSchoolSession"

    school = factory.SubFactory(SchoolFactory)
    date = dt.date(2030, 3, 10)
    title = factory.Sequence(lambda n: f"家庭教育讲座{n}")
    speaker = "王老师"
    audience_grade = "全校"
    attended = 40
    invited = 50
    recorded_by = factory.LazyAttribute(lambda o: user_with_role(Role.SCHOOL_ADMIN, school=o.school))


# --- measure 17: files for the e-archive, built byte by byte (real formats, no image library) -------------------


def pdf_bytes(
    *,
    text: str = "Certificate",
    catalog_extra: bytes = b"",
    stream: bytes | None = None,
    deflate: bool = True,
) -> bytes:
    """A one-page PDF with a correct cross-reference table; `catalog_extra` goes into the catalog dictionary,
    `stream` becomes an extra stream object (FlateDecode unless not `deflate`)."""
    import zlib

    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if stream is not None:
        packed, flate = (zlib.compress(stream), b" /Filter /FlateDecode") if deflate else (stream, b"")
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(packed), flate) + packed + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_bytes(*, width: int = 2, height: int = 2) -> bytes:
    """A red RGB PNG: signature, IHDR, one zlib IDAT, IEND, each chunk with its CRC."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """An 8×8 mid-grey baseline JPEG: JFIF, quantisation and one-code Huffman tables, one block (DC 0, EOB)."""
    one_code = bytes([1] + [0] * 15)
    return b"".join(
        [
            b"\xff\xd8",
            b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
            b"\xff\xdb\x00\x43\x00" + bytes([1] * 64),
            b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00",
            b"\xff\xc4\x00\x14\x00" + one_code + b"\x00",
            b"\xff\xc4\x00\x14\x10" + one_code + b"\x00",
            b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",
            b"\x3f",
            b"\xff\xd9",
        ]
    )


def zip_bytes(**members: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (members or {"readme.txt": "hello"}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


# --- measure 20: supervision indicators and reports (tests/oversight/supervision) --------------------------------

_oversight_codes = itertools.count(1)


def approved_matter_of(*schools, kind: str = "inspection", day: dt.date, state: str = "approved", **fields):
    """A Matter concerning `schools`, approved (or in `state`) and starting on `day`, made directly (the pipeline
    is tested in tests/matters)."""
    from jianfu.matters.models import Matter

    number = next(_oversight_codes)
    matter = Matter.objects.create(
        kind=kind,
        title=f"{kind}-督导-{number}",
        organizer=DepartmentFactory(),
        submitted_by=user_with_role(Role.DEPARTMENT),
        chain="bureau",
        state=state,
        starts_on=day,
        ends_on=day,
        verification_code=f"S{number:07d}" if state == "approved" else None,
        approved_by_label="教育局",
        **fields,
    )
    matter.schools.add(*schools)
    return matter


def annual_plan_with_entries(*, region_code: str, year: int, months: list[int], published: bool = True):
    """An annual inspection plan of `region_code` with one entry planned for each of `months`."""
    from jianfu.matters.models import AnnualPlan, PlanEntry

    opener = user_with_role(Role.CITY_EDU, region_code=region_code)
    plan = AnnualPlan.objects.create(
        year=year,
        region=region(region_code),
        status=AnnualPlan.Status.PUBLISHED if published else AnnualPlan.Status.OPEN,
        opened_by=opener,
    )
    department = DepartmentFactory(region=plan.region)
    for month in months:
        PlanEntry.objects.create(
            plan=plan, department=department, title=f"计划检查{month}月", planned_month=month, filed_by=opener
        )
    return plan


def delivery_with_tallies(*, created_at: dt.datetime, tallies: dict):
    """A data request's delivery made at `created_at`, with per-school counts {school: (served, asked)}."""
    from jianfu.datahub.models import DataDelivery, DeliveryTally

    schools = list(tallies)
    matter = approved_matter_of(*schools, kind="data_request", day=created_at.date())
    delivery = DataDelivery.objects.create(
        matter=matter, population="teachers", year=created_at.year, created_at=created_at
    )
    for school, (served, asked) in tallies.items():
        DeliveryTally.objects.create(
            delivery=delivery,
            school=school,
            region=school.region,
            year=created_at.year,
            people=1,
            served=served,
            asked=asked,
        )
    return delivery


def report_with_case(
    *,
    received_at: dt.datetime,
    region_code: str,
    school=None,
    route_code: str | None = None,
    concluded_at: dt.datetime | None = None,
    conclusion: str = "",
):
    """A report (anonymous) and its case, routed to `route_code` (default the report's region), concluded at
    `concluded_at` when given; made directly (the reporting channel is tested in tests/oversight)."""
    from jianfu.oversight.models import Case, CaseState, Report

    number = next(_oversight_codes)
    report = Report.objects.create(
        tracking_hash=f"{number:064d}",
        title=f"要求教师参加与教学无关的活动{number}",
        organizer_name="某部门",
        school=school,
        school_name=school.name if school else "",
        region=region(region_code),
        received_at=received_at,
    )
    Case.objects.create(
        report=report,
        route_region=region(route_code or region_code),
        state=CaseState.CONCLUDED if concluded_at else CaseState.RECEIVED,
        accept_due_on=received_at.date() + dt.timedelta(days=3),
        conclude_due_on=received_at.date() + dt.timedelta(days=30),
        concluded_at=concluded_at,
        conclusion=conclusion,
    )
    return report


# --- measure 20: reports and their cases, received through the reporting service --------------------------------


def altcha_solution() -> str:
    """A solved proof-of-work challenge of the report form, as the page's script sends it."""
    import altcha

    from jianfu.oversight import antiabuse

    data = antiabuse.challenge_new()
    solution = altcha.solve_challenge_v1(
        data["challenge"], data["salt"], data["algorithm"], data["maxNumber"]
    )
    return altcha.PayloadV1(
        data["algorithm"], data["challenge"], solution.number, data["salt"], data["signature"]
    ).to_base64()


def oversight_report(*, actor=None, **fields):
    """A report received as a reporter would send it (anonymous, from someone not logged in, unless `actor` is
    given with anonymous=False); returns the service's Received (report and tracking code)."""
    from django.contrib.auth.models import AnonymousUser

    from jianfu.oversight.reporting import ReportInput, report_submit

    values = {
        "title": "要求全体教师为“最美家乡”评选网络投票并截图上报",
        "description": "镇里通过家长群和教师群布置，每位教师每天投票并截图。",
        "organizer_name": "固阳县文化旅游局",
        "organizer_level": "county",
    }
    values.update(fields)
    channel = values.pop("channel", "form")
    return report_submit(actor=actor or AnonymousUser(), data=ReportInput(**values), channel=channel)
