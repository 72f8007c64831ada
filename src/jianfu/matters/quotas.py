"""Quotas per school: settings per year and region, counters locked while an approval takes a slot.

Counters count approved Matters only. `reserve` runs inside the approval's transaction: it creates missing
counter rows (ON CONFLICT DO NOTHING), locks them in a fixed order (select_for_update) and refuses the approval
when a bucket would go over its limit, so two approvals racing for the last slot cannot both win.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from jianfu.matters.models import Kind, Matter, QuotaCounter, QuotaSetting
from jianfu.registry.models import Region, School, Teacher


def semester_of(day: dt.date) -> str:
    """'2026-1' is the spring semester (February to July), '2026-2' the autumn one (August to next January)."""
    if day.month == 1:
        return f"{day.year - 1}-2"
    return f"{day.year}-1" if day.month <= 7 else f"{day.year}-2"


def setting_for(*, year: int, region: Region | None) -> QuotaSetting:
    """The county's own setting for the year, else the city's, else the defaults."""
    candidates = []
    while region is not None:
        candidates.append(region.pk)
        region = region.parent
    rows = {row.region_id: row for row in QuotaSetting.objects.filter(year=year, region_id__in=candidates)}
    for region_id in candidates:
        if region_id in rows:
            return rows[region_id]
    return QuotaSetting(year=year)


@dataclass(frozen=True)
class Bucket:
    school: School
    key: str
    amount: int
    limit: int
    label: str


def active_teacher_counts(school_ids) -> dict[int, int]:
    rows = (
        Teacher.objects.filter(school_id__in=school_ids, status=Teacher.Status.ACTIVE)
        .values("school_id")
        .annotate(n=Count("id"))
    )
    return {row["school_id"]: row["n"] for row in rows}


def buckets_for(matter: Matter, schools: list[School]) -> list[Bucket]:
    """The quota buckets an approval of `matter` takes from, per school."""
    day = matter.starts_on
    if day is None:
        return []
    buckets = []
    teachers = active_teacher_counts([s.pk for s in schools]) if matter.kind == Kind.SOCIAL_EXAM else {}
    for school in schools:
        quota = setting_for(year=day.year, region=school.region)
        if matter.kind == Kind.CAMPUS_ACTIVITY:
            semester = semester_of(day)
            buckets.append(
                Bucket(
                    school, f"campus:{semester}", 1, quota.campus_activities_per_semester, "本学期进校园活动"
                )
            )
        elif matter.kind == Kind.INSPECTION and matter.comprehensive:
            buckets.append(
                Bucket(
                    school,
                    f"supervision:{day.year}",
                    1,
                    quota.supervisions_per_year,
                    "本年度县级以上综合督导",
                )
            )
        elif matter.kind == Kind.SOCIAL_EXAM:
            buckets.append(
                Bucket(school, f"exam:{day.year}", 1, quota.social_exams_per_year, "本年度社会考试")
            )
            proctors = int(matter.payload.get("proctors_needed") or 0)
            headcount = teachers.get(school.pk, 0)
            if proctors and headcount:
                buckets.append(
                    Bucket(
                        school,
                        f"proctoring:{day.year}",
                        proctors,
                        quota.proctoring_per_teacher_year * headcount,
                        f"本年度监考（{headcount}名教师，人均上限{quota.proctoring_per_teacher_year}次）",
                    )
                )
    return buckets


def reserve(matter: Matter) -> list[QuotaCounter]:
    """Take the Matter's slots; call inside the approval's transaction. Raises ValidationError when full."""
    schools = list(matter.schools.select_related("region", "region__parent").order_by("pk"))
    buckets = buckets_for(matter, schools)
    if not buckets:
        return []
    QuotaCounter.objects.bulk_create(
        [QuotaCounter(school=b.school, bucket=b.key) for b in buckets], ignore_conflicts=True
    )
    wanted = Q()
    for bucket in buckets:
        wanted |= Q(school=bucket.school, bucket=bucket.key)
    counters = {
        (c.school_id, c.bucket): c
        for c in QuotaCounter.objects.select_for_update().filter(wanted).order_by("school_id", "bucket")
    }
    errors = []
    for bucket in buckets:
        counter = counters[(bucket.school.pk, bucket.key)]
        if counter.used + bucket.amount > bucket.limit:
            errors.append(
                f"{bucket.school.name}{bucket.label}已用{counter.used}，上限{bucket.limit}，不能再批准"
            )
    if errors:
        raise ValidationError({"quota": errors})
    for bucket in buckets:
        counter = counters[(bucket.school.pk, bucket.key)]
        counter.used += bucket.amount
        counter.save(update_fields=["used"])
    return list(counters.values())


def used(*, school_ids, bucket: str) -> dict[int, int]:
    """school id -> how much of `bucket` is used."""
    rows = QuotaCounter.objects.filter(school_id__in=school_ids, bucket=bucket).values_list(
        "school_id", "used"
    )
    return dict(rows)
