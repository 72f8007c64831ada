"""Reading the e-archive, always through the data scope (jianfu.accounts.scope)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.archive.models import ArchiveAccessGrant, ArchiveEntry, ArchiveFile, EntryStatus, Section
from jianfu.archive.services.grants import grantable_departments
from jianfu.audit.models import AuditEvent
from jianfu.registry.models import Department, School, Teacher


@dataclass(frozen=True)
class SectionEntries:
    section: str
    label: str
    entries: list[ArchiveEntry]


def archive_holder_by_id(*, user, teacher_id) -> Teacher:
    """The teacher whose archive `user` opens; out of reach (an expired grant included) and missing both 404."""
    try:
        return scope.archive_holders(user).select_related("school__region").get(pk=teacher_id)
    except (Teacher.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def archive_holder_list(*, user, query: str = "", school_id: int | None = None) -> QuerySet[Teacher]:
    teachers = scope.archive_holders(user).select_related("school")
    if school_id:
        teachers = teachers.filter(school_id=school_id)
    if query:
        teachers = teachers.filter(Q(name__icontains=query) | Q(school__name__icontains=query))
    return teachers.order_by("school__code", "name", "pk")


def _with_files(entries: QuerySet[ArchiveEntry]) -> QuerySet[ArchiveEntry]:
    return entries.prefetch_related(
        Prefetch("files", queryset=ArchiveFile.objects.order_by("uploaded_at", "pk"))
    )


def archive_sections(*, user, teacher: Teacher) -> list[SectionEntries]:
    """The entries of `teacher` that `user` may see, by section in the fixed order; replaced versions left out."""
    entries = _with_files(
        scope.visible_to(user, ArchiveEntry)
        .filter(teacher=teacher, replaced_at__isnull=True)
        .select_related("verified_by")
        .order_by("-date", "-pk")
    )
    by_section: dict[str, list[ArchiveEntry]] = {value: [] for value in Section.values}
    pending_versions = {entry.previous_id for entry in entries if entry.previous_id}
    for entry in entries:
        entry.has_pending_version = entry.pk in pending_versions
        by_section[entry.section].append(entry)
    return [SectionEntries(value, label, by_section[value]) for value, label in Section.choices]


def entry_editable_by(*, user, entry_id) -> ArchiveEntry:
    """The actor's own entry to edit (404 otherwise), with its files."""
    if getattr(user, "role", None) != Role.TEACHER:
        raise Http404
    try:
        return _with_files(scope.editable_by(user, ArchiveEntry)).get(pk=entry_id)
    except (ArchiveEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def reviewable_entries(*, user, query: str = "") -> QuerySet[ArchiveEntry]:
    """The school administrator's queue: submitted entries of its school, oldest first."""
    if getattr(user, "role", None) != Role.SCHOOL_ADMIN:
        return ArchiveEntry.objects.none()
    entries = scope.editable_by(user, ArchiveEntry).filter(status=EntryStatus.SUBMITTED)
    if query:
        entries = entries.filter(
            Q(teacher__name__icontains=query) | Q(title__icontains=query) | Q(issuer__icontains=query)
        )
    return _with_files(entries.select_related("teacher", "previous")).order_by("updated_at", "pk")


def entry_reviewable_ids(*, user, entry_ids) -> set[int]:
    if getattr(user, "role", None) != Role.SCHOOL_ADMIN:
        return set()
    return set(scope.editable_by(user, ArchiveEntry).filter(pk__in=entry_ids).values_list("pk", flat=True))


def file_for_download(*, user, file_id) -> ArchiveFile:
    try:
        return (
            scope.visible_to(user, ArchiveFile)
            .select_related("entry__teacher__school__region")
            .get(pk=file_id)
        )
    except (ArchiveFile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def grant_in_use(*, user, teacher: Teacher) -> ArchiveAccessGrant | None:
    """For a department, the unexpired grant through which it reads `teacher` (the one lasting longest)."""
    if getattr(user, "role", None) != Role.DEPARTMENT:
        return None
    return (
        scope.visible_to(user, ArchiveAccessGrant)
        .filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .filter(Q(teacher=teacher) | Q(schools=teacher.school_id))
        .order_by("-expires_at", "-pk")
        .first()
    )


def grant_list(*, user, state: str = "active") -> QuerySet[ArchiveAccessGrant]:
    grants = scope.visible_to(user, ArchiveAccessGrant).select_related(
        "department", "teacher__school", "granted_by", "revoked_by", "region"
    )
    now = timezone.now()
    if state == "active":
        grants = grants.filter(revoked_at__isnull=True, expires_at__gt=now)
    elif state == "ended":
        grants = grants.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))
    return grants.prefetch_related(Prefetch("schools", queryset=School.objects.order_by("code")))


def grant_revocable_ids(*, user, grant_ids) -> set[int]:
    rows = scope.editable_by(user, ArchiveAccessGrant).filter(pk__in=grant_ids, revoked_at__isnull=True)
    return set(rows.values_list("pk", flat=True))


def grant_form_choices(*, user) -> tuple[QuerySet[Department], QuerySet[School]]:
    """Departments that may be granted, and the schools of the bureau's area."""
    departments = scope.visible_to(user, Department).filter(pk__in=grantable_departments().values("pk"))
    schools = scope.visible_to(user, School).select_related("region").order_by("region__code", "code")
    return departments.order_by("region__code", "name"), schools


def access_log(*, user) -> QuerySet[AuditEvent]:
    """ "谁查看了我的档案": others' audited reads of the user's archive, newest first."""
    return scope.archive_reads_of_own(user).select_related(
        "actor__department", "actor__school", "actor__region"
    )
