"""Measure 8: a school assigns proctors to the approved social exams it hosts in a period, then adjusts by hand.

The solver (burden.solver) makes the largest yearly load as small as possible and spreads the rest; the run keeps
the optimum and the lower bound it reported; each assignment says why that teacher (eligible, load before/after).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import solver
from jianfu.burden.models import Category, ProctorAssignment, ProctoringRun
from jianfu.burden.services.ledger import clean_hours, ledger_write
from jianfu.matters import quotas
from jianfu.matters.models import Kind, Matter, State
from jianfu.registry.models import School, Teacher


def _school_admin(actor) -> None:
    if getattr(actor, "role", None) != Role.SCHOOL_ADMIN or not actor.school_id:
        raise PermissionDenied("只有承办考试的学校管理员可以安排监考")


def _clean_exclusion(raw) -> dict[str, list[str]]:
    raw = raw or {}

    def listed(value) -> list[str]:
        items = value.replace("，", ",").split(",") if isinstance(value, str) else list(value or [])
        return sorted({str(item).strip() for item in items if str(item).strip()})

    return {"subjects": listed(raw.get("subjects")), "stages": listed(raw.get("stages"))}


def exclusion_of(matter: Matter, chosen: dict | None = None) -> dict[str, list[str]]:
    """Whom the exam keeps away (teachers of its students): its own payload's lists plus the school's choice."""
    payload = _clean_exclusion(
        {"subjects": matter.payload.get("exclude_subjects"), "stages": matter.payload.get("exclude_stages")}
    )
    mine = _clean_exclusion(chosen)
    return {key: sorted(set(payload[key]) | set(mine[key])) for key in payload}


def _chosen_for(exclusions: dict, matter_id: int) -> dict:
    """The school's exclusions for one exam: its own entry plus the "*" entry that applies to every exam."""
    mine, every = _clean_exclusion(exclusions.get(str(matter_id))), _clean_exclusion(exclusions.get("*"))
    return {key: mine[key] + every[key] for key in mine}


def is_excluded(teacher, exclusion: dict) -> bool:
    return teacher.subject in exclusion["subjects"] or teacher.stage_taught in exclusion["stages"]


def hosted_exams(*, actor, date_from: dt.date, date_to: dt.date) -> list[Matter]:
    """Approved social exams the actor's school hosts in the period (as the school sees them)."""
    school = actor.school
    return [
        matter
        for matter in scope.visible_to(actor, Matter)
        .filter(kind=Kind.SOCIAL_EXAM, state=State.APPROVED, starts_on__range=(date_from, date_to))
        .order_by("starts_on", "pk")
        if matter.payload.get("school_code") == school.code
    ]


def yearly_loads(*, teacher_ids, year: int) -> dict[int, int]:
    rows = (
        ProctorAssignment.objects.filter(teacher_id__in=teacher_ids, exam_date__year=year)
        .order_by()
        .values("teacher_id")
        .annotate(n=Count("pk"))
    )
    return {row["teacher_id"]: row["n"] for row in rows}


@dataclass
class Plan:
    school: School
    year: int
    cap: int
    exams: list[Matter]
    exclusions: dict[str, dict]
    teachers: dict[int, Teacher]
    existing: dict[int, int]
    solution: solver.Solution


