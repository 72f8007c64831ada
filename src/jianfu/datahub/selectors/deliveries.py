"""Reads of what approved data requests delivered and asked, and their counts per request, county and year."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.datahub import dictionary
from jianfu.datahub.dictionary import COLLECTED_PREFIX, TEACHERS
from jianfu.datahub.models import DataDelivery, DeliveryTally, FieldTask, TeacherFieldValue
from jianfu.datahub.selectors.fields import HELD, fields_classify
from jianfu.matters.models import Kind, Matter
from jianfu.registry.models import Teacher

# Who a data request reaches: every teacher of the schools concerned who has not retired.
REQUEST_STATUSES = (Teacher.Status.ACTIVE, Teacher.Status.SECONDED, Teacher.Status.LEAVE)


# --- deliveries and their counts ------------------------------------------------------------------------------


def request_teachers(*, matter: Matter) -> QuerySet[Teacher]:
    """The teachers a data request concerns: those of its schools who have not retired."""
    return Teacher.objects.filter(
        school__in=matter.schools.values("pk"), status__in=REQUEST_STATUSES
    ).order_by("school__code", "pk")


def access_delivery_by_id(*, user, delivery_id) -> DataDelivery:
    return scope.access_by_id(user, DataDelivery, delivery_id)


def delivery_fields_of(*, matter: Matter) -> list[dict] | None:
    """The fields of an approved request as classified at approval (part of the Matter, no personal data): for
    whoever the caller already let see the Matter through the scope."""
    return DataDelivery.objects.filter(matter=matter).values_list("fields", flat=True).first()


@dataclass(frozen=True)
class Counts:
    people: int = 0
    served: int = 0
    asked: int = 0
    answered: int = 0

    @property
    def served_share(self) -> int | None:
        """Percentage of the entries served from the registry, of all the request needed."""
        total = self.served + self.asked
        return round(100 * self.served / total) if total else None


def _sums(rows) -> Counts:
    return Counts(
        people=sum(row["people"] for row in rows),
        served=sum(row["served"] for row in rows),
        asked=sum(row["asked"] for row in rows),
        answered=sum(row["answered"] for row in rows),
    )


@dataclass(frozen=True)
class RequestCounts:
    delivery_id: int
    matter_id: int
    title: str
    organizer: str
    approved_on: dt.datetime
    counts: Counts
    downloadable: bool


@dataclass(frozen=True)
class RegionCounts:
    code: str
    name: str
    requests: int
    counts: Counts


def _tallies(*, user, year: int) -> QuerySet[DeliveryTally]:
    return scope.visible_to(user, DeliveryTally).filter(year=year)


def delivery_years(*, user, current: int) -> list[int]:
    years = set(scope.visible_to(user, DeliveryTally).values_list("year", flat=True).distinct())
    return sorted(years | {current}, reverse=True)


def counts_by_request(*, user, year: int) -> list[RequestCounts]:
    """Each request of the year with its counts within the user's scope (a department: the whole request; a
    bureau or supervisor: the part in its area), newest first."""
    rows = list(
        _tallies(user=user, year=year)
        .values(
            "delivery_id",
            "delivery__matter_id",
            "delivery__matter__title",
            "delivery__matter__organizer__name",
            "delivery__created_at",
        )
        .annotate(
            people=_sum("people"), served=_sum("served"), asked=_sum("asked"), answered=_sum("answered")
        )
        .order_by("-delivery__created_at", "-delivery_id")
    )
    ids = [row["delivery_id"] for row in rows]
    mine = set(scope.visible_to(user, DataDelivery).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        RequestCounts(
            delivery_id=row["delivery_id"],
            matter_id=row["delivery__matter_id"],
            title=row["delivery__matter__title"],
            organizer=row["delivery__matter__organizer__name"],
            approved_on=row["delivery__created_at"],
            counts=_sums([row]),
            downloadable=row["delivery_id"] in mine,
        )
        for row in rows
    ]


def counts_by_region(*, user, year: int) -> list[RegionCounts]:
    """The yearly headline per county of the user's scope: requests, people, entries served and asked."""
    rows = (
        _tallies(user=user, year=year)
        .values("region__code", "region__name")
        .annotate(
            requests=Count("delivery", distinct=True),
            people=_sum("people"),
            served=_sum("served"),
            asked=_sum("asked"),
            answered=_sum("answered"),
        )
        .order_by("region__code")
    )
    return [
        RegionCounts(row["region__code"], row["region__name"], row["requests"], _sums([row])) for row in rows
    ]


