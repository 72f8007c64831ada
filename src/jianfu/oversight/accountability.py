"""The accounts of measure 20 per department and per county, for the bureaus and supervisors of an area:

- violations: founded cases, by the responsible department recorded and the county where it happened;
- unapproved demands: reports of demands that were not on the whitelist (not counting reports concluded
  unfounded), by the department that asked and the county;
- overdue secondments: approved secondments past their end with no return recorded, as of today (measure 14),
  by the borrowing department and the teacher's county;
- quota overruns: submitted Matters whose screening found a quota exceeded (campus activities, social exams and
  proctoring; measures 4 and 8), by organizer and by the county of each school concerned.

Every count comes from rows the user may see (accounts.scope), for one calendar year (the secondments: today).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, TextField
from django.db.models.functions import Cast, Coalesce, ExtractYear

from jianfu.accounts import scope
from jianfu.matters.models import Matter, State
from jianfu.oversight.models import AccountabilityRecord, Case, Conclusion, Report
from jianfu.registry.models import Region

QUOTA_RULES = ("M04.campus-quota", "M08.social-exam-quota")
COLUMNS = (
    ("violations", "违规问题（查实）"),
    ("unapproved", "未经批准的要求（举报）"),
    ("overdue_secondments", "借用教师逾期未返岗"),
    ("quota_overruns", "超出配额"),
)


@dataclass
class AccountRow:
    name: str
    violations: int = 0
    unapproved: int = 0
    overdue_secondments: int = 0
    quota_overruns: int = 0

    @property
    def total(self) -> int:
        return self.violations + self.unapproved + self.overdue_secondments + self.quota_overruns


@dataclass(frozen=True)
class Accounts:
    year: int
    departments: list[AccountRow]
    counties: list[AccountRow]


def _year_of(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


def _add(rows: dict[str, AccountRow], column: str, grouped) -> None:
    for name, count in grouped:
        row = rows.setdefault(name or "（未知）", AccountRow(name or "（未知）"))
        setattr(row, column, getattr(row, column) + count)


def _counts(queryset, key) -> list[tuple[str, int]]:
    return list(
        queryset.annotate(key=key)
        .values("key")
        .annotate(n=Count("pk", distinct=True))
        .values_list("key", "n")
    )


def accountability_accounts(*, user, year: int, today: dt.date) -> Accounts:
    departments: dict[str, AccountRow] = {}
    counties: dict[str, AccountRow] = {}

    records = scope.visible_to(user, AccountabilityRecord).filter(_year_of("recorded_at__date", year))
    _add(departments, "violations", _counts(records, F("department_name")))
    _add(counties, "violations", _counts(records, F("region__name")))

    cases = scope.visible_to(user, Case).values("pk")
    reports = (
        Report.objects.filter(case__in=cases, on_whitelist=False)
        .filter(_year_of("received_at__date", year))
        .exclude(case__conclusion=Conclusion.UNFOUNDED)
    )
    _add(departments, "unapproved", _counts(reports, Coalesce("organizer__name", "organizer_name")))
    _add(counties, "unapproved", _counts(reports, F("region__name")))

    overdue = scope.secondment_register(user).filter(ends_on__lt=today, secondment_return__isnull=True)
    _add(departments, "overdue_secondments", _counts(overdue, F("organizer__name")))
    _add(counties, "overdue_secondments", _counts(overdue, F("teacher__school__region__name")))

    quota = Q(pk__in=[])
    for rule in QUOTA_RULES:
        quota |= Q(findings_text__contains=rule)
    matters = (
        scope.visible_to(user, Matter)
        .exclude(state=State.DRAFT)
        .annotate(findings_text=Cast("findings", TextField()), submitted_year=ExtractYear("submitted_at"))
        .filter(quota, submitted_year=year)
    )
    _add(departments, "quota_overruns", _counts(matters, F("organizer__name")))
    _add(counties, "quota_overruns", _counts(matters, F("schools__region__name")))

    return Accounts(
        year=year,
        departments=sorted(departments.values(), key=lambda row: (-row.total, row.name)),
        counties=_with_every_county(user, counties),
    )


def _with_every_county(user, counties: dict[str, AccountRow]) -> list[AccountRow]:
    """Every region of the user's area in code order (zeros included), then anything else counted."""
    area = Region.objects.filter(code__in=user.area_region_codes).order_by("code")
    rows = [counties.pop(region.name, AccountRow(region.name)) for region in area]
    return rows + sorted(counties.values(), key=lambda row: row.name)


def accounts_excel_rows(accounts: Accounts) -> list[dict]:
    """One list for the export: the department rows, then the county rows, each marked with its dimension."""
    return [
        {"dimension": dimension, "row": row}
        for dimension, rows in (("部门", accounts.departments), ("旗县区", accounts.counties))
        for row in rows
    ]
