"""Case deadlines in working days of the official calendar: weekends, holidays and make-up workdays."""

import datetime as dt

from jianfu.oversight import deadlines


def test_three_working_days_after_a_friday_is_the_next_wednesday():
    assert deadlines.accept_due(dt.date(2026, 11, 27)) == dt.date(2026, 12, 2)


def test_the_national_day_holiday_does_not_count_and_its_make_up_saturday_does():
    # 2026: 1-7 October are holidays, Saturday 10 October is a working day.
    assert deadlines.accept_due(dt.date(2026, 9, 30)) == dt.date(2026, 10, 10)


def test_fifteen_working_days_to_conclude_span_three_weeks():
    assert deadlines.conclude_due(dt.date(2026, 11, 27)) == dt.date(2026, 12, 18)


def test_two_working_days_to_respond_after_the_conclusion():
    assert deadlines.respond_due(dt.date(2026, 12, 18)) == dt.date(2026, 12, 22)


def test_a_year_the_calendar_does_not_know_counts_monday_to_friday():
    assert deadlines.accept_due(dt.date(2031, 1, 2)) == dt.date(2031, 1, 7)


def test_the_number_of_working_days_comes_from_the_settings(settings):
    settings.JIANFU_CASE_ACCEPT_WORKING_DAYS = 1

    assert deadlines.accept_due(dt.date(2026, 11, 27)) == dt.date(2026, 11, 30)