def counts_total(*, user, year: int) -> tuple[int, Counts]:
    rows = list(
        _tallies(user=user, year=year)
        .values("delivery_id")
        .annotate(
            people=_sum("people"), served=_sum("served"), asked=_sum("asked"), answered=_sum("answered")
        )
    )
    return len(rows), _sums(rows)


def _sum(name: str) -> Coalesce:
    return Coalesce(Sum(name), 0)


# --- the data-request panel of a Matter's page ---------------------------------------------------------------


@dataclass(frozen=True)
class RequestPanel:
    population: str
    marks: list[dict]
    held: int
    new: int
    delivery: DataDelivery | None  # only for the requesting department
    counts: Counts | None
    my_task: FieldTask | None


def request_panel(*, user, matter: Matter) -> RequestPanel | None:
    """What the Matter page shows of a data request; `matter` was accessed through the scope by the caller."""
    if matter.kind != Kind.DATA_REQUEST:
        return None
    population = matter.payload.get("population") or TEACHERS
    marks = delivery_fields_of(matter=matter)
    if marks is None:
        marks = [
            mark.as_dict()
            for mark in fields_classify(fields=matter.payload.get("fields") or [], population=population)
        ]
    delivery = scope.visible_to(user, DataDelivery).filter(matter=matter).first()
    tallies = list(
        scope.visible_to(user, DeliveryTally)
        .filter(delivery__matter=matter)
        .values("people", "served", "asked", "answered")
    )
    my_task = None
    if getattr(user, "role", None) == Role.TEACHER:
        my_task = scope.visible_to(user, FieldTask).filter(delivery__matter=matter).first()
    held = sum(1 for mark in marks if mark["status"] == HELD)
    return RequestPanel(
        population=population,
        marks=marks,
        held=held,
        new=len(marks) - held,
        delivery=delivery,
        counts=_sums(tallies) if tallies else None,
        my_task=my_task,
    )


# --- the delivery itself ---------------------------------------------------------------------------------------

MISSING = "（未填写）"


@dataclass(frozen=True)
class DeliveryTable:
    columns: list[str]
    rows: list[list]


def delivery_table(*, delivery: DataDelivery, today: dt.date) -> DeliveryTable:
    """The requested fields of every teacher concerned, read now from the registry and the teachers' answers: ID
    numbers masked, a field a teacher has not answered yet marked. The caller accessed `delivery` through the
    scope (the requesting department); this is the authorised institution-to-institution export."""
    book = dictionary.current()
    teachers = request_teachers(matter=delivery.matter).select_related("school")
    collected_ids = [
        int(item["code"].removeprefix(COLLECTED_PREFIX))
        for item in delivery.fields
        if item["code"].startswith(COLLECTED_PREFIX)
    ]
    values = {
        (teacher_id, field_id): value
        for teacher_id, field_id, value in TeacherFieldValue.objects.filter(
            teacher__in=teachers.values("pk"), field_id__in=collected_ids
        ).values_list("teacher_id", "field_id", "value")
    }
    readers = []
    for item in delivery.fields:
        entry = book.by_code(item["code"])
        if entry is not None:
            readers.append(lambda teacher, entry=entry: dictionary.read_value(entry, teacher, today=today))
        else:
            field_id = int(item["code"].removeprefix(COLLECTED_PREFIX))
            readers.append(lambda teacher, pk=field_id: values.get((teacher.pk, pk), MISSING))
    columns = [item["requested"] for item in delivery.fields]
    with_school = "teacher.school" not in {item["code"] for item in delivery.fields}
    if with_school:
        columns.insert(0, "学校")
    rows = []
    for teacher in teachers:
        row = [read(teacher) for read in readers]
        rows.append([teacher.school.name, *row] if with_school else row)
    return DeliveryTable(columns=columns, rows=rows)
