"""Quotas per school: each holds at approval, configurable per year and region, and under concurrent approvals."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from jianfu.matters.models import Matter, QuotaCounter, QuotaSetting, State
from jianfu.matters.quotas import semester_of
from tests.factories import TeacherFactory, region
from tests.matters.conftest import campus_activity, decide, inspection, later, social_exam, submit


def _approved_campus(town, count, **overrides):
    for n in range(count):
        decide(
            town.county_edu,
            submit(town.police, campus_activity(town.school_a, title=f"宣讲活动{n}", **overrides)),
        )


def test_semesters_run_february_to_july_and_august_to_january():
    assert [semester_of(dt.date(2026, m, 1)) for m in (1, 2, 7, 8, 12)] == [
        "2025-2", "2026-1", "2026-1", "2026-2", "2026-2",
    ]  # fmt: skip


def test_a_seventh_campus_activity_in_a_semester_is_refused_and_changes_nothing(town):
    _approved_campus(town, 6)
    seventh = submit(town.police, campus_activity(town.school_a, title="第七项进校园"))
    assert "M04.campus-quota" in [f["rule"] for f in seventh.findings]  # the screening warns already

    with pytest.raises(ValidationError) as refused:
        decide(town.county_edu, seventh, reason="确需开展")

    assert refused.value.message_dict["quota"] == ["固阳县第一小学本学期进校园活动已用6，上限6，不能再批准"]
    assert Matter.objects.get(pk=seventh.pk).state == State.BUREAU_REVIEW
    assert QuotaCounter.objects.get(school=town.school_a).used == 6


def test_a_countys_own_setting_overrides_the_citys(town):
    year = dt.date.fromisoformat(later(40)).year
    QuotaSetting.objects.create(year=year, region=region("150200"), campus_activities_per_semester=3)
    QuotaSetting.objects.create(year=year, region=region("150222"), campus_activities_per_semester=2)
    _approved_campus(town, 2)

    with pytest.raises(ValidationError):
        decide(
            town.county_edu,
            submit(town.police, campus_activity(town.school_a, title="第三项")),
            reason="确需",
        )


def test_one_comprehensive_supervision_per_school_per_year(town):
    first = submit(town.police, inspection(town.school_a, comprehensive=True))
    decide(town.county_party, decide(town.county_edu, first, reason="年度综合督导"), reason="同意")
    second = submit(town.police, inspection(town.school_a, title="第二次综合督导", comprehensive=True))
    decide(town.county_edu, second, reason="会商同意")

    with pytest.raises(ValidationError) as refused:
        decide(town.county_party, second, reason="同意")

    assert refused.value.message_dict["quota"] == [
        "固阳县第一小学本年度县级以上综合督导已用1，上限1，不能再批准"
    ]
    assert Matter.objects.get(pk=second.pk).state == State.PARTY_REVIEW


def test_an_ordinary_inspection_takes_no_supervision_slot(town):
    for n in range(2):
        matter = submit(town.police, inspection(town.school_a, title=f"专项检查{n}"))
        assert (
            decide(town.county_party, decide(town.county_edu, matter, reason="需要"), reason="同意").state
            == "approved"
        )


def test_social_exams_per_school_per_year_are_capped(town):
    year = dt.date.fromisoformat(later(45)).year
    QuotaSetting.objects.create(year=year, region=region("150222"), social_exams_per_year=1)
    decide(town.county_edu, submit(town.police, social_exam(town.school_a, proctors_needed=0)))

    with pytest.raises(ValidationError) as refused:
        decide(
            town.county_edu,
            submit(town.police, social_exam(town.school_a, title="第二场", proctors_needed=0)),
            reason="需要",
        )

    assert refused.value.message_dict["quota"] == ["固阳县第一小学本年度社会考试已用1，上限1，不能再批准"]


def test_proctoring_sessions_per_teacher_per_year_are_capped(town):
    TeacherFactory.create_batch(2, school=town.school_a)  # 2 teachers x 4 sessions = 8 sessions a year
    decide(town.county_edu, submit(town.police, social_exam(town.school_a, proctors_needed=6)))
    over = submit(town.police, social_exam(town.school_a, title="第二场", proctors_needed=3))
    assert "M08.social-exam-quota" in [f["rule"] for f in over.findings]

    with pytest.raises(ValidationError) as refused:
        decide(town.county_edu, over, reason="需要")

    assert refused.value.message_dict["quota"] == [
        "固阳县第一小学本年度监考（2名教师，人均上限4次）已用6，上限8，不能再批准"
    ]
    assert QuotaCounter.objects.get(school=town.school_a, bucket__startswith="proctoring").used == 6


@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_the_last_slot_one_wins(town):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs two real connections with row locks: run with DATABASE_URL=postgres://…")
    year = dt.date.fromisoformat(later(40)).year
    QuotaSetting.objects.create(year=year, region=region("150222"), campus_activities_per_semester=1)
    first = submit(town.police, campus_activity(town.school_a, title="活动甲"))
    second = submit(town.police, campus_activity(town.school_a, title="活动乙"))
    barrier = threading.Barrier(2)
    outcomes = {}

    def approve(matter):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            decide(town.county_edu, matter)
            outcomes[matter.pk] = "approved"
        except ValidationError as exc:
            outcomes[matter.pk] = exc.message_dict["quota"][0]
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["approved", "固阳县第一小学本学期进校园活动已用1，上限1，不能再批准"]
    assert Matter.objects.filter(state=State.APPROVED).count() == 1
    assert QuotaCounter.objects.get(school=town.school_a).used == 1
