"""Demo ledger: four months of non-teaching hours for every active teacher, so the dashboards, workload pages and
warnings have something to show after `make run`; deterministic per seed.

Written the way a bulk load is (rows, then `rollups_rebuild()`), not entry by entry through the services: it is
synthetic history, recorded by each school's demo administrator where there is one, else by the city bureau's
account, and one audit row says it was loaded.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jianfu.accounts.models import User
from jianfu.audit import events
from jianfu.burden.models import Category, LedgerEntry
from jianfu.burden.rollups import rollups_rebuild
from jianfu.registry.models import Teacher

MONTHS = 4
# Typical monthly hours per category for one teacher (administration, meetings and forms dominate).
TYPICAL = {
    Category.ADMINISTRATIVE: 5,
    Category.MEETINGS: 4,
    Category.DATA_REQUESTS: 3,
    Category.PROFESSIONAL_DEVELOPMENT: 3,
    Category.INSPECTIONS: 2,
    Category.CAMPUS_ACTIVITIES: 2,
    Category.PROCTORING: 1,
    Category.OTHER: 1,
}
NOTES = {
    Category.ADMINISTRATIVE: "填写工作台账",
    Category.MEETINGS: "参加学区会议",
    Category.DATA_REQUESTS: "填报统计表",
    Category.PROFESSIONAL_DEVELOPMENT: "校本研修",
    Category.INSPECTIONS: "准备迎检材料",
    Category.CAMPUS_ACTIVITIES: "组织进校园活动",
    Category.PROCTORING: "社会考试监考",
    Category.OTHER: "其他临时任务",
}


def _month_starts(today: dt.date) -> list[dt.date]:
    months = [today.replace(day=1)]
    while len(months) < MONTHS:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def demo_ledger_load(*, today: dt.date | None = None, seed: int = 2020) -> int:
    """Entries for the last four months (up to today); nothing happens if the ledger holds any row already."""
    if LedgerEntry.objects.exists():
        return 0
    recorder = User.objects.filter(username="city-edu").first()
    if recorder is None:
        return 0
    today = today or timezone.localdate()
    admins = dict(User.objects.filter(role="school_admin").values_list("school_id", "pk"))
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data, deterministic per seed)
    teachers = list(
        Teacher.objects.filter(status=Teacher.Status.ACTIVE).order_by("pk").values_list("pk", "school_id")
    )
    demo_teacher = User.objects.filter(username="teacher-demo").values_list("teacher_id", flat=True).first()
    rows = []
    for month in _month_starts(today):
        last_day = today.day if month.month == today.month and month.year == today.year else 28
        for teacher_id, school_id in teachers:
            # A few teachers carry a heavy month (the warnings have something to show); the demo teacher too.
            heavy = teacher_id == demo_teacher or rng.random() < 0.04
            for category, typical in TYPICAL.items():
                hours = typical * (2.2 if heavy else rng.uniform(0.3, 1.3))
                while hours >= 0.5:
                    chunk = min(hours, rng.choice([1.0, 1.5, 2.0, 3.0]))
                    rows.append(
                        LedgerEntry(
                            teacher_id=teacher_id,
                            school_id=school_id,
                            category=category,
                            hours=Decimal(str(round(chunk * 2) / 2)),
                            date=month.replace(day=rng.randint(1, last_day)),
                            note=NOTES[category],
                            recorded_by_id=admins.get(school_id, recorder.pk),
                        )
                    )
                    hours -= chunk
    with transaction.atomic():
        LedgerEntry.objects.bulk_create(rows, batch_size=5_000)
        rollups_rebuild()
        events.ledger_demo_loaded(entries=len(rows))
    return len(rows)
