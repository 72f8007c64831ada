"""Deadlines of report cases, in working days of the official Chinese calendar.

The `chinesecalendar` package knows the State Council's holidays and make-up workdays (调休) year by year; for a
year it does not know yet, Monday to Friday count as working days. The start day itself never counts: a report
received on a Friday with three working days to accept is due on Wednesday, and is overdue from Thursday.

How many working days each step may take is set in settings (docs/configuration.md):
JIANFU_CASE_ACCEPT_WORKING_DAYS (from receipt to acceptance), JIANFU_CASE_CONCLUDE_WORKING_DAYS (from receipt to
the conclusion) and JIANFU_CASE_RESPOND_WORKING_DAYS (from the conclusion to the reply to the reporter).
"""

import datetime as dt

import chinese_calendar
from django.conf import settings


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no data for yet
        return day.weekday() < 5


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The day that is `days` working days after `start` (not counting `start`)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def accept_due(received_on: dt.date) -> dt.date:
    return working_days_after(received_on, settings.JIANFU_CASE_ACCEPT_WORKING_DAYS)


def conclude_due(received_on: dt.date) -> dt.date:
    return working_days_after(received_on, settings.JIANFU_CASE_CONCLUDE_WORKING_DAYS)


def respond_due(concluded_on: dt.date) -> dt.date:
    return working_days_after(concluded_on, settings.JIANFU_CASE_RESPOND_WORKING_DAYS)
