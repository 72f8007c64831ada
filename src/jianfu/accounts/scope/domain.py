"""Domain queries built on the data scope: the secondment register (measure 14), student data exports
(measure 16) and the readers of a teacher's e-archive (measure 17)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.accounts.scope.access import visible_to
from jianfu.accounts.scope.datahub import archive_holder_rows, student_export_requester
from jianfu.accounts.scope.roles import BUREAUS, NOTHING
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Kind, Matter, State
from jianfu.registry.models import School, Student, Teacher
from jianfu.sharing.models import StudentExportRequest


def secondment_register(user) -> QuerySet[Matter]:
    """Measure 14: the approved secondments (Matters) of the teachers `user` may see: a teacher their own, a
    school its teachers', the bureaus and supervisors their area's. Who is seconded is personal data, so a
    department or party committee sees its Matters but not this register."""
    teachers = visible_to(user, Teacher)
    return visible_to(user, Matter).filter(
        kind=Kind.SECONDMENT, state=State.APPROVED, teacher__in=teachers.values("pk")
    )


def secondment_returns_recordable_by(user) -> QuerySet[Matter]:
    """The secondments whose return `user` may record: the school administrators of the teacher's school, and the
    education bureaus of its area (supervisors read only)."""
    rows = secondment_register(user)
    if getattr(user, "role", None) == Role.SCHOOL_ADMIN and user.school_id:
        return rows.filter(teacher__school_id=user.school_id)
    if getattr(user, "role", None) in BUREAUS:
        return rows.filter(teacher__school__region__code__in=user.area_region_codes)
    return rows.none()


def student_export_sources(user) -> QuerySet[School]:
    """Measure 16: the schools whose students an institution may ask for: a department those of its area; a
    school (for transfers) any other school of its city. Nobody else requests."""
    role = getattr(user, "role", None)
    if role == Role.DEPARTMENT and user.department_id:
        return visible_to(user, School)
    if role == Role.SCHOOL_ADMIN and user.school_id:
        own = user.school.region
        city_id = own.parent_id or own.pk
        schools = School.objects.filter(Q(region_id=city_id) | Q(region__parent_id=city_id))
        return schools.exclude(pk=user.school_id)
    return School.objects.none()


def student_exports_receivable_by(user) -> QuerySet[StudentExportRequest]:
    """The approved, unexpired requests whose file the user's institution (the requester only) may download."""
    mine = student_export_requester(user) if getattr(user, "is_authenticated", False) else NOTHING
    if mine == NOTHING:
        return StudentExportRequest.objects.none()
    return visible_to(user, StudentExportRequest).filter(
        mine, status=StudentExportRequest.Status.APPROVED, expires_on__gte=timezone.localdate()
    )


def students_released_by(user, export_id) -> QuerySet[Student]:
    """The students of the schools an approved, unexpired request names, for the institution that asked (which
    otherwise sees no student at all); nothing for anyone else."""
    released = student_exports_receivable_by(user).filter(pk=export_id)
    sources = StudentExportRequest.schools.through.objects.filter(studentexportrequest__in=released)
    return Student.objects.filter(school__in=sources.values("school_id"))


# The audit actions that read a teacher's archive or registry record (objects of type registry.teacher).
ARCHIVE_READ_ACTIONS = ("archive.view", "archive.download", "teacher.view")


def archive_holders(user) -> QuerySet[Teacher]:
    """Measure 17: the teachers whose e-archive `user` may open: a teacher their own, a school its teachers, the
    bureaus and supervisors their area's, a department those of its unexpired, unrevoked grants."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Teacher.objects.none()
    condition = archive_holder_rows(user)
    return Teacher.objects.none() if condition == NOTHING else Teacher.objects.filter(condition)


def archive_reads_of_own(user) -> QuerySet[AuditEvent]:
    """A teacher's "谁查看了我的档案": the audited reads of their archive and registry record by anyone else."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.TEACHER or not user.teacher_id:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        category=AuditEvent.Category.READ,
        object_type="registry.teacher",
        object_id=str(user.teacher_id),
        action__in=ARCHIVE_READ_ACTIONS,
    ).exclude(actor_id=user.pk)
