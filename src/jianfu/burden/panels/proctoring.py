"""Measure 8: proctorings per teacher in the year against the cap, as a per-teacher table or a histogram.

The loads come from the year's assignments grouped by teacher (only teachers who proctored); the teachers with
none are the group's active teachers minus those, counted by the database: no teacher is read row by row.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from jianfu.accounts import scope
from jianfu.burden.dashboard import Group, Level, groups_of
from jianfu.burden.models import ProctorAssignment
from jianfu.burden.panels.base import Panel, by_level, year_range
from jianfu.matters.models import QuotaSetting
from jianfu.registry.models import School, SchoolHeadcount, Teacher


@dataclass
class ProctoringRow:
    """A teacher (school level: one teacher) or a group of them: how many teachers proctored how often."""

    key: object
    label: str
    cap: int
    loads: Counter = field(default_factory=Counter)  # proctorings this year -> number of teachers
    top: int = 0  # the histogram's largest bin: the panel's largest cap
    drill: dict | None = None
    single: bool = False  # one teacher (the school level)

    @property
    def teachers(self) -> int:
        return sum(self.loads.values())

    @property
    def proctorings(self) -> int:
        return sum(load * n for load, n in self.loads.items())

    @property
    def proctoring_teachers(self) -> int:
        return sum(n for load, n in self.loads.items() if load > 0)

    @property
    def max_load(self) -> int:
        return max((load for load, n in self.loads.items() if n), default=0)

    @property
    def over(self) -> int:
        """Teachers above their cap."""
        return sum(n for load, n in self.loads.items() if load > self.cap)

    @property
    def histogram(self) -> list[int]:
        """Teachers with 0, 1, …, `top` proctorings (within their cap), then those above the cap."""
        within = [self.loads[load] if load <= self.cap else 0 for load in range(self.top + 1)]
        return [*within, self.over]

    @property
    def flagged(self) -> bool:
        return self.over > 0

    @property
    def cells(self) -> list:
        if self.single:
            return [self.proctorings, self.cap, "是" if self.over else "否"]
        return [
            self.teachers,
            self.cap,
            self.proctorings,
            self.proctoring_teachers,
            self.max_load,
            *self.histogram,
        ]


def caps_of(*, user, year: int, region_ids) -> dict[int, int]:
    """Region id -> the year's proctoring cap, as quotas.setting_for (the region's own setting, else its parent's,
    else the default), for many regions in one query."""
    ids = sorted(set(region_ids))
    rows = (
        scope.visible_to(user, QuotaSetting)
        .filter(Q(region_id__in=ids) | Q(region__children__in=ids), year=year)
        .order_by()
        .values_list("region_id", "region__children", "proctoring_per_teacher_year")
    )
    own, inherited = {}, {}
    for region_id, child, cap in rows:
        own[region_id] = cap
        inherited[child] = cap
    default = QuotaSetting(year=year).proctoring_per_teacher_year
    return {pk: own.get(pk, inherited.get(pk, default)) for pk in ids}


def _loads(user, level: Level, groups, year: int, key: str):
    """(group key, teacher, name, active?, proctorings) of every teacher who proctored in the year, by the
    teacher's school now; `key` names the group through the teacher ("teacher__school_id", ...)."""
    return (
        scope.visible_to(user, ProctorAssignment)
        .filter(by_level(level, groups, school="teacher__school"), exam_date__range=year_range(year))
        .order_by()
        .values_list(key, "teacher_id", "teacher__name", "teacher__status")
        .annotate(n=Count("pk"))
    )


def proctoring(*, user, level: Level, year: int, groups: dict[int, Group] | None = None) -> Panel:
    """Proctorings in the year against the cap, of each school's teachers now (in post, or having proctored): per
    teacher at a school; per school or county the sums, the most by one teacher and the histogram."""
    active = scope.visible_to(user, Teacher).filter(status=Teacher.Status.ACTIVE).order_by()
    if level.kind == "school":
        cap = caps_of(user=user, year=year, region_ids=[level.school.region_id])[level.school.region_id]
        loads = {pk: (name, n) for _, pk, name, _, n in _loads(user, level, None, year, "teacher__school_id")}
        names = dict(active.filter(school_id=level.school.pk).values_list("pk", "name"))
        everyone = {pk: (name, 0) for pk, name in names.items()} | loads
        rows = [
            ProctoringRow(pk, name, cap, Counter({n: 1}), single=True) for pk, (name, n) in everyone.items()
        ]
    else:
        groups = groups_of(user=user, level=level) if groups is None else groups
        county = level.kind == "county"
        caps = caps_of(user=user, year=year, region_ids=[level.region.pk] if county else groups)
        cap = max(caps.values(), default=QuotaSetting(year=year).proctoring_per_teacher_year)
        key = "school_id" if county else "school__region_id"
        by_key = {
            pk: ProctoringRow(pk, g.label, caps[level.region.pk if county else pk], drill=g.drill)
            for pk, g in groups.items()
        }
        active_proctors: dict = defaultdict(int)
        for group, _, _, status, n in _loads(user, level, groups, year, f"teacher__{key}"):
            if group in by_key:
                by_key[group].loads[n] += 1
                active_proctors[group] += status == Teacher.Status.ACTIVE
        # Active teachers per group from the maintained per-school headcount (one row per school), not counted
        # from every teacher of a province on each view; a county's schools bring theirs with the groups.
        if county:
            headcount = [{key: pk, "n": g.active} for pk, g in groups.items()]
        else:
            headcount = (
                SchoolHeadcount.objects.filter(school__in=scope.visible_to(user, School).values("pk"))
                .filter(by_level(level, groups, school="school"))
                .order_by()
                .values(key)
                .annotate(n=Sum("active"))
            )
        for item in headcount:  # active teachers who did not proctor: the histogram's zero
            if item[key] in by_key:
                by_key[item[key]].loads[0] += item["n"] - active_proctors[item[key]]
        rows = list(by_key.values())
    for row in rows:
        row.top = cap
    rows.sort(key=lambda r: (-r.proctorings, r.label))
    bins = [f"{load}次" for load in range(cap + 1)] + ["超过上限"]
    histogram = [sum(column) for column in zip(*(row.histogram for row in rows), strict=True)]
    if level.kind == "school":
        columns = [f"{year}年监考次数", "年度上限", "超过上限"]
    else:
        columns = ["教师人数", "年度上限", "监考人次", "参与监考教师", "单人最多", *bins]
    return Panel(
        kind="proctoring",
        level=level,
        title=f"{year}年教师监考次数分布",
        columns=columns,
        rows=rows,
        chart={
            "labels": bins,
            "series": [{"name": "教师人数", "data": histogram or [0] * len(bins)}],
            "unit": "人",
        },
        empty=f"没有{level.group_label}",
    )
