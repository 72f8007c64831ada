"""Screening inside the pipeline: the engine with a context built from the database, plus the timing rules.

The similarity index of existing Matters is kept per process and checked against a cheap signature of the
table on every use, so a Matter submitted through another process (or a test's rollback) rebuilds it; a
submission in this process adds its Matter without a rebuild.
"""

import datetime as dt
import threading
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.matters import quotas
from jianfu.matters.intake import Intake, intake_from_data, matter_input_of, organizer_of
from jianfu.matters.models import ExamWeek, Kind, Matter, State
from jianfu.matters.routing import route_region_for
from jianfu.policy.context import ExamWeek as PolicyExamWeek
from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.matter_input import MatterInputError
from jianfu.policy.services import case_index_current
from jianfu.policy.similarity import IndexedMatter, SimilarityIndex
from jianfu.registry.models import Region

_lock = threading.Lock()
_index: SimilarityIndex | None = None
_signature: tuple | None = None


def _table_signature() -> tuple:
    row = Matter.objects.exclude(state=State.DRAFT).aggregate(
        n=Count("id"), last=Max("id"), at=Max("submitted_at")
    )
    return (row["n"], row["last"], row["at"])


def indexed(matter: Matter) -> IndexedMatter:
    return IndexedMatter(
        id=str(matter.pk),
        kind=matter.kind,
        title=matter.title,
        description=matter.description,
        organizer=matter.organizer.name if matter.organizer_id else "",
        date=matter.starts_on,
        region=matter.route_region.code if matter.route_region_id else "",
    )


def matter_index() -> SimilarityIndex:
    """Every submitted Matter (not drafts), indexed for similarity."""
    global _index, _signature
    signature = _table_signature()
    with _lock:
        if _index is None or signature != _signature:
            index = SimilarityIndex()
            rows = Matter.objects.exclude(state=State.DRAFT).select_related("organizer", "route_region")
            index.add_many(indexed(matter) for matter in rows.iterator(chunk_size=2000))
            _index, _signature = index, signature
        return _index


def index_update(matter: Matter) -> None:
    """Add (or re-index) a Matter just submitted in this process."""
    global _signature
    index = matter_index()
    with _lock:
        index.add(indexed(matter))
        _signature = _table_signature()


def index_reset() -> None:
    global _index, _signature
    with _lock:
        _index, _signature = None, None


def _day_of(intake: Intake, today: dt.date) -> dt.date:
    return intake.starts_on or today


def context_for(
    *, intake: Intake, route_region: Region | None, today: dt.date, exclude_id: int | None
) -> ScreeningContext:
    day = _day_of(intake, today)
    quota = quotas.setting_for(year=day.year, region=route_region)
    ids = [school.pk for school in intake.schools]
    code_of = {school.pk: school.code for school in intake.schools}
    campus = quotas.used(school_ids=ids, bucket=f"campus:{quotas.semester_of(day)}")
    exams = quotas.used(school_ids=ids, bucket=f"exam:{day.year}")
    proctoring = quotas.used(school_ids=ids, bucket=f"proctoring:{day.year}")
    teachers = quotas.active_teacher_counts(ids) if intake.kind == Kind.SOCIAL_EXAM else {}
    submitted = set()
    for materials in Matter.objects.filter(
        state=State.APPROVED,
        schools__in=ids,
        starts_on__year=day.year,
        kind__in=[Kind.INSPECTION, Kind.DATA_REQUEST],
    ).values_list("payload__materials", flat=True):
        submitted.update(item for item in materials or [] if isinstance(item, str))
    return ScreeningContext(
        today=today,
        campus_activities_this_semester={code_of[pk]: n for pk, n in campus.items()},
        social_exams_this_year={code_of[pk]: n for pk, n in exams.items()},
        proctoring_per_teacher={code_of[pk]: proctoring.get(pk, 0) / n for pk, n in teachers.items() if n},
        teacher_counts={code_of[pk]: n for pk, n in teachers.items()},
        submitted_materials=frozenset(submitted),
        exam_weeks=tuple(
            PolicyExamWeek(
                school=week.school.name, starts_on=week.starts_on, ends_on=week.ends_on, title=week.title
            )
            for week in ExamWeek.objects.filter(school_id__in=ids)
            .select_related("school")
            .order_by("starts_on")
        ),
        params={
            "M03.min-interval": {"min_interval_days": quota.min_interval_days},
            "M03.announce-ahead": {"months_ahead": quota.announce_months_ahead},
            "M04.campus-quota": {"max_per_school_semester": quota.campus_activities_per_semester},
            "M08.social-exam-quota": {
                "max_exams_per_school_year": quota.social_exams_per_year,
                "max_proctoring_per_teacher_year": quota.proctoring_per_teacher_year,
            },
        },
        matter_index=matter_index(),
        case_index=case_index_current(),
        exclude_similar_ids=frozenset({str(exclude_id)} if exclude_id else ()),
    )


