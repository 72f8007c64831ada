"""Reads: the held/new marking of a request's fields, the dictionary rows, the counts per request and per
county and year as each user's scope shows them."""

from jianfu.datahub.models import CollectedField, FieldTask
from jianfu.datahub.selectors.deliveries import (
    counts_by_region,
    counts_by_request,
    counts_total,
    delivery_years,
)
from jianfu.datahub.selectors.fields import field_dictionary_rows, fields_classify
from jianfu.datahub.services import field_task_answer
from tests.datahub.conftest import approved_request


def _marks(fields, population="teachers"):
    return [
        (m.requested, m.status, m.code, m.source_label)
        for m in fields_classify(fields=fields, population=population)
    ]


def test_registry_fields_are_held_and_others_new_in_the_order_requested(db):
    assert _marks(["普通话等级", "姓名", "周课时"]) == [
        ("普通话等级", "new", "", "教师本人"),
        ("姓名", "held", "teacher.name", "全国教师管理信息系统"),
        ("周课时", "held", "teacher.weekly_lessons", "学校"),
    ]


def test_a_field_named_twice_counts_once(db):
    assert _marks(["身份证号", "身份证件号", " 普通话等级", "普通话等级："]) == [
        ("身份证号", "held", "teacher.id_number", "全国教师管理信息系统"),
        ("普通话等级", "new", "", "教师本人"),
    ]


def test_a_field_collected_by_an_earlier_request_is_held_by_its_label_or_its_code(county):
    approved_request(county.stats, county.county_edu, county.school)
    field = CollectedField.objects.get(label="普通话等级")

    assert _marks(["普通话等级", field.code]) == [("普通话等级", "held", field.code, "教师本人")]
    assert _marks([field.code]) == [(field.code, "held", field.code, "教师本人")]


def test_for_students_only_the_student_registry_counts(county):
    approved_request(county.stats, county.county_edu, county.school)

    assert _marks(["学籍号", "普通话等级", "近视度数"], population="students") == [
        ("学籍号", "held", "student.registry_no", "全国中小学生学籍信息管理系统（学籍）"),
        ("普通话等级", "new", "", ""),
        ("近视度数", "new", "", ""),
    ]


def test_the_dictionary_search_finds_a_field_by_its_alias(db):
    rows = field_dictionary_rows(user=None, query="职称")

    assert [(row.code, row.label, row.source) for row in rows] == [
        ("teacher.professional_title", "现任专业技术职务", "全国教师管理信息系统")
    ]


def test_the_dictionary_filters_by_population_and_source(db):
    rows = field_dictionary_rows(user=None, population="teachers", source="school")

    assert [row.label for row in rows] == ["教职工号", "周课时"]


def test_the_dictionary_lists_collected_fields_with_how_many_teachers_hold_them(county):
    matter = approved_request(county.stats, county.county_edu, county.school)
    field = CollectedField.objects.get(label="普通话等级")
    task = FieldTask.objects.get(teacher=county.zhang)
    field_task_answer(actor=county.zhang_user, task_id=task.pk, answers={str(field.pk): "二级甲等"})

    rows = field_dictionary_rows(user=county.li_user, source="teacher")

    assert [(row.code, row.label, row.source, row.owner, row.holders) for row in rows] == [
        (field.code, "普通话等级", "教师本人", "教师本人", 1)
    ]
    assert f"经数据需求“{matter.title}”首次采集" in rows[0].freshness


def test_a_department_counts_its_whole_request_and_a_county_bureau_only_its_own_part(county):
    matter = approved_request(county.city_stats, county.city_edu, county.school, county.other_school)
    year = matter.decided_at.year

    [mine] = counts_by_request(user=county.city_stats, year=year)
    [guyang] = counts_by_request(user=county.county_edu, year=year)

    assert (mine.title, mine.counts.people, mine.counts.served, mine.counts.asked, mine.downloadable) == (
        matter.title,
        3,
        12,
        3,
        True,
    )
    assert (guyang.counts.people, guyang.counts.served, guyang.counts.asked, guyang.downloadable) == (
        2,
        8,
        2,
        False,
    )


def test_the_city_sees_the_yearly_headline_per_county(county):
    first = approved_request(county.city_stats, county.city_edu, county.school, county.other_school)
    approved_request(
        county.stats, county.county_edu, county.school2, fields=["姓名", "职称"], title="教师职称统计"
    )
    year = first.decided_at.year

    rows = counts_by_region(user=county.city_edu, year=year)

    assert [(r.code, r.name, r.requests, r.counts.people, r.counts.served, r.counts.asked) for r in rows] == [
        ("150203", "昆都仑区", 1, 1, 4, 1),
        ("150222", "固阳县", 2, 3, 10, 2),
    ]
    requests, total = counts_total(user=county.city_edu, year=year)
    assert (requests, total.people, total.served, total.asked, total.served_share) == (2, 4, 14, 3, 82)


def test_a_supervisor_sees_only_the_headline_of_their_county(county):
    first = approved_request(county.city_stats, county.city_edu, county.school, county.other_school)
    year = first.decided_at.year

    rows = counts_by_region(user=county.supervisor, year=year)

    assert [(r.name, r.counts.people, r.counts.served) for r in rows] == [("固阳县", 2, 8)]


def test_a_school_sees_only_its_own_counts_and_nobody_else_sees_any(county):
    first = approved_request(county.stats, county.county_edu, county.school, county.school2)
    year = first.decided_at.year

    mine = counts_by_request(user=county.admin, year=year)

    assert [(r.title, r.counts.people, r.downloadable) for r in mine] == [(first.title, 2, False)]
    for user in (county.other_department, county.county_b_edu, county.zhang_user):
        assert counts_by_request(user=user, year=year) == []


def test_the_years_offered_are_those_with_requests_and_the_current_one(county):
    first = approved_request(county.stats, county.county_edu, county.school)
    year = first.decided_at.year

    assert delivery_years(user=county.stats, current=year + 1) == [year + 1, year]
    assert delivery_years(user=county.other_department, current=year) == [year]
