"""The period an indicator or report covers: whole months, at most twelve, compared with the same months a year
earlier (year on year)."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

MAX_MONTHS = 12
CURRENT, PREVIOUS = 1, 0  # how the grouped reads tag a row of the period and of the year before


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    start: dt.date  # the first day of its first month
    end: dt.date  # the last day of its last month

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def months(cls, *, first: dt.date, last: dt.date) -> "Period":
        """From the month of `first` to the month of `last`, both whole; at most twelve months."""
        period = cls(first.replace(day=1), _last_day(last.year, last.month))
        if period.start > period.end:
            raise ValidationError("统计期间的起始月份不能晚于结束月份")
        if period.month_count > MAX_MONTHS:
            raise ValidationError(f"统计期间最长{MAX_MONTHS}个月")
        return period

    @property
    def month_count(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def first_months(self) -> tuple[dt.date, dt.date]:
        """The first days of its first and last month: the range of a monthly rollup's `month`."""
        return self.start, self.end.replace(day=1)

    @property
    def is_whole_year(self) -> bool:
        return self.start.month == 1 and self.month_count == MAX_MONTHS

    @property
    def label(self) -> str:
        if self.is_whole_year:
            return f"{self.start.year}年"
        first = f"{self.start.year}年{self.start.month}月"
        if self.month_count == 1:
            return first
        if self.start.year == self.end.year:
            return f"{first}至{self.end.month}月"
        return f"{first}至{self.end.year}年{self.end.month}月"

    @property
    def span(self) -> str:
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}".replace("-", ".")

    def previous(self) -> "Period":
        """The same months one year earlier."""
        return Period(
            self.start.replace(year=self.start.year - 1), _last_day(self.end.year - 1, self.end.month)
        )

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """Its first moment and the first moment after it, local time (for datetime fields)."""
        tz = timezone.get_current_timezone()
        after = self.end + dt.timedelta(days=1)
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(after, dt.time.min, tzinfo=tz),
        )

    def filter_dates(self, field: str) -> Q:
        return Q(**{f"{field}__range": (self.start, self.end)})

    def filter_months(self, field: str) -> Q:
        return Q(**{f"{field}__range": self.first_months})

    def filter_moments(self, field: str) -> Q:
        start, after = self.moments()
        return Q(**{f"{field}__gte": start, f"{field}__lt": after})


@dataclass(frozen=True)
class Comparison:
    """A period and the same months a year earlier: every grouped read covers both in one query and tags each
    row with `which` (CURRENT or PREVIOUS)."""

    current: Period

    @property
    def previous(self) -> Period:
        return self.current.previous()

    def dates(self, field: str) -> Q:
        return self.current.filter_dates(field) | self.previous.filter_dates(field)

    def months(self, field: str) -> Q:
        return self.current.filter_months(field) | self.previous.filter_months(field)

    def moments(self, field: str) -> Q:
        return self.current.filter_moments(field) | self.previous.filter_moments(field)

    def which(self, field: str, *, moment: bool = False) -> Case:
        """CURRENT for rows on or after the current period's start, else PREVIOUS (the two never overlap)."""
        bound = self.current.moments()[0] if moment else self.current.start
        return Case(
            When(**{f"{field}__gte": bound}, then=Value(CURRENT)),
            default=Value(PREVIOUS),
            output_field=IntegerField(),
        )
