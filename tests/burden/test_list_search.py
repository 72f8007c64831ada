"""Search and paging on the burden list pages; the filter links and the export link keep the search."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.burden.models import Dispute, LedgerEntry
from tests.burden.conftest import approved_matter
from tests.factories import TeacherFactory, user_with_role

DAY = dt.date(2030, 3, 10)  # in the spring semester of 2030


def _entry(teacher, recorder, *, category: str = "meetings", note: str = "") -> LedgerEntry:
    return LedgerEntry.objects.create(
        teacher=teacher, school=teacher.school, category=category, hours=Decimal("1"), date=DAY,
        recorded_by=recorder, note=note,
    )  # fmt: skip


def _training(school, title: str):
    matter = approved_matter(school, kind="training", day=DAY, tier="school", hours=2,
                             published_on=DAY.isoformat(), starts_on=DAY.isoformat())  # fmt: skip
    matter.title = title
    matter.save(update_fields=["title"])
    return matter


def test_the_secondment_register_searches_the_teachers_name_and_its_status_links_keep_it(client, place):
    for teacher in (place.zhang, place.li):
        matter = approved_matter(place.school, kind="secondment", day=timezone.localdate())
        matter.teacher, matter.ends_on = teacher, timezone.localdate() + dt.timedelta(days=60)
        matter.save(update_fields=["teacher", "ends_on"])
    client.force_login(place.admin)

    response = client.get(reverse("burden:secondments"), {"q": "李"})

    assert [row.matter.teacher.name for row in response.context["page"].object_list] == ["李老师"]
    assert 'href="?q=%E6%9D%8E&amp;status=overdue"' in response.content.decode()


def test_the_training_plan_searches_the_title_and_its_tier_links_keep_it(client, place):
    _training(place.school, "校本教研培训")
    _training(place.school, "班主任培训")
    client.force_login(place.admin)

    response = client.get(reverse("burden:trainings"), {"day": DAY.isoformat(), "q": "班主任"})

    assert [row.matter.title for row in response.context["page"].object_list] == ["班主任培训"]
    assert (
        'href="?day=2030-02-01&amp;q=%E7%8F%AD%E4%B8%BB%E4%BB%BB&amp;tier=city"' in response.content.decode()
    )


def test_the_training_plan_pages_by_50(client, place):
    for n in range(51):
        _training(place.school, f"培训{n:02d}")
    client.force_login(place.admin)

    second = client.get(reverse("burden:trainings"), {"day": DAY.isoformat(), "page": 2})

    assert (second.context["page"].paginator.count, len(second.context["page"].object_list)) == (51, 1)


def test_the_meeting_hours_search_the_teachers_name(client, place):
    for teacher in (place.zhang, place.li, place.wang):
        _entry(teacher, place.admin)
    client.force_login(place.admin)

    response = client.get(reverse("burden:meetings"), {"year": 2030, "q": "王"})

    assert response.context["page"].object_list == [
        {"teacher_id": place.wang.pk, "teacher__name": "王老师", "school__name": "固阳县第一小学",
         "total": Decimal("1.00")},
    ]  # fmt: skip


def test_the_meeting_hours_page_by_50_teachers(client, place):
    for teacher in TeacherFactory.create_batch(51, school=place.school):
        _entry(teacher, place.admin)
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    first = client.get(reverse("burden:meetings"), {"year": 2030})

    assert (first.context["page"].paginator.count, len(first.context["page"].object_list)) == (51, 50)


def test_the_ledger_entries_search_the_note_and_the_export_link_keeps_it(client, place):
    _entry(place.zhang, place.admin, category="other", note="值班")
    _entry(place.li, place.admin, category="other", note="家访")
    client.force_login(place.admin)

    response = client.get(reverse("burden:entries"), {"q": "家访"})

    assert [e.teacher.name for e in response.context["page"].object_list] == ["李老师"]
    assert 'href="?q=%E5%AE%B6%E8%AE%BF&amp;export=xlsx"' in response.content.decode()


def test_the_disputes_search_the_reason_and_the_status_links_keep_it(client, place):
    for teacher, reason in ((place.zhang, "没有参加"), (place.li, "时长有误")):
        entry = _entry(teacher, place.admin)
        Dispute.objects.create(entry=entry, teacher=teacher, school=place.school, reason=reason)
    client.force_login(place.admin)

    response = client.get(reverse("burden:disputes"), {"q": "时长"})

    assert [d.teacher.name for d in response.context["page"].object_list] == ["李老师"]
    assert 'href="?q=%E6%97%B6%E9%95%BF&amp;status=resolved"' in response.content.decode()
