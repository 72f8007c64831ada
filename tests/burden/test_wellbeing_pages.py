"""Measure 20 pages: the WHO-5 answered once and anonymously, results only from 10 up, physical exams by school."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden.models import PhysicalExam, UsedWellbeingToken, WellbeingResponse
from jianfu.burden.services import wellbeing
from jianfu.web.listing import XLSX
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role
from tests.web.test_pages import body_rows, page_of, text

PERIOD = wellbeing.period_of(timezone.localdate())
YEAR = timezone.localdate().year
ANSWER = {"item1": "5", "item2": "4", "item3": "3", "item4": "2", "item5": "1"}


def _answers(school, *scores: int) -> None:
    """One teacher of `school` answers all five items with each score given."""
    for score in scores:
        teacher = user_with_role(Role.TEACHER, teacher=TeacherFactory(school=school), school=school)
        wellbeing.wellbeing_answer(actor=teacher, period=PERIOD, items=[score] * 5)


def _results(client, **params) -> list[list[str]]:
    return page_of(client.get(reverse("burden:wellbeing_results"), params)).tables["wellbeing-results"][1:]


# --- the WHO-5 form -------------------------------------------------------------------------------------------


def test_a_teacher_answers_through_the_page_and_one_anonymous_row_is_stored(client, place):
    client.force_login(place.teacher_user)
    before = AuditEvent.objects.count()  # the login

    response = client.post(reverse("burden:wellbeing"), ANSWER, follow=True)

    assert list(WellbeingResponse.objects.values_list("school_id", "period", "raw_score")) == [
        (place.school.pk, PERIOD, 15)
    ]
    assert "本期已填写，感谢参与" in text(response)
    assert 'data-testid="wellbeing-form"' not in response.content.decode()
    assert AuditEvent.objects.count() == before  # an audit row would carry the actor and the IP


def test_a_second_answer_in_the_period_is_refused_with_the_message(client, place):
    client.force_login(place.teacher_user)
    client.post(reverse("burden:wellbeing"), ANSWER)

    response = client.post(reverse("burden:wellbeing"), {**ANSWER, "item1": "0"})

    assert response.status_code == 200
    assert "本期已填写，感谢参与" in text(response)
    assert WellbeingResponse.objects.count() == 1
    assert UsedWellbeingToken.objects.count() == 1


def test_an_answer_missing_an_item_is_refused_in_chinese_and_keeps_the_choices(client, place):
    client.force_login(place.teacher_user)

    response = client.post(reverse("burden:wellbeing"), {**ANSWER, "item5": ""})

    assert "请对五个问题各选择一项（0–5）" in text(response)
    assert 'name="item1" value="5" checked' in response.content.decode()
    assert not WellbeingResponse.objects.exists()


def test_the_form_says_it_is_voluntary_anonymous_and_shown_from_10_up(client, place):
    client.force_login(place.teacher_user)

    page = text(client.get(reverse("burden:wellbeing")))

    assert "自愿" in page and "匿名" in page and "不少于10人的汇总结果" in page
    assert "所有时间" in page and "从未有过" in page


def test_a_school_administrator_cannot_answer(client, place):
    client.force_login(place.admin)

    assert client.post(reverse("burden:wellbeing"), ANSWER).status_code == 403
    assert not WellbeingResponse.objects.exists()


# --- the results ----------------------------------------------------------------------------------------------


def test_a_schools_result_is_withheld_under_10_answers(client, place):
    _answers(place.school, *[2] * 9)
    client.force_login(place.admin)

    assert _results(client) == [["固阳县第一小学", "样本不足10人，不予显示"]]


def test_a_schools_result_shows_the_exact_mean_index_from_10_answers(client, place):
    _answers(place.school, *[2] * 9, 5)
    client.force_login(place.admin)

    assert _results(client) == [["固阳县第一小学", "10", "46.0", "90.0%"]]


def test_a_county_sees_each_school_and_a_total_that_would_reveal_a_small_school_is_withheld(client, place):
    small = SchoolFactory(region=region("150222"), name="固阳县第二小学")
    _answers(place.school, *[4] * 10)
    _answers(small, 1, 1, 1)
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    assert _results(client) == [
        ["固阳县第一小学", "10", "80.0", "0.0%"],
        ["固阳县第二小学", "样本不足10人，不予显示"],
        ["固阳县合计", "为防止推算出不足10人的结果，不予显示"],
    ]


def test_the_city_sees_counties_and_drills_into_one_but_not_outside_its_area(client, place):
    _answers(place.school, *[3] * 10)
    city = user_with_role(Role.CITY_EDU)
    client.force_login(city)

    rows = _results(client)
    assert ["固阳县", "10", "60.0", "0.0%"] in rows
    assert ["昆都仑区", "样本不足10人，不予显示"] in rows
    assert rows[-1] == ["包头市合计", "10", "60.0", "0.0%"]
    assert _results(client, region="150222")[0] == ["固阳县第一小学", "10", "60.0", "0.0%"]
    assert client.get(reverse("burden:wellbeing_results"), {"region": "110101"}).status_code == 404


def test_the_results_export_holds_no_group_under_10_and_is_audited(client, place):
    small = SchoolFactory(region=region("150222"), name="固阳县第二小学")
    _answers(place.school, *[2] * 9, 5)
    _answers(small, 5, 5)
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    response = client.get(reverse("burden:wellbeing_results"), {"export": "xlsx"})

    assert response["Content-Type"] == XLSX
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [
        ("学校", "答卷数", "平均指数（0–100）", "指数≤50占比", "说明"),
        ("固阳县第一小学", 10, 46, "90.0%", None),
        ("固阳县第二小学", None, None, None, "样本不足10人，不予显示"),
        ("固阳县合计", None, None, None, "为防止推算出不足10人的结果，不予显示"),
    ]
    assert AuditEvent.objects.filter(action="wellbeingresponse.export").count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DEPARTMENT, Role.PARTY])
def test_the_results_page_is_closed_to_teachers_departments_and_party_committees(client, place, role):
    user = place.teacher_user if role == Role.TEACHER else user_with_role(role)
    client.force_login(user)

    assert client.get(reverse("burden:wellbeing_results")).status_code == 403
    assert client.get(reverse("burden:wellbeing_results"), {"export": "xlsx"}).status_code == 403


# --- physical examinations ------------------------------------------------------------------------------------


def _record(client, teacher, **fields):
    data = {"teacher": teacher.pk, "year": YEAR, "due_on": f"{YEAR}-05-01", "done_on": "", **fields}
    return client.post(reverse("burden:physical_exam_record"), data, follow=True)


def test_a_school_records_an_exam_done_through_the_page(client, place):
    client.force_login(place.admin)

    response = _record(client, place.zhang, done_on=f"{YEAR}-04-20")

    exam = PhysicalExam.objects.get()
    assert (exam.teacher_id, exam.year, exam.due_on, exam.done_on) == (
        place.zhang.pk,
        YEAR,
        dt.date(YEAR, 5, 1),
        dt.date(YEAR, 4, 20),
    )
    assert f"已保存张老师的{YEAR}年体检登记。" in text(response)
    row = next(r for r in body_rows(page_of(response), "physical-exams") if r[0] == "张老师")
    assert row[:5] == ["张老师", "语文", f"{YEAR}-05-01", f"{YEAR}-04-20", "已检"]


def test_a_teacher_of_another_school_is_404_and_nothing_changes(client, place):
    client.force_login(place.admin)

    response = _record(client, place.stranger)

    assert response.status_code == 404
    assert not PhysicalExam.objects.exists()
    assert not AuditEvent.objects.filter(action="physicalexam.record").exists()


def test_a_missing_due_date_and_a_done_date_of_another_year_are_refused_in_chinese(client, place):
    client.force_login(place.admin)

    missing = _record(client, place.zhang, due_on="")
    other_year = _record(client, place.zhang, done_on=f"{YEAR - 1}-12-01")

    assert "请填写应检日期" in text(missing)
    assert "体检日期应在该年度内" in text(other_year)
    assert not PhysicalExam.objects.exists()


def test_a_teacher_cannot_record_an_exam(client, place):
    client.force_login(place.teacher_user)

    assert _record(client, place.zhang).status_code == 403
    assert not PhysicalExam.objects.exists()


def test_the_school_list_shows_due_done_and_overdue_and_searches_by_name(client, place):
    today = timezone.localdate()
    past, future = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    wellbeing.physical_exam_record(actor=place.admin, teacher_id=place.li.pk, year=past.year, due_on=past)
    wellbeing.physical_exam_record(actor=place.admin, teacher_id=place.wang.pk, year=past.year, due_on=future)
    client.force_login(place.admin)

    rows = body_rows(
        page_of(client.get(reverse("burden:physical_exams"), {"year": past.year})), "physical-exams"
    )
    found = body_rows(page_of(client.get(reverse("burden:physical_exams"), {"q": "李"})), "physical-exams")

    assert [r[:5] for r in rows] == [
        ["张老师", "语文", "—", "—", "未安排"],
        ["李老师", "数学", past.isoformat(), "—", "逾期"],
        ["王老师", "英语", future.isoformat(), "—", "应检"],
    ]
    assert [r[0] for r in found] == ["李老师"]


def test_the_school_list_exports_its_teachers_audited(client, place):
    wellbeing.physical_exam_record(
        actor=place.admin, teacher_id=place.zhang.pk, year=YEAR, due_on=dt.date(YEAR, 1, 2),
        done_on=dt.date(YEAR, 1, 2),
    )  # fmt: skip
    client.force_login(place.admin)

    response = client.get(reverse("burden:physical_exams"), {"export": "xlsx", "q": "张"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("教师", "任教学科", "应检日期", "体检日期", "状态")
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [("张老师", "语文", "已检")]
    assert AuditEvent.objects.filter(action="physicalexam.export").count() == 1


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("burden:physical_exams")).status_code == 200
    return len(queries)


def test_the_physical_exam_page_costs_the_same_queries_for_3_teachers_as_for_30(client, place):
    wellbeing.physical_exam_record(
        actor=place.admin, teacher_id=place.zhang.pk, year=YEAR, due_on=dt.date(YEAR, 9, 1)
    )
    client.force_login(place.admin)
    few = _page_queries(client)

    for teacher in TeacherFactory.create_batch(27, school=place.school):
        wellbeing.physical_exam_record(
            actor=place.admin, teacher_id=teacher.pk, year=YEAR, due_on=dt.date(YEAR, 9, 1)
        )
    many = _page_queries(client)

    assert few == many


def test_a_county_sees_done_due_overdue_and_coverage_per_school_and_exports_it(client, place):
    today = timezone.localdate()
    wellbeing.physical_exam_record(
        actor=place.admin, teacher_id=place.zhang.pk, year=today.year, due_on=today, done_on=today
    )
    wellbeing.physical_exam_record(
        actor=place.admin, teacher_id=place.li.pk, year=today.year, due_on=today - dt.timedelta(days=1)
    )
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    rows = body_rows(page_of(client.get(reverse("burden:physical_exams"))), "physical-exam-summary")
    export = client.get(reverse("burden:physical_exams"), {"export": "xlsx"})

    assert rows == [["固阳县第一小学", "固阳县", "3", "1", "0", "1", "1", "33.3%"]]
    sheet = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert sheet[1] == ("固阳县", "固阳县第一小学", 3, 1, 0, 1, 1, "33.3%")
    assert AuditEvent.objects.filter(action="physicalexam.export").count() == 1
