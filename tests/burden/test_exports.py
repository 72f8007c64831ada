"""Excel exports of the burden list pages: exactly the rows the filters select, audited, within the user's scope."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden.models import Dispute, LedgerEntry, SecondmentReturn
from jianfu.matters.models import Matter
from tests.burden.conftest import approved_matter
from tests.factories import DepartmentFactory, user_with_role

TODAY = timezone.localdate()
DAY = dt.date(2030, 3, 10)  # in the spring semester of 2030
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _rows(response) -> list[tuple]:
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def _at(day: dt.date) -> dt.datetime:
    """A date as an Excel cell reads back."""
    return dt.datetime.combine(day, dt.time())


def _matter(school, *, kind: str, title: str, organizer, day: dt.date = DAY, **payload) -> Matter:
    matter = approved_matter(school, kind=kind, day=day, **payload)
    matter.title, matter.organizer = title, organizer
    matter.save(update_fields=["title", "organizer"])
    return matter


def _entry(
    teacher, recorder, *, hours: str, date: dt.date, category: str = "meetings", **kwargs
) -> LedgerEntry:
    return LedgerEntry.objects.create(
        teacher=teacher, school=teacher.school, category=category, hours=Decimal(hours), date=date,
        recorded_by=recorder, **kwargs,
    )  # fmt: skip


# --- the secondment register ------------------------------------------------------------------------------------

SECONDMENT_HEADER = ("教师", "学校", "借用单位", "开始日期", "结束日期", "状态", "剩余天数", "逾期天数", "批准机关",
                     "核验码", "返岗日期", "返岗说明")  # fmt: skip
STARTED = TODAY - dt.timedelta(days=100)


@pytest.fixture
def secondments(place):
    """张 ends in 5 days, 李 returned yesterday, 王 is 3 days overdue; 赵 is seconded from the other county."""
    borrower = DepartmentFactory(name="包头市政务服务中心")
    rows = {}
    for n, (teacher, ends_in) in enumerate(
        ((place.zhang, 5), (place.li, -2), (place.wang, -3), (place.stranger, 10)), start=1
    ):
        matter = _matter(teacher.school, kind="secondment", title=f"借用{teacher.name}", organizer=borrower,
                         day=STARTED)  # fmt: skip
        matter.teacher, matter.ends_on = teacher, TODAY + dt.timedelta(days=ends_in)
        matter.verification_code = f"S000000{n}"
        matter.save(update_fields=["teacher", "ends_on", "verification_code"])
        rows[teacher.name] = matter
    SecondmentReturn.objects.create(
        matter=rows["李老师"], teacher=place.li, school=place.school, returned_on=TODAY - dt.timedelta(days=1),
        note="按期返岗", recorded_by=place.admin,
    )  # fmt: skip
    return rows


def test_the_secondment_export_holds_the_open_secondments_under_its_header(client, place, secondments):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    response = client.get(reverse("burden:secondments"), {"export": "xlsx"})

    assert _rows(response) == [
        SECONDMENT_HEADER,
        ("王老师", "固阳县第一小学", "包头市政务服务中心", _at(STARTED), _at(TODAY - dt.timedelta(days=3)),
         "已逾期未返岗", None, 3, "固阳县教育局", "S000-0003", None, None),
        ("张老师", "固阳县第一小学", "包头市政务服务中心", _at(STARTED), _at(TODAY + dt.timedelta(days=5)),
         "7天内到期", 5, None, "固阳县教育局", "S000-0001", None, None),
    ]  # fmt: skip


def test_the_secondment_export_of_the_returned_holds_the_return(client, place, secondments):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    response = client.get(reverse("burden:secondments"), {"status": "returned", "export": "xlsx"})

    assert _rows(response)[1:] == [
        ("李老师", "固阳县第一小学", "包头市政务服务中心", _at(STARTED), _at(TODAY - dt.timedelta(days=2)),
         "已返岗", None, None, "固阳县教育局", "S000-0002", _at(TODAY - dt.timedelta(days=1)), "按期返岗"),
    ]  # fmt: skip


def test_the_secondment_export_follows_the_search(client, place, secondments):
    client.force_login(place.admin)

    response = client.get(reverse("burden:secondments"), {"status": "", "q": "王", "export": "xlsx"})

    assert [row[0] for row in _rows(response)[1:]] == ["王老师"]


def test_the_secondment_export_is_audited_with_its_filters(client, place, secondments):
    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    client.force_login(county)

    client.get(reverse("burden:secondments"), {"status": "", "q": "老师", "export": "xlsx"})

    event = AuditEvent.objects.get(action="matter.export")
    assert (event.actor, event.category) == (county, "export")
    assert event.extra == {"count": 3, "filters": {"status": "", "query": "老师"}}


def test_the_secondment_export_of_another_county_holds_none_of_this_countys_teachers(
    client, place, secondments
):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150203"))

    response = client.get(reverse("burden:secondments"), {"status": "", "export": "xlsx"})

    assert [row[0] for row in _rows(response)[1:]] == ["赵老师"]


# --- the training plan ------------------------------------------------------------------------------------------

TRAINING_HEADER = ("培训", "组织单位", "层级", "学时", "发布日期", "开始日期", "提前发布天数", "发布不足14天")


@pytest.fixture
def trainings(place):
    centre = DepartmentFactory(name="固阳县教师发展中心")

    def training(school, title, *, tier, days_ahead, hours, day=DAY):
        return _matter(
            school, kind="training", title=title, organizer=centre, day=day, tier=tier, hours=hours,
            published_on=(day - dt.timedelta(days=days_ahead)).isoformat(), starts_on=day.isoformat(),
        )  # fmt: skip

    training(place.school, "名优教师研修", tier="city", days_ahead=30, hours=6)
    training(place.school, "骨干教师培训", tier="county", days_ahead=13, hours=3)
    training(place.school, "秋季校本培训", tier="school", days_ahead=20, hours=2, day=dt.date(2030, 9, 1))
    training(place.other_school, "昆区校本培训", tier="school", days_ahead=20, hours=2)


def test_the_training_export_holds_the_semesters_plan_under_its_header(client, place, trainings):
    client.force_login(place.admin)

    response = client.get(reverse("burden:trainings"), {"day": DAY.isoformat(), "export": "xlsx"})

    assert _rows(response) == [
        TRAINING_HEADER,
        ("名优教师研修", "固阳县教师发展中心", "名优培训（市级）", 6, _at(DAY - dt.timedelta(days=30)), _at(DAY), 30, "否"),
        ("骨干教师培训", "固阳县教师发展中心", "骨干培训（旗县区）", 3, _at(DAY - dt.timedelta(days=13)), _at(DAY), 13, "是"),
    ]  # fmt: skip


def test_the_training_export_follows_the_tier_and_the_search(client, place, trainings):
    client.force_login(place.admin)
    url = reverse("burden:trainings")

    by_tier = client.get(url, {"day": DAY.isoformat(), "tier": "county", "export": "xlsx"})
    by_title = client.get(url, {"day": DAY.isoformat(), "q": "名优", "export": "xlsx"})

    assert [row[0] for row in _rows(by_tier)[1:]] == ["骨干教师培训"]
    assert [row[0] for row in _rows(by_title)[1:]] == ["名优教师研修"]


def test_a_teachers_training_export_says_whether_they_may_attend(client, place, trainings):
    client.force_login(place.teacher_user)  # 张老师: 一级教师, not a backbone teacher

    response = client.get(reverse("burden:trainings"), {"day": DAY.isoformat(), "export": "xlsx"})

    rows = _rows(response)
    assert rows[0] == (*TRAINING_HEADER, "本人可参加")
    assert [(row[0], row[-1]) for row in rows[1:]] == [("名优教师研修", "否"), ("骨干教师培训", "是")]


def test_the_training_export_is_audited_with_its_filters(client, place, trainings):
    client.force_login(place.admin)

    client.get(reverse("burden:trainings"), {"day": DAY.isoformat(), "tier": "city", "export": "xlsx"})

    event = AuditEvent.objects.get(action="matter.export")
    assert (event.actor, event.category) == (place.admin, "export")
    assert event.extra == {"count": 1, "filters": {"semester": "2030-02-01", "tier": "city", "query": ""}}


def test_the_training_export_of_another_school_holds_none_of_this_schools_trainings(client, place, trainings):
    client.force_login(place.other_admin)

    response = client.get(reverse("burden:trainings"), {"day": DAY.isoformat(), "export": "xlsx"})

    assert [row[0] for row in _rows(response)[1:]] == ["昆区校本培训"]


# --- meeting hours ----------------------------------------------------------------------------------------------


@pytest.fixture
def meeting_hours(place):
    for teacher, hours in ((place.zhang, "1.5"), (place.zhang, "2"), (place.li, "1"), (place.stranger, "4")):
        _entry(teacher, place.admin, hours=hours, date=dt.date(2030, 4, 1))
    _entry(place.wang, place.admin, hours="5", date=dt.date(2029, 4, 1))  # another year
    _entry(place.wang, place.admin, hours="5", date=dt.date(2030, 4, 1), category="other")  # not a meeting


def test_the_meeting_hours_export_holds_the_years_teachers_under_its_header(client, place, meeting_hours):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    response = client.get(reverse("burden:meetings"), {"year": 2030, "export": "xlsx"})

    assert _rows(response) == [
        ("教师", "学校", "会议时长（小时）"),
        ("张老师", "固阳县第一小学", 3.5),
        ("李老师", "固阳县第一小学", 1),
    ]


def test_the_meeting_hours_export_follows_the_search(client, place, meeting_hours):
    client.force_login(user_with_role(Role.CITY_EDU))

    response = client.get(reverse("burden:meetings"), {"year": 2030, "q": "昆都仑", "export": "xlsx"})

    assert _rows(response)[1:] == [("赵老师", "昆都仑区第一小学", 4)]


def test_the_meeting_hours_export_is_audited_with_its_filters(client, place, meeting_hours):
    client.force_login(place.admin)

    client.get(reverse("burden:meetings"), {"year": 2030, "q": "李", "export": "xlsx"})

    event = AuditEvent.objects.get(action="ledgerentry.export")
    assert (event.actor, event.category) == (place.admin, "export")
    assert event.extra == {"count": 1, "filters": {"year": 2030, "query": "李"}}


def test_the_meeting_hours_export_of_another_county_holds_none_of_this_countys_teachers(
    client, place, meeting_hours
):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150203"))

    response = client.get(reverse("burden:meetings"), {"year": 2030, "export": "xlsx"})

    assert _rows(response)[1:] == [("赵老师", "昆都仑区第一小学", 4)]


# --- ledger entries ---------------------------------------------------------------------------------------------

ENTRY_HEADER = ("日期", "教师", "学校", "类别", "记录类型", "小时", "事项", "说明")


@pytest.fixture
def entries(place):
    meeting = _matter(place.school, kind="meeting", title="全县教研会", organizer=DepartmentFactory())
    zhang = _entry(place.zhang, place.admin, hours="1.5", date=dt.date(2030, 4, 2), matter=meeting)
    li = _entry(place.li, place.admin, hours="2", date=dt.date(2030, 4, 1), category="other", note="值班")
    stranger = _entry(place.stranger, place.other_admin, hours="3", date=dt.date(2030, 4, 1))
    return zhang, li, stranger


def test_the_entry_export_holds_the_category_filters_rows_under_its_header(client, place, entries):
    client.force_login(place.admin)

    response = client.get(reverse("burden:entries"), {"category": "meetings", "export": "xlsx"})

    assert _rows(response) == [
        ENTRY_HEADER,
        (_at(dt.date(2030, 4, 2)), "张老师", "固阳县第一小学", "会议", "登记", 1.5, "全县教研会", None),
    ]


def test_the_entry_export_follows_the_search(client, place, entries):
    client.force_login(place.admin)

    response = client.get(reverse("burden:entries"), {"q": "值班", "export": "xlsx"})

    assert _rows(response)[1:] == [
        (_at(dt.date(2030, 4, 1)), "李老师", "固阳县第一小学", "其他", "登记", 2, None, "值班"),
    ]


def test_the_entry_export_is_audited_with_its_filters(client, place, entries):
    client.force_login(place.admin)

    client.get(reverse("burden:entries"), {"q": "老师", "export": "xlsx"})

    event = AuditEvent.objects.get(action="ledgerentry.export")
    assert (event.actor, event.category) == (place.admin, "export")
    assert event.extra == {"count": 2, "filters": {"category": "", "query": "老师"}}


def test_the_entry_export_of_another_school_holds_none_of_this_schools_entries(client, place, entries):
    client.force_login(place.other_admin)

    response = client.get(reverse("burden:entries"), {"export": "xlsx"})

    assert [row[1] for row in _rows(response)[1:]] == ["赵老师"]


# --- disputes ---------------------------------------------------------------------------------------------------

DISPUTE_HEADER = ("教师", "学校", "记录日期", "类别", "事项", "记录小时", "本人认为小时", "异议理由", "提出时间", "状态",
                  "处理意见", "更正小时", "处理时间")  # fmt: skip
OPENED = dt.datetime(2030, 4, 3, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def disputes(place, entries):
    zhang, li, stranger = entries
    correction = _entry(place.li, place.admin, hours="-1", date=li.date, category="other", kind="correction",
                        corrects=li)  # fmt: skip
    Dispute.objects.create(entry=zhang, teacher=place.zhang, school=place.school, reason="没有参加",
                           claimed_hours=Decimal("0"), opened_at=OPENED + dt.timedelta(hours=1))  # fmt: skip
    Dispute.objects.create(
        entry=li, teacher=place.li, school=place.school, reason="只值班1小时", claimed_hours=Decimal("1"),
        opened_at=OPENED, status="resolved", resolution="已核实更正", correction=correction,
        resolved_by=place.admin, resolved_at=OPENED + dt.timedelta(days=1),
    )  # fmt: skip
    Dispute.objects.create(
        entry=stranger, teacher=place.stranger, school=place.other_school, reason="时长有误"
    )


def test_the_dispute_export_holds_the_status_filters_rows_under_its_header(client, place, disputes):
    client.force_login(place.admin)

    response = client.get(reverse("burden:disputes"), {"status": "", "export": "xlsx"})

    assert _rows(response) == [
        DISPUTE_HEADER,
        ("张老师", "固阳县第一小学", _at(dt.date(2030, 4, 2)), "会议", "全县教研会", 1.5, 0, "没有参加",
         dt.datetime(2030, 4, 3, 10, 0), "待处理", None, None, None),
        ("李老师", "固阳县第一小学", _at(dt.date(2030, 4, 1)), "其他", None, 2, 1, "只值班1小时",
         dt.datetime(2030, 4, 3, 9, 0), "已处理", "已核实更正", -1, dt.datetime(2030, 4, 4, 9, 0)),
    ]  # fmt: skip


def test_the_dispute_export_of_the_open_ones_follows_the_search(client, place, disputes):
    client.force_login(place.admin)

    open_ones = client.get(reverse("burden:disputes"), {"export": "xlsx"})
    searched = client.get(reverse("burden:disputes"), {"status": "", "q": "值班", "export": "xlsx"})

    assert [row[0] for row in _rows(open_ones)[1:]] == ["张老师"]
    assert [row[0] for row in _rows(searched)[1:]] == ["李老师"]


def test_the_dispute_export_is_audited_with_its_filters(client, place, disputes):
    client.force_login(place.admin)

    client.get(reverse("burden:disputes"), {"status": "resolved", "export": "xlsx"})

    event = AuditEvent.objects.get(action="dispute.export")
    assert (event.actor, event.category) == (place.admin, "export")
    assert event.extra == {"count": 1, "filters": {"status": "resolved", "query": ""}}


def test_the_dispute_export_of_another_school_holds_none_of_this_schools_disputes(client, place, disputes):
    client.force_login(place.other_admin)

    response = client.get(reverse("burden:disputes"), {"status": "", "export": "xlsx"})

    assert [row[0] for row in _rows(response)[1:]] == ["赵老师"]
