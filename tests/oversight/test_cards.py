"""Unfounded reports made in one's own name within a year: a yellow card at two, a red card at three (as
Hunan's reporting code). Founded reports, older ones and anonymous ones never count."""

import datetime as dt

from django.utils import timezone

from jianfu.oversight.models import Case
from jianfu.oversight.selectors import reporter_card
from tests.factories import oversight_report
from tests.oversight.conftest import FOUNDED, UNFOUNDED, handle_to


def _concluded(baotou, *, anonymous: bool, conclusion: dict) -> Case:
    case = oversight_report(actor=baotou.teacher, anonymous=anonymous, school="固阳县金山小学").report.case
    return handle_to(baotou.county, case, "accept", "investigate", "conclude", **conclusion)


def test_one_unfounded_report_earns_no_card(baotou):
    _concluded(baotou, anonymous=False, conclusion=UNFOUNDED)

    card = reporter_card(reporter=baotou.teacher)

    assert (card.unfounded, card.colour, card.label) == (1, "", "")


def test_two_unfounded_reports_within_a_year_earn_a_yellow_card(baotou):
    for _ in range(2):
        _concluded(baotou, anonymous=False, conclusion=UNFOUNDED)

    card = reporter_card(reporter=baotou.teacher)

    assert (card.unfounded, card.colour, card.label) == (2, "yellow", "黄牌")


def test_three_unfounded_reports_within_a_year_earn_a_red_card(baotou):
    for _ in range(3):
        _concluded(baotou, anonymous=False, conclusion=UNFOUNDED)

    card = reporter_card(reporter=baotou.teacher)

    assert (card.unfounded, card.colour, card.label) == (3, "red", "红牌")


def test_founded_reports_do_not_count(baotou):
    _concluded(baotou, anonymous=False, conclusion=UNFOUNDED)
    _concluded(baotou, anonymous=False, conclusion={**FOUNDED, "library_title": "其一"})
    _concluded(baotou, anonymous=False, conclusion={**FOUNDED, "library_title": "其二"})

    assert reporter_card(reporter=baotou.teacher).unfounded == 1


def test_anonymous_reports_never_count_even_from_a_logged_in_teacher(baotou):
    for _ in range(3):
        _concluded(baotou, anonymous=True, conclusion=UNFOUNDED)

    card = reporter_card(reporter=baotou.teacher)

    assert (card.unfounded, card.colour) == (0, "")
    assert Case.objects.filter(report__reporter__isnull=True).count() == 3


def test_unfounded_reports_older_than_a_year_no_longer_count(baotou):
    for _ in range(3):
        _concluded(baotou, anonymous=False, conclusion=UNFOUNDED)
    Case.objects.filter(pk=Case.objects.order_by("pk").first().pk).update(
        concluded_at=timezone.now() - dt.timedelta(days=366)
    )

    card = reporter_card(reporter=baotou.teacher)

    assert (card.unfounded, card.colour) == (2, "yellow")


def test_each_reporter_has_their_own_count(baotou):
    for _ in range(2):
        _concluded(baotou, anonymous=False, conclusion=UNFOUNDED)

    assert reporter_card(reporter=baotou.culture).unfounded == 0