def proctoring_plan(*, actor, date_from: dt.date, date_to: dt.date, exclusions: dict | None = None) -> Plan:
    """Solve without saving: the exams of the period not yet staffed, their eligible teachers, the optimum."""
    _school_admin(actor)
    if date_from > date_to:
        raise ValidationError({"date_to": "结束日期不能早于开始日期"})
    if date_from.year != date_to.year:
        raise ValidationError({"date_to": "监考上限按年度计算，请在同一年度内安排"})
    school, year = actor.school, date_from.year
    staffed = set(ProctorAssignment.objects.filter(school=school).values_list("matter_id", flat=True))
    exams = [
        m for m in hosted_exams(actor=actor, date_from=date_from, date_to=date_to) if m.pk not in staffed
    ]
    chosen = {str(m.pk): exclusion_of(m, _chosen_for(exclusions or {}, m.pk)) for m in exams}
    teachers = {
        t.pk: t
        for t in scope.editable_by(actor, Teacher).filter(school_id=school.pk, status=Teacher.Status.ACTIVE)
    }
    existing = yearly_loads(teacher_ids=list(teachers), year=year)
    busy = set(
        ProctorAssignment.objects.filter(
            teacher_id__in=list(teachers), exam_date__in={m.starts_on for m in exams}
        ).values_list("teacher_id", "exam_date")
    )
    problems = [
        solver.Exam(
            id=m.pk,
            day=m.starts_on,
            needed=int(m.payload.get("proctors_needed") or 0),
            eligible=tuple(
                pk
                for pk, t in teachers.items()
                if not is_excluded(t, chosen[str(m.pk)]) and (pk, m.starts_on) not in busy
            ),
        )
        for m in exams
    ]
    cap = quotas.setting_for(year=year, region=school.region).proctoring_per_teacher_year
    loads = {pk: existing.get(pk, 0) for pk in teachers}
    solution = solver.solve(exams=problems, existing=loads, cap=cap)
    return Plan(school, year, cap, exams, chosen, teachers, loads, solution)


def _why(*, excluded: dict, before: int, cap: int) -> str:
    reasons = ["在岗"]
    if excluded["subjects"] or excluded["stages"]:
        reasons.append("不任教本场考生（回避" + "、".join(excluded["subjects"] + excluded["stages"]) + "）")
    reasons.append("当日无其他监考")
    return f"{'，'.join(reasons)}；本年度监考{before}次→{before + 1}次（上限{cap}次）"


def proctors_assign(
    *, actor, date_from: dt.date, date_to: dt.date, exclusions: dict | None = None
) -> ProctoringRun:
    """Assign and save; refuses, naming each exam, when the eligible teachers cannot cover the period."""
    with transaction.atomic():
        plan = proctoring_plan(actor=actor, date_from=date_from, date_to=date_to, exclusions=exclusions)
        if not plan.exams:
            raise ValidationError({"date_from": "该时段内没有待安排监考的已批准社会考试"})
        if not plan.solution.feasible:
            by_id = {m.pk: m for m in plan.exams}
            raise ValidationError(
                {
                    "exams": [
                        f"{by_id[pk].title}（{by_id[pk].starts_on}）需要{by_id[pk].payload.get('proctors_needed')}"
                        f"名监考，符合条件（在岗、回避、当日无其他监考、年度上限{plan.cap}次）的教师最多只能安排{most}名"
                        for pk, most in plan.solution.shortfalls.items()
                    ]
                }
            )
        run = ProctoringRun.objects.create(
            school=plan.school,
            date_from=date_from,
            date_to=date_to,
            optimum=plan.solution.optimum,
            lower_bound=plan.solution.lower_bound,
            cap=plan.cap,
            exclusions=plan.exclusions,
            run_by=actor,
        )
        running = Counter(plan.existing)
        rows = []
        for matter in plan.exams:
            for teacher_id in sorted(plan.solution.assignments.get(matter.pk, [])):
                before = running[teacher_id]
                running[teacher_id] += 1
                rows.append(
                    ProctorAssignment(
                        run=run,
                        matter=matter,
                        teacher_id=teacher_id,
                        school=plan.school,
                        exam_date=matter.starts_on,
                        load_before=before,
                        load_after=before + 1,
                        explanation=_why(
                            excluded=plan.exclusions[str(matter.pk)], before=before, cap=plan.cap
                        ),
                        assigned_by=actor,
                    )
                )
        assignments = ProctorAssignment.objects.bulk_create(rows)
        events.proctors_assigned(actor=actor, run=run, assignments=assignments)
    return run


