"""Screening inside the pipeline: the engine with a context built from the database, plus the timing rules.

The similarity index of submitted Matters is kept per process and brought up to date on every use, cheaply:
one query (the table's newest updated_at and last id, two index lookups) tells whether anything changed. If it
did, only the Matters updated since the index's watermark are read and added, re-indexed or removed (back to
draft), and a count of the submitted Matters checks that the index holds exactly them; what the changed rows
cannot explain (a deletion, a rollback, a transaction that committed late) is reconciled by id. The count also
runs every RECOUNT_SECONDS when nothing changed. Only the first use in a process reads every Matter; a
submission in this process adds its Matter at once. Writes that bypass Model.save() must set updated_at.
"""

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
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

# Changed rows are re-read from this long before the watermark: a transaction that saved a Matter before the
# newest update but committed after it, or two updates in the same microsecond, are still found. Re-adding is
# idempotent, and a row already indexed at the same updated_at is not read again. App servers' clocks must
# agree to within this margin (NTP), since updated_at is each server's own clock.
OVERLAP = dt.timedelta(seconds=10)
# Without any change, the count of submitted Matters still runs this often: a deletion that is not the newest
# row, or a late commit, then shows within a minute (any change checks it at once).
RECOUNT_SECONDS = 60.0
CHUNK = 2_000
_FIELDS = ("id", "kind", "title", "description", "updated_at")

# How the index kept up, for the tests and the benchmark: full "builds", "deltas" (changed rows read),
# "recounts" and "reconciles" (the count disagreed; ids compared).
stats: Counter[str] = Counter()


@dataclass
class _Tracked:
    """The process's index and what it has seen of the table."""

    index: SimilarityIndex
    seen: tuple  # (newest updated_at, last id) of the table at the last look
    recount_due: float = 0.0  # time.monotonic() of the next count even if nothing changed
    # Matters indexed as of an updated_at inside the overlap: a re-read of the same version skips them.
    recent: dict[int, dt.datetime] = field(default_factory=dict)


_lock = threading.Lock()
_tracked: _Tracked | None = None


def indexed(matter: Matter) -> IndexedMatter:
    """What the index needs of a Matter: its kind and text (the index keeps no organizer, date or region)."""
    return IndexedMatter(
        id=str(matter.pk), kind=matter.kind, title=matter.title, description=matter.description
    )


def _submitted():
    return Matter.objects.exclude(state=State.DRAFT)


def _load(tracked: _Tracked, rows: Iterable[tuple]) -> set[int]:
    """Index rows of _FIELDS; returns their ids."""
    since = tracked.seen[0] - OVERLAP if tracked.seen[0] else None
    loaded = set()
    for pk, kind, title, description, updated_at in rows:
        tracked.index.add(IndexedMatter(id=str(pk), kind=kind, title=title, description=description))
        if since is not None and updated_at >= since:
            tracked.recent[pk] = updated_at
        loaded.add(pk)
    return loaded


def _load_ids(tracked: _Tracked, ids: list[int]) -> set[int]:
    """Index the submitted Matters among `ids`, oldest update first (the index takes the last added as the
    newest)."""
    loaded = set()
    for start in range(0, len(ids), CHUNK):
        rows = _submitted().filter(pk__in=ids[start : start + CHUNK]).order_by("updated_at", "id")
        loaded |= _load(tracked, rows.values_list(*_FIELDS))
    return loaded


def _build(seen: tuple) -> _Tracked:
    """Every submitted Matter, read in one pass: the first use in a process (or after index_reset)."""
    stats["builds"] += 1
    tracked = _Tracked(index=SimilarityIndex(), seen=seen)
    rows = _submitted().order_by("updated_at", "id").values_list(*_FIELDS)
    _load(tracked, rows.iterator(chunk_size=CHUNK))
    tracked.recount_due = time.monotonic() + RECOUNT_SECONDS
    return tracked


def _apply_changes(tracked: _Tracked, since: dt.datetime | None) -> None:
    """Re-read the Matters updated since `since`: a draft leaves the index, a new version is (re)indexed.
    The ids and timestamps come first, so rows already indexed at that version cost no text and no tokens."""
    stats["deltas"] += 1
    changed = Matter.objects.order_by("updated_at", "id")
    if since is not None:
        changed = changed.filter(updated_at__gte=since)
    stale = []
    for pk, updated_at, state in changed.values_list("id", "updated_at", "state"):
        if state == State.DRAFT:
            tracked.index.remove(str(pk))
            tracked.recent.pop(pk, None)
        elif tracked.recent.get(pk) != updated_at or str(pk) not in tracked.index:
            stale.append(pk)
    loaded = _load_ids(tracked, stale)
    for pk in set(stale) - loaded:  # went back to draft (or was deleted) between the two reads
        tracked.index.remove(str(pk))
        tracked.recent.pop(pk, None)


def _recount(tracked: _Tracked) -> None:
    """The index must hold exactly the submitted Matters; if the count disagrees, compare ids and fix the
    difference (tens of milliseconds at 100,000 Matters, where a rebuild takes tens of seconds)."""
    stats["recounts"] += 1
    if _submitted().count() != len(tracked.index):
        stats["reconciles"] += 1
        table = set(_submitted().order_by().values_list("id", flat=True))
        held = {int(matter_id) for matter_id in tracked.index.ids()}
        for pk in held - table:
            tracked.index.remove(str(pk))
            tracked.recent.pop(pk, None)
        _load_ids(tracked, sorted(table - held))
    tracked.recount_due = time.monotonic() + RECOUNT_SECONDS


def matter_index() -> SimilarityIndex:
    """Every submitted Matter (not drafts), indexed for similarity, as of now."""
    global _tracked
    with _lock:
        # The last id catches an insert saved in the same microsecond as the newest update already seen.
        row = Matter.objects.aggregate(at=Max("updated_at"), last=Max("id"))
        seen = (row["at"], row["last"])
        if _tracked is None:
            _tracked = _build(seen)
            return _tracked.index
        tracked = _tracked
        if seen == tracked.seen and time.monotonic() < tracked.recount_due:
            return tracked.index
        if seen != tracked.seen:
            # The newest update may also move back (a rollback): re-read from the earlier of the two.
            known = [at for at in (tracked.seen[0], seen[0]) if at is not None]
            _apply_changes(tracked, min(known) - OVERLAP if known else None)
            tracked.seen = seen
            horizon = seen[0] - OVERLAP if seen[0] else None
            tracked.recent = {pk: at for pk, at in tracked.recent.items() if horizon and at >= horizon}
        _recount(tracked)
        return tracked.index


def index_update(matter: Matter) -> None:
    """Add (or re-index, or remove if a draft) a Matter just saved in this process, so that the next look at
    the table does not read it again."""
    with _lock:
        if _tracked is None:
            return  # the first use reads it with every other Matter
        if matter.state == State.DRAFT:
            _tracked.index.remove(str(matter.pk))
            _tracked.recent.pop(matter.pk, None)
        else:
            _tracked.index.add(indexed(matter))
            _tracked.recent[matter.pk] = matter.updated_at


def index_reset() -> None:
    global _tracked
    with _lock:
        _tracked = None


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
