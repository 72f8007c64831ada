"""Reads of student export requests and of the students an approved request releases, through the data scope."""

import re

from django.db.models import Q, QuerySet
from django.http import Http404

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.registry.models import School, Student
from jianfu.sharing import exportable
from jianfu.sharing.models import StudentExportRequest

_NUMBER = re.compile(r"^(?:XSDC)?-?0*(\d{1,9})$", re.IGNORECASE)


def export_requests_visible_to(*, user, status: str = "", query: str = "") -> QuerySet[StudentExportRequest]:
    """The requests the user may see (their institution's, or those submitted to their area), newest first;
    `query` matches the request number, the purpose, the requesting institution or a source school."""
    rows = (
        scope.visible_to(user, StudentExportRequest)
        .select_related("requester_department", "requester_school", "route_region", "decided_by")
        .prefetch_related("schools")
    )
    if status in StudentExportRequest.Status.values:
        rows = rows.filter(status=status)
    if query:
        condition = (
            Q(purpose__icontains=query)
            | Q(requester_department__name__icontains=query)
            | Q(requester_school__name__icontains=query)
            | Q(pk__in=StudentExportRequest.schools.through.objects.filter(school__name__icontains=query).values(
                "studentexportrequest_id"
            ))
        )  # fmt: skip
        number = _NUMBER.match(query.strip())
        if number:
            condition |= Q(pk=int(number.group(1)))
        rows = rows.filter(condition)
    return rows


def export_request_for(*, user, export_id) -> StudentExportRequest:
    """One request in the user's scope (404 otherwise, as if missing)."""
    export = scope.access_by_id(user, StudentExportRequest, export_id)
    return (
        StudentExportRequest.objects.select_related(
            "requester_department", "requester_school", "route_region", "requested_by", "decided_by"
        )
        .prefetch_related("schools__region")
        .get(pk=export.pk)
    )


def may_edit(*, user, export: StudentExportRequest) -> bool:
    return (
        export.status == StudentExportRequest.Status.DRAFT
        and scope.editable_by(user, StudentExportRequest).filter(pk=export.pk).exists()
    )


def may_decide(*, user, export: StudentExportRequest) -> bool:
    return (
        user.role in (Role.CITY_EDU, Role.COUNTY_EDU)
        and export.status == StudentExportRequest.Status.SUBMITTED
        and scope.editable_by(user, StudentExportRequest).filter(pk=export.pk).exists()
    )


def may_download(*, user, export: StudentExportRequest) -> bool:
    return scope.student_exports_receivable_by(user).filter(pk=export.pk).exists()


def receivable_export_for(*, user, export_id) -> StudentExportRequest:
    """An approved, unexpired request of the user's institution; anything else is a 404, exactly like a missing
    one (a draft, a rejection, an expired grant, another institution's request)."""
    rows = (
        scope.student_exports_receivable_by(user)
        .select_related("requester_department", "requester_school", "route_region")
        .prefetch_related("schools")
    )
    try:
        return rows.get(pk=export_id)
    except (StudentExportRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def released_students(*, user, export: StudentExportRequest) -> QuerySet[Student]:
    """The enrolled students of the source schools, as released to the requester; only what the fields need."""
    rows = scope.students_released_by(user, export.pk).filter(status=Student.Status.ENROLLED)
    if any(exportable.BY_KEY[key].needs_school for key in exportable.ordered(export.fields)):
        rows = rows.select_related("school")
    return rows.order_by("school__code", "grade", "class_name", "name", "pk")


def source_choices(*, user) -> QuerySet[School]:
    return scope.student_export_sources(user).select_related("region").order_by("region__code", "code")


def students_at_source(*, user, export: StudentExportRequest) -> int | None:
    """How many enrolled students the request would release, for the bureau deciding it (it sees them anyway);
    None for anyone who may not count them."""
    if user.role not in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR):
        return None
    return (
        scope.visible_to(user, Student)
        .filter(school__in=[s.pk for s in export.schools.all()], status=Student.Status.ENROLLED)
        .count()
    )