def proctor_replace(*, actor, assignment_id: int, teacher_id: int, reason: str) -> ProctorAssignment:
    """The school swaps one proctor by hand; refused when the new one is not eligible or would pass the cap."""
    _school_admin(actor)
    if not reason.strip():
        raise ValidationError({"reason": "请写明调整理由"})
    with transaction.atomic():
        old = scope.access_by_id(actor, ProctorAssignment, assignment_id, for_change=True)
        old = ProctorAssignment.objects.select_for_update().select_related("run", "matter").get(pk=old.pk)
        try:
            teacher = scope.editable_by(actor, Teacher).get(pk=teacher_id, school_id=old.school_id)
        except (Teacher.DoesNotExist, ValueError, TypeError) as exc:
            raise ValidationError({"teacher": "只能安排本校教师监考"}) from exc
        exclusion = old.run.exclusions.get(str(old.matter_id)) or exclusion_of(old.matter)
        cap = quotas.setting_for(
            year=old.exam_date.year, region=old.school.region
        ).proctoring_per_teacher_year
        before = yearly_loads(teacher_ids=[teacher.pk], year=old.exam_date.year).get(teacher.pk, 0)
        errors = []
        if teacher.pk == old.teacher_id:
            errors.append("新安排的教师与原教师相同")
        if teacher.status != Teacher.Status.ACTIVE:
            errors.append(f"{teacher.name}目前不在岗，不能安排监考")
        if is_excluded(teacher, exclusion):
            errors.append(
                f"{teacher.name}任教本场考试的考生（{teacher.subject or teacher.stage_taught}），应回避"
            )
        if ProctorAssignment.objects.filter(teacher=teacher, exam_date=old.exam_date).exists():
            errors.append(f"{teacher.name}在{old.exam_date}已有监考安排")
        if before + 1 > cap:
            errors.append(f"{teacher.name}本年度已监考{before}次，再安排将超过每人每年{cap}次的上限")
        if old.ledger_entry_id is not None:
            errors.append("该场监考已记入负担台账，不能再调整；如有出入，请在台账中更正")
        if errors:
            raise ValidationError({"teacher": errors})
        removed = {"teacher": old.teacher_id, "matter": old.matter_id, "exam_date": old.exam_date.isoformat()}
        old.delete()
        try:
            new = ProctorAssignment.objects.create(
                run=old.run,
                matter=old.matter,
                teacher=teacher,
                school_id=old.school_id,
                exam_date=old.exam_date,
                source=ProctorAssignment.Source.MANUAL,
                load_before=before,
                load_after=before + 1,
                explanation=f"手工调整：{reason.strip()[:100]}；"
                + _why(excluded=exclusion, before=before, cap=cap),
                assigned_by=actor,
            )
        except IntegrityError as exc:  # a concurrent assignment of the same teacher that day
            raise ValidationError({"teacher": f"{teacher.name}在{old.exam_date}已有监考安排"}) from exc
        events.proctor_adjusted(actor=actor, old=removed, new=new, reason=reason.strip())
    return new


def proctoring_record_hours(*, actor, matter_id: int, hours) -> list:
    """After the exam, its proctors' hours go into the burden ledger (category proctoring), once per assignment."""
    _school_admin(actor)
    amount = clean_hours(hours)
    with transaction.atomic():
        assignments = list(
            scope.editable_by(actor, ProctorAssignment)
            .select_for_update()
            .filter(matter_id=matter_id)
            .select_related("matter", "teacher")
            .order_by("teacher_id")
        )
        if not assignments:  # not this school's exam, or no proctors: the same as a missing one
            raise ValidationError({"matter": "本校没有这场考试的监考安排"})
        matter = assignments[0].matter
        if matter.starts_on > timezone.localdate():
            raise ValidationError({"matter": f"{matter.title}在{matter.starts_on}举行，考后才能登记监考工时"})
        pending = [a for a in assignments if a.ledger_entry_id is None]
        if not pending:
            raise ValidationError({"matter": f"{matter.title}的监考工时已记入台账"})
        entries = ledger_write(
            actor=actor,
            teachers=[a.teacher for a in pending],
            matter=matter,
            category=Category.PROCTORING,
            hours=amount,
            date=matter.starts_on,
            note="监考",
        )
        by_teacher = {entry.teacher_id: entry for entry in entries}
        for assignment in pending:
            assignment.ledger_entry = by_teacher[assignment.teacher_id]
        ProctorAssignment.objects.bulk_update(pending, ["ledger_entry"])
    return entries
