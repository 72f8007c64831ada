"""Yearly parent-school summaries (measure 19): exact figures per school, county and city, within the data scope."""

from decimal import Decimal

from jianfu.parentschools import selectors
from tests.parentschools.conftest import YEAR


def _figures(rows) -> list[tuple]:
    return [(r.label, r.sessions, r.attended, r.invited, r.rate) for r in rows]


def test_a_schools_summary_counts_its_sessions_of_the_year_and_the_attendance_rate(schools):
    summary = selectors.school_summary(user=schools.first_admin, school=schools.first, year=YEAR)

    assert (summary.sessions, summary.attended, summary.invited, summary.rate) == (2, 75, 90, Decimal("83.3"))


def test_the_previous_year_is_summarised_on_its_own(schools):
    summary = selectors.school_summary(user=schools.first_admin, school=schools.first, year=YEAR - 1)

    assert (summary.sessions, summary.attended, summary.invited, summary.rate) == (
        1,
        10,
        10,
        Decimal("100.0"),
    )


def test_a_school_without_sessions_has_no_rate(schools):
    summary = selectors.school_summary(user=schools.county, school=schools.quiet, year=YEAR)

    assert (summary.sessions, summary.attended, summary.invited, summary.rate) == (0, 0, 0, None)


def test_a_county_bureau_sees_every_school_of_its_county_with_exact_figures(schools):
    rows = selectors.schools_summary(user=schools.county, year=YEAR)

    assert _figures(rows) == [
        ("固阳县 · 固阳县第一小学", 2, 75, 90, Decimal("83.3")),
        ("固阳县 · 固阳县第二小学", 1, 18, 20, Decimal("90.0")),
        ("固阳县 · 固阳县第三小学", 0, 0, 0, None),
    ]


def test_the_county_total_weights_the_rate_by_parents_invited(schools):
    total = selectors.total(
        label="固阳县合计", rows=selectors.schools_summary(user=schools.county, year=YEAR)
    )

    assert (total.schools, total.active_schools, total.sessions, total.attended, total.invited, total.rate) == (
        3, 2, 3, 93, 110, Decimal("84.5"),
    )  # fmt: skip


def test_the_city_bureau_sees_each_county_and_the_city_total(schools):
    rows = [r for r in selectors.counties_summary(user=schools.city, year=YEAR) if r.schools]
    total = selectors.total(label="包头市合计", rows=selectors.counties_summary(user=schools.city, year=YEAR))

    assert [
        (r.label, r.schools, r.active_schools, r.sessions, r.attended, r.invited, r.rate) for r in rows
    ] == [
        ("昆都仑区", 1, 1, 1, 60, 80, Decimal("75.0")),
        ("固阳县", 3, 2, 3, 93, 110, Decimal("84.5")),
    ]
    assert (total.schools, total.active_schools, total.sessions, total.attended, total.invited, total.rate) == (
        4, 3, 4, 153, 190, Decimal("80.5"),
    )  # fmt: skip


def test_a_county_bureau_sees_nothing_of_another_county(schools):
    rows = selectors.schools_summary(user=schools.other_county, year=YEAR)

    assert _figures(rows) == [("昆都仑区 · 昆都仑区第一小学", 1, 60, 80, Decimal("75.0"))]


def test_a_school_admin_reads_only_its_own_schools_sessions(schools):
    rows = selectors.sessions_visible_to(user=schools.kun_admin, year=YEAR)

    assert [s.title for s in rows] == ["安全教育"]


def test_a_school_admins_summary_of_another_school_counts_nothing(schools):
    summary = selectors.school_summary(user=schools.kun_admin, school=schools.first, year=YEAR)

    assert (summary.sessions, summary.attended, summary.invited) == (0, 0, 0)
