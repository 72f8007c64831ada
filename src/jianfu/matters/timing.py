"""Timing rules the pipeline holds besides the catalog's: inspection content is announced ahead, and no
inspection falls in a school's exam weeks. They come out as findings in the screening's shape (severity block),
and are checked again at the final approval, when the whitelist publishes the inspection.
"""

import calendar
import datetime as dt
from collections.abc import Iterable

from jianfu.matters.models import ExamWeek, Kind, QuotaSetting
from jianfu.registry.models import School

QUOTE_M03 = "坚决克服重留痕、轻实绩的形式主义做法，避免干扰正常教育教学活动。"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _finding(rule: str, message: str, evidence: str) -> dict:
    return {
        "rule": rule,
        "measure": 3,
        "severity": "block",
        "message": message,
        "quote": QUOTE_M03,
        "evidence": evidence,
    }


def timing_findings(
    *, kind: str, starts_on: dt.date | None, schools: Iterable[School], today: dt.date, quota: QuotaSetting
) -> list[dict]:
    if kind != Kind.INSPECTION or starts_on is None:
        return []
    findings = []
    earliest = add_months(today, quota.announce_months_ahead)
    if starts_on < earliest:
        findings.append(
            _finding(
                "P03.announce-ahead",
                f"督查检查内容应至少提前{quota.announce_months_ahead}个月公布：{today}公布，最早{earliest}开始，"
                f"计划{starts_on}开始",
                f"开始日期 {starts_on}",
            )
        )
    school_ids = [school.pk for school in schools]
    clashes = ExamWeek.objects.filter(
        school_id__in=school_ids, starts_on__lte=starts_on, ends_on__gte=starts_on
    ).select_related("school")
    for week in clashes:
        findings.append(
            _finding(
                "P03.exam-week",
                f"检查开始日{starts_on}在{week.school.name}的{week.title}（{week.starts_on}至{week.ends_on}）内，"
                "不得在学校考试周开展督查检查",
                f"{week.school.name} {week.starts_on}–{week.ends_on}",
            )
        )
    return findings


def verdict_of(findings: Iterable[dict]) -> str:
    severities = {finding["severity"] for finding in findings}
    return "block" if "block" in severities else "review" if "review" in severities else "pass"