def engine_payload(intake: Intake) -> dict[str, Any]:
    """What the engine screens: consent and filing are what the approval chain itself obtains (the bureau's
    consent to a social exam or a secondment, the party committee's filing), so they are not asked of the
    submitter and do not count against the Matter."""
    payload = dict(intake.payload)
    if intake.kind == Kind.SECONDMENT:
        payload.update(education_consent=True, party_filing=True)
    elif intake.kind == Kind.SOCIAL_EXAM:
        payload["education_consent"] = True
    return payload


def screen_intake(
    intake: Intake,
    *,
    route_region: Region | None,
    today: dt.date | None = None,
    exclude_id: int | None = None,
) -> dict[str, Any]:
    """The screening snapshot: verdict, catalog_version, findings and similar Matters, as of `today`."""
    today = today or timezone.localdate()
    context = context_for(intake=intake, route_region=route_region, today=today, exclude_id=exclude_id)
    return screen(engine_payload(intake), context).as_dict()


def rescreen(matter: Matter) -> dict[str, Any]:
    """Screen a stored Matter again as of today: what held at submission (timing, counts) may not hold at the
    final approval, when the whitelist publishes it."""
    data = matter_input_of(matter)
    intake = intake_from_data(data=data, user=matter.submitted_by, department=matter.organizer, strict=True)
    return screen_intake(intake, route_region=matter.route_region, exclude_id=matter.pk)


def screening_preview(*, user, data: Any, partial: bool = False) -> dict[str, Any]:
    """The screening a department user sees while drafting: its Matter JSON completed with what the database
    knows (organizer, schools, this year's counts, similar Matters), listing only similar Matters the user may
    see. Raises MatterInputError naming the bad fields; nothing is saved. With `partial`, an incomplete Matter
    still gets its text screened (title and description as typed so far) and the missing fields listed under
    `incomplete`, so the form warns while the user is still typing."""
    department = user.department
    if department is None:
        raise MatterInputError([{"field": "organizer", "message": "只有部门账号可以按本部门筛查事项"}])
    try:
        intake = intake_from_data(data=data, user=user, department=department, strict=True)
    except MatterInputError as exc:
        if not partial or not isinstance(data, dict) or not str(data.get("title") or "").strip():
            raise
        return _text_only(data, department, incomplete=exc.errors)
    route = route_region_for(organizer=department, schools=intake.schools)
    result = screen_intake(intake, route_region=route, exclude_id=_int(data.get("id")))
    ids = [_int(match["id"]) for match in result["similar"]]
    visible = set(scope.visible_to(user, Matter).filter(pk__in=ids).values_list("pk", flat=True))
    visible |= set(scope.published(Matter).filter(pk__in=ids).values_list("pk", flat=True))
    result["similar"] = [match for match in result["similar"] if _int(match["id"]) in visible]
    return result


def _text_only(data: dict, department, *, incomplete: list[dict[str, str]]) -> dict[str, Any]:
    """Screen what has been typed as a plain task: the text rules need no dates, schools or counts."""
    targets = data.get("targets") if isinstance(data.get("targets"), dict) else {}
    matter = {
        "kind": "task",
        "title": str(data.get("title") or "")[:300],
        "description": str(data.get("description") or "")[:50_000],
        "organizer": organizer_of(department),
        "targets": {key: bool(targets.get(key)) for key in ("teachers", "students", "parents")},
    }
    result = screen(matter, ScreeningContext(case_index=case_index_current())).as_dict()
    return {**result, "similar": [], "incomplete": incomplete}


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None
