"""Supervision indicators: exact figures per school, county and city, 2025 against 2024, each read through the
data scope (a school sees itself, reports naming it withheld; a county its schools; the city its counties)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.accounts.models import Role
from jianfu.oversight import indicators
from jianfu.oversight.indicators import INDICATORS, Period
from tests.factories import user_with_role
from tests.oversight.supervision.conftest import THIS_YEAR


def values(row) -> dict:
    """indicator key -> (2025, 2024)."""
    return {i.key: (i.value(row.current), i.value(row.previous)) for i in INDICATORS}


def board_of(user, region_code: str = ""):
    level = indicators.level_for(user=user, region_code=region_code)
    return indicators.indicators_board(user=user, level=level, period=Period.year(THIS_YEAR))


def test_a_county_sees_each_of_its_schools_this_year_and_last(world):
    # Given the county bureau of 固阳县
    # When it reads its indicators for 2025
    board = board_of(world.county)

    # Then each of its schools has its exact figures, 2025 beside 2024
    assert board.level.kind == "county"
    assert [row.label for row in board.rows] == ["固阳督导一小", "固阳督导二小"]
    g1, g2 = board.rows
    assert values(g1) == {
        "inspections": (2, 0),
        "out_of_plan": (1, 0),
        "plan_entries": (None, None),  # plans are a county's or the city's
        "campus": (2, 0),
        "campus_allowance": (D("6.00"), D("12.00")),  # quota 3 a semester in 2025, the default 6 in 2024
        "hours_per_teacher": (D("10.75"), D("2.00")),  # (10 + 5.5 + 6) / 2 teachers; 4 / 2
        "served": (20, 0),
        "served_share": (D("83.3"), None),
        "reports": (1, 0),
        "reports_closed": (1, 0),
        "reports_founded": (1, 0),
        "mean_resolution_days": (D("10.0"), None),
        "exam_coverage": (D("50.0"), D("50.0")),
        "training_per_teacher": (D("3.00"), D("0.00")),
    }
    assert values(g2) == {
        "inspections": (1, 0),
        "out_of_plan": (0, 0),
        "plan_entries": (None, None),
        "campus": (1, 0),
        "campus_allowance": (D("6.00"), D("12.00")),
        "hours_per_teacher": (D("3.00"), D("0.00")),
        "served": (10, 0),
        "served_share": (D("100.0"), None),
        "reports": (1, 0),
        "reports_closed": (0, 0),
        "reports_founded": (0, 0),
        "mean_resolution_days": (None, None),
        "exam_coverage": (D("0.0"), D("0.0")),
        "training_per_teacher": (D("0.00"), D("0.00")),
    }
    # And the county's own line counts each Matter and each report once, a report naming no school included
    assert values(board.total) == {
        "inspections": (2, 0),
        "out_of_plan": (1, 0),
        "plan_entries": (3, 0),
        "campus": (3, 0),
        "campus_allowance": (D("12.00"), D("24.00")),
        "hours_per_teacher": (D("8.17"), D("1.33")),  # 24.5 / 3; 4 / 3
        "served": (30, 0),
        "served_share": (D("88.2"), None),
        "reports": (3, 0),
        "reports_closed": (2, 0),
        "reports_founded": (1, 0),
        "mean_resolution_days": (D("6.8"), None),  # (10 + 3.5) / 2
        "exam_coverage": (D("33.3"), D("33.3")),
        "training_per_teacher": (D("2.00"), D("0.00")),
    }


def test_the_city_sees_its_counties_and_its_own_total(world):
    # Given the city's education bureau
    # When it reads the indicators for 2025
    board = board_of(world.city)

    # Then its counties are listed (all nine), with exact figures for the two that have data
    assert board.level.kind == "city"
    rows = {row.label: row for row in board.rows}
    assert len(rows) == 9
    assert values(rows["固阳县"]) == values(board_of(world.county).total)
    assert values(rows["昆都仑区"]) == {
        "inspections": (0, 1),
        "out_of_plan": (0, 0),
        "plan_entries": (0, 2),  # its 2025 plan is not published yet
        "campus": (0, 1),
        "campus_allowance": (D("12.00"), D("12.00")),
        "hours_per_teacher": (D("0.00"), D("5.50")),  # (8 + 3) / 2; the 2026 hours are not in 2025
        "served": (0, 6),
        "served_share": (None, D("50.0")),
        "reports": (0, 1),
        "reports_closed": (0, 0),  # concluded only in 2025
        "reports_founded": (0, 0),
        "mean_resolution_days": (None, None),
        "exam_coverage": (D("100.0"), D("50.0")),
        "training_per_teacher": (D("0.00"), D("1.50")),
    }
    assert values(rows["九原区"])["inspections"] == (0, 0)
    # And the city's own line adds its own plan and the reports whose county is unknown
    assert values(board.total) == {
        "inspections": (2, 1),
        "out_of_plan": (1, 0),
        "plan_entries": (4, 2),
        "campus": (3, 1),
        "campus_allowance": (D("24.00"), D("36.00")),
        "hours_per_teacher": (D("4.90"), D("3.00")),  # 24.5 / 5; 15 / 5
        "served": (30, 6),
        "served_share": (D("88.2"), D("50.0")),
        "reports": (4, 1),
        "reports_closed": (3, 0),
        "reports_founded": (1, 0),
        "mean_resolution_days": (D("5.2"), None),  # (10 + 3.5 + 2) / 3
        "exam_coverage": (D("60.0"), D("40.0")),
        "training_per_teacher": (D("1.20"), D("0.60")),
    }
    # And its schools are all there too (for the report's school sheet)
    assert [row.label for row in board.schools] == ["昆区督导一小", "固阳督导一小", "固阳督导二小"]


def test_the_city_opens_one_county_and_sees_what_the_county_sees(world):
    # Given the city's supervisor
    # When it opens 固阳县
    board = board_of(world.supervisor, "150222")

    # Then its schools carry the same figures as for the county's own bureau
    mine = board_of(world.county)
    assert [values(row) for row in board.rows] == [values(row) for row in mine.rows]
    assert values(board.total) == values(mine.total)


def test_a_school_sees_itself_without_the_reports_that_name_it(world):
    # Given the administrator of 固阳督导一小
    # When they read the indicators
    board = board_of(world.g1_admin)

    # Then they see their own school's line, the reports withheld (nobody there may work out who reported)
    assert board.level.kind == "school" and board.rows == []
    figures = values(board.total)
    assert figures["hours_per_teacher"] == (D("10.75"), D("2.00"))
    assert figures["served"] == (20, 0)
    assert figures["training_per_teacher"] == (D("3.00"), D("0.00"))
    assert figures["inspections"] == (2, 0)
    assert figures["exam_coverage"] == (D("50.0"), D("50.0"))
    assert [figures[k] for k in ("reports", "reports_closed", "mean_resolution_days")] == [(None, None)] * 3


def test_another_countys_region_is_404_and_other_roles_403(world):
    # Given the county bureau of 昆都仑区, a teacher and a department
    # When they ask for 固阳县's indicators, or any indicators
    # Then the region outside the area is missing, the roles without indicators refused
    with pytest.raises(Http404):
        indicators.level_for(user=world.other_county, region_code="150222")
    with pytest.raises(Http404):
        indicators.level_for(user=world.county, region_code="150200")
    for role in (Role.TEACHER, Role.DEPARTMENT, Role.PARTY):
        with pytest.raises(PermissionDenied):
            indicators.level_for(user=user_with_role(role, school=world.g1))


def test_a_span_of_months_is_compared_with_the_same_months_a_year_earlier(world):
    # Given the county bureau of 固阳县
    # When it reads January to June 2025
    level = indicators.level_for(user=world.county)
    period = Period.months(first=Period.year(2025).start, last=Period.year(2025).start.replace(month=6))
    board = indicators.indicators_board(user=world.county, level=level, period=period)

    # Then only those months count, against January to June 2024
    assert (period.label, board.previous.label) == ("2025年1月至6月", "2024年1月至6月")
    g1 = values(board.rows[0])
    assert g1["campus"] == (1, 0)  # September's activity is outside
    assert g1["campus_allowance"] == (D("3.00"), D("6.00"))  # one semester's quota over six months
    assert g1["hours_per_teacher"] == (D("10.75"), D("2.00"))
    assert values(board.total)["plan_entries"] == (2, 0)  # February and March; November is outside
    assert values(board.total)["reports"] == (2, 0)  # December's report is outside
