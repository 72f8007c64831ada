"""Tracking codes: unguessable, readable, forgiving when typed, stored only as a keyed hash."""

from django.urls import reverse

from jianfu.oversight import tracking
from jianfu.oversight.models import Report
from jianfu.oversight.selectors import report_status
from tests.factories import oversight_report
from tests.oversight.conftest import UNFOUNDED, handle_to


def test_a_code_is_twenty_symbols_of_an_unambiguous_alphabet_in_groups_of_four():
    code = tracking.tracking_code_new()

    groups = code.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4, 4]
    assert set("".join(groups)) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len({tracking.tracking_code_new() for _ in range(200)}) == 200


def test_a_code_typed_in_lower_case_without_dashes_or_with_o_and_l_finds_the_same_hash():
    assert (
        tracking.tracking_hash("7kq2 m9xd 0a1b c2d3 e4f5")
        == tracking.tracking_hash("7KQ2-M9XD-OA1B-C2D3-E4F5")
        == tracking.tracking_hash("7KQ2M9XD0ALBC2D3E4F5")
    )


def test_something_that_cannot_be_a_code_has_no_hash():
    assert [tracking.tracking_hash(raw) for raw in ("", "ABCD", "U" * 20, "7KQ2-M9XD-0A1B-C2D3-E4F5-Z")] == [
        None,
        None,
        None,
        None,
    ]


def test_the_hash_is_keyed_by_the_lookup_key(settings):
    first = tracking.tracking_hash("7KQ2-M9XD-0A1B-C2D3-E4F5")
    settings.JIANFU_LOOKUP_KEY = "another-deployment-key"

    assert tracking.tracking_hash("7KQ2-M9XD-0A1B-C2D3-E4F5") != first


def test_the_code_itself_is_stored_nowhere(baotou):
    received = oversight_report()

    code = received.tracking_code.replace("-", "")
    row = str(Report.objects.values().get())
    assert received.tracking_code not in row and code not in row


def test_the_status_follows_the_case_and_shows_the_reply_once_answered(baotou):
    received = oversight_report(school="固阳县金山小学")
    case = received.report.case

    status = report_status(raw_code=received.tracking_code.lower())
    assert (status["status"], status["status_label"], status["reply"], status["conclusion_label"]) == (
        "received",
        "待受理",
        "",
        "",
    )

    handle_to(baotou.county, case, "accept", "investigate", "conclude", **UNFOUNDED)
    status = report_status(raw_code=received.tracking_code)
    assert (status["status"], status["reply"], status["conclusion_label"]) == ("concluded", "", "")

    handle_to(baotou.county, case, "respond")
    status = report_status(raw_code=received.tracking_code)
    assert (status["status_label"], status["conclusion_label"], status["reply"]) == (
        "已答复",
        "不属实",
        "经核查，情况属实，已责令停止。",
    )


def test_an_unknown_code_finds_nothing(baotou):
    oversight_report()

    assert report_status(raw_code="7KQ2-M9XD-0A1B-C2D3-E4F5") is None


def test_the_tracking_page_takes_the_code_by_post_and_shows_the_status(baotou, client):
    received = oversight_report(school="固阳县金山小学")

    response = client.post(reverse("reporting:track"), {"code": received.tracking_code})

    page = response.content.decode()
    assert 'data-testid="track-status">待受理<' in page
    assert "尚未答复" in page
    assert "no-cache" in response["Cache-Control"]


def test_the_tracking_page_says_when_nothing_is_found(baotou, client):
    response = client.post(reverse("reporting:track"), {"code": "7KQ2-M9XD-0A1B-C2D3-E4F5"})

    assert 'data-testid="track-missing"' in response.content.decode()
